import Testing
@testable import SalonNormalizers

@Suite struct KeyingChecksTests {
    @Test func lettersForDigitsInAPhoneAreProposedNotApplied() throws {
        let o = try #require(PhoneKeyingCheck.check("138OO138000"))
        #expect(o.code == "phone.suspected_keying_error")
        #expect(o.proposal == "13800138000")
        #expect(o.why == "keyed with \"O\" for 0")
        let mixed = try #require(PhoneKeyingCheck.check("l38 0o13 800I"))
        #expect(mixed.proposal == "13800138001")
        #expect(mixed.why == "keyed with \"l\" for 1, \"o\" for 0, \"I\" for 1")
        // Full-width letters from an input method in full-width mode, and a bar for 1.
        #expect(PhoneKeyingCheck.check("１３８ＯＯ１３８００|")?.proposal == "13800138001")
        // Read as digits it is still no number: suspected, nothing proposed.
        let bad = try #require(PhoneKeyingCheck.check("123OO12"))
        #expect(bad.proposal == nil)
    }

    @Test func aPhoneWithoutSlipsPassesToThePhoneNormalizer() {
        #expect(PhoneKeyingCheck.check("13800138000") == nil)
        #expect(PhoneKeyingCheck.check("１３８００１３８０００") == nil)
        #expect(PhoneKeyingCheck.check("138-0013-8000") == nil)
        #expect(PhoneKeyingCheck.check("0571-87654321") == nil)
        #expect(PhoneKeyingCheck.check("Tel 13800138000") == nil)
    }

    @Test func aMissingOrExtraDigitIsFlagged() throws {
        let missing = try #require(PhoneKeyingCheck.check("1380013800"))
        #expect(missing.code == "phone.digit_missing")
        #expect(missing.proposal == nil)
        // One doubled key: deleting it leaves exactly one valid mobile.
        let doubled = try #require(PhoneKeyingCheck.check("139057112308"))
        #expect(doubled.code == "phone.digit_extra")
        #expect(doubled.proposal == "13905712308")
        // Two doubled runs give two readings: nothing proposed.
        let twoReadings = try #require(PhoneKeyingCheck.check("139057100088"))
        #expect(twoReadings.proposal == nil)
        // Letters and a missing digit at once.
        let both = try #require(PhoneKeyingCheck.check("138OO13800"))
        #expect(both.code == "phone.digit_missing")
        #expect(both.why.hasSuffix("also keyed with \"O\" for 0"))
    }

    @Test func partialDatesAreFlaggedWithTheKnownPart() throws {
        let yearMonth = try #require(DateKeyingCheck.check("1990年3月", isBirthday: true))
        #expect(yearMonth.code == "date.partial")
        #expect(yearMonth.proposal == "1990-03")
        #expect(!yearMonth.keepsValue)
        #expect(DateKeyingCheck.check("90.3", isBirthday: true)?.proposal == "1990-03")
        #expect(DateKeyingCheck.check("05.11", isBirthday: false) == nil)
        // A birthday without a year loads as keyed (--03-05); the item asks for the year.
        let noYear = try #require(DateKeyingCheck.check("3月5日", isBirthday: true))
        #expect(noYear.code == "date.year_missing")
        #expect(noYear.keepsValue)
        #expect(noYear.proposal == nil)
        #expect(DateKeyingCheck.check("3月5日", isBirthday: false) == nil)
    }

    @Test func swappedDayAndMonthAreProposedOnlyWhenOneReadingIsADate() throws {
        #expect(DateKeyingCheck.check("1994/25/6", isBirthday: true)?.proposal == "1994-06-25")
        #expect(DateKeyingCheck.check("19942506", isBirthday: true)?.proposal == "1994-06-25")
        #expect(DateKeyingCheck.check("25/6/1994", isBirthday: true)?.proposal == "1994-06-25")
        let monthFirst = try #require(DateKeyingCheck.check("5/25/2020", isBirthday: false))
        #expect(monthFirst.code == "date.swapped_day_month")
        #expect(monthFirst.proposal == "2020-05-25")
        // Ambiguous (both under 13), impossible either way, or simply right: no finding.
        #expect(DateKeyingCheck.check("5/6/1994", isBirthday: true) == nil)
        #expect(DateKeyingCheck.check("1994/31/2", isBirthday: true) == nil)
        #expect(DateKeyingCheck.check("1994/6/25", isBirthday: true) == nil)
        #expect(DateKeyingCheck.check("农历三月初五", isBirthday: true) == nil)
    }

    @Test func cardNumbersWithLettersAmongTheirDigitsAreFlagged() throws {
        let card = try #require(CardNumberKeyingCheck.check("HZ06-OO13"))
        #expect(card.code == "card.suspected_keying_error")
        #expect(card.proposal == "HZ06-0013")
        #expect(CardNumberKeyingCheck.check("8I2O")?.proposal == "8120")
        // Letters of a prefix or a word are not digits.
        #expect(CardNumberKeyingCheck.check("VIP0012") == nil)
        #expect(CardNumberKeyingCheck.check("No0012") == nil)
        #expect(CardNumberKeyingCheck.check("HZ06-0013") == nil)
    }

    @Test func keyedPhonesAreMaskedEvenWithLettersInThem() {
        #expect(KeyedTextMask.text("l38OO138011") == "l38****8011")
        #expect(KeyedTextMask.text("电话 I39O5710010 王") == "电话 I39****0010 王")
        #expect(KeyedTextMask.text("Hello World") == "Hello World")
        #expect(KeyedTextMask.text("13800138000") == "138****8000")
    }

    // MARK: - Never silently corrected

    let schema = RecordSchema(columns: ["纸卡编号", "姓名", "手机", "生日", "生日历法", "会员卡号", "储值余额", "开卡日期", "录入人"])

    func makeNormalizer() -> CustomerRecordNormalizer {
        var normalizer = CustomerRecordNormalizer(storeCode: "HZ06", phoneRegion: .cn)
        normalizer.keyingScreen = KeyingScreen(calendarColumns: ["生日历法"], paperCardColumns: ["纸卡编号"], enteredByColumns: ["录入人"])
        return normalizer
    }

    func normalize(_ values: [String]) throws -> CustomerRecordNormalizer.Output {
        let binding = try CustomerColumnBinding.bind(
            mapping: [.name: ["姓名"], .phone: ["手机"], .birthday: ["生日"], .cardNumber: ["会员卡号"], .balance: ["储值余额"], .joinDate: ["开卡日期"]],
            schema: schema).get()
        let record = Record(
            schema: schema, values: values, provenance: Provenance(sourceID: "paper", file: "纸卡.csv", line: 4, recordIndex: 3),
            originalText: values.joined(separator: ","))
        return makeNormalizer().normalize(record, binding: binding)
    }

    @Test func aSuspectPhoneLoadsTheCustomerWithoutItAndQueuesTheProposal() throws {
        let output = try normalize(["P0002", "郑雪", "l38OO138011", "1996/9/9", "", "HZ06-OO13", "300", "2021/5/2", "小李"])
        let candidate = try #require(output.candidate)
        #expect(candidate.name == "郑雪")
        #expect(candidate.phones.isEmpty)
        #expect(candidate.birthday == "1996-09-09")
        #expect(candidate.card == CustomerCandidate.Card(cardNumber: nil, balanceFen: 30_000))
        #expect(output.rejects.map(\.code) == ["phone.suspected_keying_error", "card.suspected_keying_error"])
        let phoneReject = output.rejects[0]
        #expect(!phoneReject.wholeRecord)
        #expect(phoneReject.column == "手机")
        #expect(phoneReject.originalText == "l38OO138011")
        #expect(phoneReject.message.contains("proposed 138****8011"))
        #expect(!phoneReject.message.contains("13800138011"))
        let items = output.keyingReviews
        #expect(items.map(\.field) == [.phone, .cardNumber])
        #expect(items[0].keyedText == "l38OO138011")
        #expect(items[0].finding.proposal == "13800138011")
        #expect(items[0].paperCard == "P0002")
        #expect(items[0].enteredBy == "小李")
    }

    @Test func theCalendarColumnMakesABirthdayLunarAndAYearlessBirthdayStillLoads() throws {
        let lunar = try normalize(["P0005", "沈美华", "13905710005", "3月5日", "农历", "", "", "", ""])
        #expect(lunar.candidate?.birthday == "--03-05")
        #expect(lunar.candidate?.birthdayCalendar == "lunar")
        #expect(lunar.keyingReviews.isEmpty)
        let yearless = try normalize(["P0011", "周晓梅", "13905710011", "3月5日", "", "", "", "", ""])
        #expect(yearless.candidate?.birthday == "--03-05")
        #expect(yearless.candidate?.birthdayCalendar == "gregorian")
        #expect(yearless.rejects.isEmpty)
        #expect(yearless.keyingReviews.map(\.finding.code) == ["date.year_missing"])
    }

    @Test func withoutTheScreenOtherSourcesBehaveAsBefore() throws {
        let binding = try CustomerColumnBinding.bind(mapping: [.name: ["姓名"], .phone: ["手机"]], schema: schema).get()
        let record = Record(
            schema: schema, values: ["", "郑雪", "1380013801", "", "", "", "", "", ""],
            provenance: Provenance(sourceID: "x", file: "x.csv", line: 2, recordIndex: 1), originalText: "")
        let output = CustomerRecordNormalizer(storeCode: "SH01", phoneRegion: .cn).normalize(record, binding: binding)
        #expect(output.rejects.map(\.code) == ["phone.invalid_length"])
        #expect(output.keyingReviews.isEmpty)
    }
}
