import Testing
@testable import SalonNormalizers

@Suite struct CustomerRecordNormalizerTests {
    let schema = RecordSchema(columns: ["姓名", "手机", "生日", "余额", "备注", "备注2"])
    let mapping: [CustomerField: [String]] = [
        .name: ["客户姓名", "姓名"], .phone: ["手机"], .birthday: ["生日"], .balance: ["余额"], .notes: ["备注", "备注2", "说明"],
    ]

    func makeRecord(_ values: [String], line: Int = 2) -> Record {
        Record(
            schema: schema, values: values,
            provenance: Provenance(sourceID: "s", file: "a.csv", line: line, recordIndex: line - 1),
            originalText: values.joined(separator: ","))
    }

    func makeBinding() throws -> CustomerColumnBinding {
        try CustomerColumnBinding.bind(mapping: mapping, schema: schema).get()
    }

    @Test func bindsTheFirstPresentCandidateAndEveryNoteColumn() throws {
        let binding = try makeBinding()
        #expect(binding.single[.name] == 0)
        #expect(binding.notes.map(\.column) == ["备注", "备注2"])
    }

    @Test func aMissingColumnNamesTheFieldAndTheHeadersThereAre() {
        let result = CustomerColumnBinding.bind(mapping: [.name: ["客户名"], .phone: ["手机"]], schema: schema)
        guard case .failure(let missing) = result else {
            Issue.record("expected missing columns")
            return
        }
        #expect(missing.message == "no column for name (looked for 客户名); the file has: 姓名, 手机, 生日, 余额, 备注, 备注2")
    }

    @Test func badFieldsAreRejectedAloneAndTheCustomerStillLoads() throws {
        let normalizer = CustomerRecordNormalizer(storeCode: "SH01", phoneRegion: .cn)
        let output = normalizer.normalize(makeRecord(["王女士", "1.38001E+10", "1990-02-30", "¥1,280.00", "喜欢短发", ""]), binding: try makeBinding())
        let candidate = try #require(output.candidate)
        #expect(candidate.surname == "王")
        #expect(candidate.formOfAddress == "女士")
        #expect(candidate.gender == "female")
        #expect(candidate.phones.isEmpty)
        #expect(candidate.card?.balanceFen == 128_000)
        #expect(candidate.notes.map(\.text) == ["喜欢短发"])
        #expect(output.rejects.map(\.code.rawValue) == ["phone.excel_scientific", "date.impossible"])
        #expect(output.rejects.map(\.column) == ["手机", "生日"])
        #expect(output.rejects.allSatisfy { !$0.wholeRecord && $0.provenance.line == 2 })
    }

    @Test func aRecordWithNoNameAndNoPhoneIsRejectedWhole() throws {
        let normalizer = CustomerRecordNormalizer(storeCode: "SH01", phoneRegion: .cn)
        let output = normalizer.normalize(makeRecord(["-", "12345", "", "", "只留了备注", ""], line: 9), binding: try makeBinding())
        #expect(output.candidate == nil)
        let whole = try #require(output.rejects.last)
        #expect(whole.code == "customer.no_identity")
        #expect(whole.wholeRecord)
        #expect(whole.originalText == "-,12345,,,只留了备注,")
        #expect(whole.message.contains("phone.invalid_length"))
    }

    @Test func traditionalAndSimplifiedNamesMatchButAreStoredAsWritten() throws {
        let normalizer = CustomerRecordNormalizer(storeCode: "HK01", phoneRegion: .hk)
        let traditional = try #require(normalizer.normalize(makeRecord(["陳大文", "6123 4567", "", "", "", ""]), binding: try makeBinding()).candidate)
        let simplified = try #require(normalizer.normalize(makeRecord(["陈大文", "6123 4567", "", "", "", ""]), binding: try makeBinding()).candidate)
        #expect(traditional.name == "陳大文")
        #expect(traditional.surname == "陳")
        #expect(traditional.givenName == "大文")
        #expect(traditional.matchSurname == "陈")
        #expect(traditional.matchGivenName == simplified.givenName)
        var index = IdentityIndex()
        index.register(traditional, stagingID: 1)
        #expect(index.decide(for: simplified) == .merge(into: 1, matchedOn: "phone"))
    }

    @Test func aHongKongSourceReadsLocalNumbersAsHongKong() throws {
        let normalizer = CustomerRecordNormalizer(storeCode: "HK01", phoneRegion: .hk)
        let output = normalizer.normalize(makeRecord(["陳大文", "6123 4567", "", "", "", ""]), binding: try makeBinding())
        #expect(output.candidate?.phones.map(\.e164) == ["+85261234567"])
    }
}
