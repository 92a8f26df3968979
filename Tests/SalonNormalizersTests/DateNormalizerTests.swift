import Testing

@testable import SalonNormalizers

@Suite struct DateNormalizerTests {
    private func iso(_ text: String, excelSerial: Bool = true) -> String? {
        guard case .success(let date?) = DateNormalizer.parse(text, excelSerial: excelSerial) else { return nil }
        return date.iso
    }

    private func code(_ text: String) -> String? {
        guard case .failure(let issue) = DateNormalizer.parse(text) else { return nil }
        return issue.code.rawValue
    }

    @Test(arguments: [
        "1990/3/5", "1990-03-05", "1990.3.5", "19900305", "1990年3月5日", "1990年03月05号", "90.3.5", "90-3-5",
        "1990-03-05 00:00:00", "1990/3/5 0:00", "1990-03-05T00:00:00", "1990-03-05T08:30:00Z", "１９９０／３／５",
        "１９９０年３月５日", "32937", "32937.0", "32937.5", " 1990-3-5 ", "一九九〇年三月五日", "1990 年 3 月 5 日",
    ])
    func gregorianFullDates(text: String) throws {
        let result = DateNormalizer.parse(text)
        let date = try #require(try result.get(), "\(text)")
        #expect(date == PartialDate(year: 1990, month: 3, day: 5))
        #expect(date.iso == "1990-03-05")
        #expect(date.calendar == .gregorian)
    }

    @Test(arguments: ["3月5日", "03-05", "3/5", "3月5号", "三月五日", "03.05", "3.5", "3-5"])
    func monthDayOnly(text: String) throws {
        let date = try #require(try DateNormalizer.parse(text).get(), "\(text)")
        #expect(date.year == nil)
        #expect(date.iso == "--03-05")
    }

    @Test func twoDigitYearsUseThePivot() {
        #expect(iso("29.1.1") == "2029-01-01")
        #expect(iso("30.1.1") == "1930-01-01")
        #expect(iso("05-6-7") == "2005-06-07")
        #expect(iso("99/12/31") == "1999-12-31")
        guard case .success(let date?) = DateNormalizer.parse("29.1.1", pivotYear: 2020) else {
            Issue.record("no date")
            return
        }
        #expect(date.year == 1929)
    }

    @Test func excelSerialsInThe1900System() {
        #expect(iso("1") == "1900-01-01")
        #expect(iso("59") == "1900-02-28")
        #expect(iso("61") == "1900-03-01")
        #expect(iso("36526") == "2000-01-01")
        #expect(iso("45658") == "2025-01-01")
        #expect(code("60") == "date.excel_1900_bug")
        #expect(iso("32937", excelSerial: false) == nil)
        #expect(iso("3") == "1900-01-03")
        #expect(iso("3.5") == "--03-05")
        #expect(iso("12.25") == "--12-25")
        #expect(iso("3", excelSerial: false) == nil)
        #expect(code("1990") == "date.unrecognized")
        #expect(code("99999") == "date.impossible")
    }

    @Test(arguments: [
        ("农历三月初五", "L--03-05", false), ("阴历3月5日", "L--03-05", false), ("农历 3/5", "L--03-05", false),
        ("阴历 1990年三月初五", "L1990-03-05", false), ("农历闰四月十二", "L--04-12", true), ("旧历腊月廿三", "L--12-23", false),
        ("3月5日(农历)", "L--03-05", false), ("(阴历)3.5", "L--03-05", false), ("农历正月十五", "L--01-15", false),
        ("农历冬月初一", "L--11-01", false), ("农历十二月三十", "L--12-30", false), ("农历十月初十", "L--10-10", false),
        ("（农历）八月二十", "L--08-20", false), ("农历二〇〇一年五月廿九", "L2001-05-29", false), ("农历十一月十一", "L--11-11", false),
    ])
    func lunarDates(text: String, expected: String, leap: Bool) throws {
        let date = try #require(try DateNormalizer.parse(text).get(), "\(text)")
        #expect(date.iso == expected)
        #expect(date.calendar == .lunar)
        #expect(date.isLeapMonth == leap)
    }

    @Test(arguments: ["1990-02-30", "13/45", "1899-12-31", "2101-01-01", "1990-13-01", "2023-02-29", "4月31日", "农历三月三十一"])
    func impossibleDates(text: String) {
        #expect(code(text) == "date.impossible", "\(text)")
    }

    @Test func leapDaysFollowGregorianRules() {
        #expect(iso("2000-02-29") == "2000-02-29")
        #expect(iso("2024-02-29") == "2024-02-29")
        #expect(code("1900-02-29") == "date.impossible")
        #expect(iso("2月29日") == "--02-29")
    }

    @Test(arguments: ["abc", "生日", "5/3/1990", "1990年3月", "1990-3-5-6", "闰3月5日", "0"])
    func unrecognized(text: String) {
        #expect(code(text) == "date.unrecognized", "\(text)")
    }

    @Test func emptyIsNoDate() throws {
        #expect(try DateNormalizer.parse("").get() == nil)
        #expect(try DateNormalizer.parse(" \u{3000} ").get() == nil)
    }
}
