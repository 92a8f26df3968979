import Testing

@testable import SalonNormalizers

@Suite struct MoneyNormalizerTests {
    private func fen(_ text: String) -> Int64?? {
        try? MoneyNormalizer.parseFen(text).get()
    }

    private func code(_ text: String) -> String? {
        guard case .failure(let issue) = MoneyNormalizer.parseFen(text) else { return nil }
        return issue.code.rawValue
    }

    @Test(arguments: [
        ("¥1,280.00", Int64(128_000)), ("￥1280", 128_000), ("1280元", 128_000), ("1280.5元", 128_050), ("1.28万", 1_280_000),
        ("1.28万元", 1_280_000), ("RMB 100", 10_000), ("CNY100", 10_000), ("１２８０", 128_000), ("￥１，２８０．００", 128_000),
        ("-50", -5_000), ("（50）", -5_000), ("(50.00)", -5_000), ("-¥50", -5_000), ("¥-50", -5_000), ("0", 0), ("0.01", 1),
        (".5", 50), ("1280.000", 128_000), ("人民币1280元整", 128_000), ("2万", 2_000_000), ("1.23456万", 1_234_560), ("1.234567万", 1_234_567),
        (" 1 280 ", 128_000), ("1,280", 128_000), ("12,345,678.90", 1_234_567_890), ("100rmb", 10_000),
    ])
    func amounts(text: String, expected: Int64) {
        #expect(fen(text) == .some(expected), "\(text)")
    }

    @Test func emptyIsNil() {
        #expect(fen("") == .some(nil))
        #expect(fen("  ") == .some(nil))
    }

    @Test(arguments: ["1,280.005", "0.001", "1.2345678万"])
    func fractionsOfAFenAreReported(text: String) {
        #expect(code(text) == "money.precision")
    }

    @Test(arguments: ["abc", "＄100", "$100", "50-", "1.2.3", "--50", "-(50)", "¥", "免费", "1,2a"])
    func unrecognized(text: String) {
        #expect(code(text) == "money.unrecognized", "\(text)")
    }

    @Test func overflow() {
        #expect(code("92233720368547758.08") == "money.overflow")
        #expect(fen("92233720368547758.07") == .some(Int64.max))
        #expect(code("99999999999999999万") == "money.overflow")
    }
}
