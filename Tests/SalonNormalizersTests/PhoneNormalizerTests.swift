import Foundation
import Testing

@testable import SalonNormalizers

@Suite struct PhoneNormalizerTests {
    private func e164s(_ text: String, region: PhoneRegion = .cn) -> [String] {
        PhoneNormalizer.parse(text, defaultRegion: region).phones.map(\.e164)
    }

    private func codes(_ text: String, region: PhoneRegion = .cn) -> [String] {
        PhoneNormalizer.parse(text, defaultRegion: region).issues.map(\.code.rawValue)
    }

    private func single(_ text: String, region: PhoneRegion = .cn) -> NormalizedPhone? {
        let result = PhoneNormalizer.parse(text, defaultRegion: region)
        guard result.phones.count == 1, result.issues.isEmpty else { return nil }
        return result.phones[0]
    }

    @Test(arguments: [
        "13800138000", "138 0013 8000", "138-0013-8000", "138.0013.8000", "(138)0013-8000",
        "１３８００１３８０００", "１３８－００１３－８０００", "138\u{3000}0013\u{3000}8000",
        "+86 138 0013 8000", "+8613800138000", "＋８６１３８００１３８０００", "0086 13800138000", "008613800138000",
        "8613800138000", "86 138 0013 8000", "013800138000", "17951 13800138000", "1795113800138000",
        "179111380013800 0", "1259313800138000", "1790113800138000", "1019313800138000",
        "13800138000.0", "'13800138000", "\t13800138000", "  13800138000  ", "手机：13800138000",
        "+86-138-0013-8000",
    ])
    func mainlandMobileForms(text: String) throws {
        let phone = try #require(single(text), "\(text)")
        #expect(phone.e164 == "+8613800138000")
        #expect(phone.kind == .mobile)
        #expect(phone.region == .cn)
        #expect(phone.numericKey == 8_613_800_138_000)
    }

    @Test func originalKeepsTheTextAsWritten() throws {
        #expect(try #require(single("手机：１３８ ００１３ ８０００。")).original == "１３８ ００１３ ８０００")
        #expect(try #require(single("+86 21 6123 4567")).original == "+86 21 6123 4567")
        #expect(try #require(single("(021)6123-4567")).original == "(021)6123-4567")
    }

    @Test(arguments: [
        ("(021)6123-4567", "+862161234567"), ("021-61234567", "+862161234567"), ("010-12345678", "+861012345678"),
        ("0755 1234 5678", "+8675512345678"), ("+86 21 6123 4567", "+862161234567"), ("０２１－６１２３４５６７", "+862161234567"),
        ("0086 21 61234567", "+862161234567"), ("+86 (0)21 6123 4567", "+862161234567"), ("0571-8765432", "+865718765432"),
        ("2161234567", "+862161234567"), ("02161234567.0", "+862161234567"), ("0335-1234567", "+863351234567"),
    ])
    func landlines(text: String, expected: String) throws {
        let phone = try #require(single(text), "\(text)")
        #expect(phone.e164 == expected)
        #expect(phone.kind == .landline)
        #expect(phone.region == .cn)
    }

    @Test func localNumberWithoutAreaCode() {
        let result = PhoneNormalizer.parse("61234567")
        #expect(result.phones.isEmpty)
        #expect(result.issues.map(\.code.rawValue) == ["phone.no_area_code"])
        #expect(result.issues[0].message.contains("612*4567"))
        #expect(!result.issues[0].message.contains("61234567"))
        #expect(codes("6123-456") == ["phone.no_area_code"])
    }

    @Test(arguments: [("400-820-8820", "+864008208820"), ("800 810 8888", "+868008108888"), ("4008208820", "+864008208820")])
    func tollFree(text: String, expected: String) throws {
        let phone = try #require(single(text))
        #expect(phone.e164 == expected)
        #expect(phone.kind == .tollFree)
        #expect(phone.numericKey == UInt64(expected.dropFirst())!)
    }

    @Test func hongKongMacauTaiwan() throws {
        #expect(e164s("+852 9123 4567") == ["+85291234567"])
        #expect(single("+852 9123 4567")?.kind == .mobile)
        #expect(single("+852 2123 4567")?.kind == .landline)
        #expect(e164s("00852-91234567") == ["+85291234567"])
        #expect(e164s("85291234567") == ["+85291234567"])
        #expect(e164s("9123 4567", region: .hk) == ["+85291234567"])
        #expect(single("9123 4567", region: .hk)?.region == .hk)
        #expect(e164s("6612 3456", region: .mo) == ["+85366123456"])
        #expect(single("2888 1234", region: .mo)?.kind == .landline)
        #expect(e164s("+853 6612 3456") == ["+85366123456"])
        #expect(single("+853 6612 3456")?.region == .mo)
        // The explicit prefix decides, whatever the default region.
        #expect(e164s("+853 6612 3456", region: .hk) == ["+85366123456"])
        #expect(e164s("+86 138 0013 8000", region: .hk) == ["+8613800138000"])
        #expect(e164s("13800138000", region: .hk) == ["+8613800138000"])
        #expect(codes("9123 4567") == ["phone.no_area_code"])
        #expect(codes("4123 4567", region: .hk) == ["phone.invalid_segment"])
        #expect(codes("7123 4567", region: .mo) == ["phone.invalid_segment"])
        // Taiwan.
        #expect(e164s("0912-345-678") == ["+886912345678"])
        #expect(single("0912345678", region: .tw)?.kind == .mobile)
        #expect(e164s("+886 912 345 678") == ["+886912345678"])
        #expect(e164s("+886 2 2345 6789") == ["+886223456789"])
        #expect(single("02-2345-6789", region: .tw)?.kind == .landline)
        #expect(e164s("02-2345-6789", region: .tw) == ["+886223456789"])
        #expect(e164s("04-2345678", region: .tw) == ["+88642345678"])
        #expect(codes("2345 6789", region: .tw) == ["phone.no_area_code"])
        #expect(single("+886 912 345 678")?.numericKey == 886_912_345_678)
    }

    @Test(arguments: [
        ("13800138000/13900139000", ["+8613800138000", "+8613900139000"]),
        ("13800138000；13900139000", ["+8613800138000", "+8613900139000"]),
        ("13800138000,13900139000", ["+8613800138000", "+8613900139000"]),
        ("138 0013 8000 或 139-0013-9000", ["+8613800138000", "+8613900139000"]),
        ("手机13800138000 座机021-61234567", ["+8613800138000", "+862161234567"]),
        ("13800138000 13900139000", ["+8613800138000", "+8613900139000"]),
        ("138 0013 8000 139 0013 9000", ["+8613800138000", "+8613900139000"]),
        ("13800138000/138-0013-8000/+8613800138000", ["+8613800138000"]),
        ("13800138000、021-61234567转8001", ["+8613800138000", "+862161234567"]),
        ("13800138000（本人） 13900139000（老公）", ["+8613800138000", "+8613900139000"]),
        ("13800138000\n13900139000", ["+8613800138000", "+8613900139000"]),
    ])
    func severalNumbersInOneCell(text: String, expected: [String]) {
        let result = PhoneNormalizer.parse(text)
        #expect(result.phones.map(\.e164) == expected)
        #expect(result.issues.isEmpty)
    }

    @Test(arguments: ["1.38001E+10", "1.38E+10", "1.3800138E10", "１.３８E＋１０", "1.38001e+10"])
    func excelScientificNotationLosesDigits(text: String) throws {
        let result = PhoneNormalizer.parse(text)
        #expect(result.phones.isEmpty)
        let issue = try #require(result.issues.first)
        #expect(result.issues.count == 1)
        #expect(issue.code == "phone.excel_scientific")
        #expect(issue.message.contains("re-export the column formatted as text"))
        #expect(issue.text == text)
    }

    @Test func invalidNumbers() throws {
        #expect(codes("1380013800") == ["phone.invalid_length"])
        #expect(codes("138001380001") == ["phone.invalid_length"])
        #expect(codes("12345678901") == ["phone.invalid_segment"])
        #expect(codes("15400138000") == ["phone.invalid_segment"])
        #expect(codes("abc") == ["phone.not_a_number"])
        #expect(codes("见备注") == ["phone.not_a_number"])
        #expect(codes("138****5678") == ["phone.masked"])
        #expect(codes("138xxxx5678") == ["phone.masked"])
        #expect(codes("+1 415 555 0100") == ["phone.unsupported_country"])
        #expect(codes("0999-1234") == ["phone.invalid_length"])
        #expect(codes("0261-2345678") == ["phone.unknown_area_code"])
        let issue = try #require(PhoneNormalizer.parse("1380013800").issues.first)
        #expect(issue.message.contains("138***3800"))
        #expect(issue.text == "1380013800")
    }

    @Test func invalidPartNextToValidNumber() {
        let result = PhoneNormalizer.parse("13800138000/1390013900")
        #expect(result.phones.map(\.e164) == ["+8613800138000"])
        #expect(result.issues.map(\.code.rawValue) == ["phone.invalid_length"])
        #expect(result.issues.first?.text == "1390013900")
        // A short fragment (a shop number) next to a phone is not reported.
        #expect(PhoneNormalizer.parse("13800138000 (2号店)").issues.isEmpty)
        #expect(codes("2号店") == ["phone.invalid_length"])
        #expect(codes("138****5678/13900139000") == ["phone.masked"])
        #expect(e164s("138****5678/13900139000") == ["+8613900139000"])
    }

    @Test(arguments: ["", "   ", "\u{3000}", "\t\n"])
    func emptyCellsYieldNothing(text: String) {
        let result = PhoneNormalizer.parse(text)
        #expect(result.phones.isEmpty)
        #expect(result.issues.isEmpty)
    }

    @Test func corpusExampleNumbers() throws {
        let summary = try CorpusLocation.text("libphonenumber-cn/cn_metadata_summary.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        let types = try #require(json["types"] as? [String: [String: Any]])
        let mobile = try #require(types["mobile"]?["exampleNumber"] as? String)
        #expect(e164s(mobile) == ["+86" + mobile])
        #expect(single(mobile)?.kind == .mobile)
        let fixed = try #require(types["fixedLine"]?["exampleNumber"] as? String)
        #expect(e164s("0" + fixed) == ["+86" + fixed])
        #expect(single("0" + fixed)?.kind == .landline)
        let tollFree = try #require(types["tollFree"]?["exampleNumber"] as? String)
        #expect(single(tollFree)?.kind == .tollFree)
        let sharedCost = try #require(types["sharedCost"]?["exampleNumber"] as? String)
        #expect(single(sharedCost)?.e164 == "+86" + sharedCost)
    }
}
