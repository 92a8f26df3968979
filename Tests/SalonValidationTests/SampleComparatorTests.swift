import Testing
@testable import SalonValidation

@Suite struct SampleComparatorTests {
    @Test func theSimplePathReadsTheFormsStaffType() {
        #expect(SimpleFieldParser.phones("+86 139-0013-9003") == [.mobile("13900139003")])
        #expect(SimpleFieldParser.phones("13800138006/13900139006") == [.mobile("13800138006"), .mobile("13900139006")])
        #expect(SimpleFieldParser.phones("１３８００１３８０００") == [.mobile("13800138000")])
        #expect(SimpleFieldParser.phones("13800138004.0") == [.mobile("13800138004")])
        #expect(SimpleFieldParser.phones("0086 13900139020") == [.mobile("13900139020")])
        #expect(SimpleFieldParser.phones("021-62345678") == [.other("02162345678")])
        #expect(SimpleFieldParser.phones("1.38001E+10") == [.undecided("1.38001E+10")])
        #expect(SimpleFieldParser.date("1990/3/5") == .value("1990-03-05"))
        #expect(SimpleFieldParser.date("19920708") == .value("1992-07-08"))
        #expect(SimpleFieldParser.date("1988年6月1日") == .value("1988-06-01"))
        #expect(SimpleFieldParser.date("3月8日") == .value("--03-08"))
        #expect(SimpleFieldParser.date("1990-06-15T00:00:00.000") == .value("1990-06-15"))
        #expect(SimpleFieldParser.date("1993-04-31") == .invalid)
        #expect(SimpleFieldParser.date("农历三月初五") == .undecided("lunar"))
        #expect(SimpleFieldParser.money("¥1,280.00") == .value(128_000))
        #expect(SimpleFieldParser.money("500元") == .value(50_000))
        #expect(SimpleFieldParser.money("０") == .value(0))
        #expect(SimpleFieldParser.money("1.28万") == .value(1_280_000))
        #expect(SimpleFieldParser.money("abc元") == .undecided("amount form"))
        #expect(SimpleFieldParser.name("  张丽　女士 ") == "张丽 女士")
        #expect(SimpleFieldParser.gender("女") == .value("female"))
    }

    func makeRecord(phone: String = "138 0013 8000", staged: (inout SampleRecord.StagedValues) -> Void = { _ in }) -> SampleRecord {
        let cells = SampleRecord.SourceCells(
            cells: [.name: ("姓名", "王小红"), .phone: ("手机", phone), .gender: ("性别", "女"), .birthday: ("生日", "1990/3/5"),
                    .balance: ("储值余额", "¥1,280.00")],
            notes: [("备注", "对染发剂过敏")])
        var values = SampleRecord.StagedValues()
        values.nameOriginal = "王小红"
        values.gender = "female"
        values.birthday = "1990-03-05"
        values.phones = ["+8613800138000"]
        values.notes = [("备注", "对染发剂过敏")]
        values.card = (nil, 128_000)
        staged(&values)
        return SampleRecord(
            key: SampleKey(sourceID: "sh01", store: "SH01", file: "客户.csv", recordKey: "line 3"), line: 3,
            customerKey: "tel:+8613800138000", merged: false, source: cells, staged: values)
    }

    @Test func aFaithfulRecordMatchesEveryField() {
        let result = SampleComparator.compare(makeRecord())
        #expect(result.fields.map(\.field) == ["name", "phone", "gender", "birthday", "card", "notes"])
        #expect(result.fields.allSatisfy { $0.status == .match })
    }

    @Test func aMobileLookingPhoneTheNormalizerRejectedIsLeftUndecided() {
        // 179 is not a mobile segment: the normalizer rejected the phone field with its reason.
        let unexplained = SampleComparator.compare(makeRecord(phone: "17985671192") { $0.phones = [] })
        #expect(unexplained.fields.first { $0.field == "phone" }?.status == .mismatch)
        let rejected = SampleComparator.compare(makeRecord(phone: "17985671192") {
            $0.phones = []
            $0.rejectedColumns = ["手机"]
        })
        #expect(rejected.fields.first { $0.field == "phone" }?.status == .notChecked)
    }

    @Test func aStagedValueThatDiffersIsAMismatchShowingBothSidesMasked() {
        let result = SampleComparator.compare(makeRecord { $0.phones = ["+8613900139000"] })
        let phone = result.fields.first { $0.field == "phone" }!
        #expect(phone.status == .mismatch)
        #expect(phone.source == "138 **** 8000")
        #expect(phone.staged == "+86139****9000")
        let check = SampleRecheckResult(spec: SampleSpec(), records: [result]).gateCheck
        #expect(!check.passed)
        #expect(check.detail.contains("1 mismatched"))
        #expect(check.detail.contains("source '138 **** 8000' vs staged '+86139****9000'"))

        let balance = SampleComparator.compare(makeRecord { $0.card = (nil, 12_800) }).fields.first { $0.field == "card" }!
        #expect(balance.status == .mismatch)
        #expect(balance.staged == "balance 128.00")
        let notes = SampleComparator.compare(makeRecord { $0.notes = [("备注", "对染发剂过敏 ")] }).fields.first { $0.field == "notes" }!
        #expect(notes.status == .mismatch)
    }

    @Test func aValueALaterRecordSuppliesIsNotCheckedNeverPassed() {
        let superseded = SampleComparator.compare(makeRecord {
            $0.birthday = "1990-03-06"
            $0.laterContributor = true
            $0.otherContributors = true
        })
        let birthday = superseded.fields.first { $0.field == "birthday" }!
        #expect(birthday.status == .notChecked)
        #expect(superseded.notChecked == 1)
        let alone = SampleComparator.compare(makeRecord { $0.birthday = "1990-03-06" })
        #expect(alone.fields.first { $0.field == "birthday" }?.status == .mismatch)
    }

    @Test func aMissingRecordIsAMismatch() {
        var record = makeRecord()
        record.source = nil
        #expect(SampleComparator.compare(record).hasMismatch)
    }
}
