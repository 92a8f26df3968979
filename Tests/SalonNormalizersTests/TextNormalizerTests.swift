import Testing

@testable import SalonNormalizers

@Suite struct TextNormalizerTests {
    @Test func foldWidth() {
        #expect(TextNormalizer.foldWidth("ＡＢＣ１２３") == "ABC123")
        #expect(TextNormalizer.foldWidth("王\u{3000}小红（ＶＩＰ）") == "王 小红(VIP)")
        #expect(TextNormalizer.foldWidth("１３８－００１３－８０００") == "138-0013-8000")
        #expect(TextNormalizer.foldWidth("～！＠＃") == "~!@#")
        #expect(TextNormalizer.foldWidth("plain 王小红") == "plain 王小红")
        #expect(TextNormalizer.foldWidth("") == "")
        // Not ASCII forms: the yuan sign and CJK punctuation stay.
        #expect(TextNormalizer.foldWidth("￥，。") == "￥,。")
    }

    @Test func collapseWhitespace() {
        #expect(TextNormalizer.collapseWhitespace("  王  小红 \t") == "王 小红")
        #expect(TextNormalizer.collapseWhitespace("a\u{3000}\u{3000}b\n\nc") == "a b c")
        #expect(TextNormalizer.collapseWhitespace("a\u{00A0}b") == "a b")
        #expect(TextNormalizer.collapseWhitespace("already clean") == "already clean")
        #expect(TextNormalizer.collapseWhitespace(" ") == "")
        #expect(TextNormalizer.clean("　ＶＩＰ　会员　") == "VIP 会员")
    }
}

@Suite struct MemberLevelNormalizerTests {
    @Test(arguments: [
        ("普卡", "普通"), ("普通会员", "普通"), ("普通", "普通"), ("银卡", "银卡"), ("银卡会员", "银卡"), (" 金卡 ", "金卡"),
        ("金卡会员", "金卡"), ("黄金", "金卡"), ("钻石", "钻石"), ("钻卡", "钻石"), ("钻石卡", "钻石"), ("VIP", "VIP"),
        ("ｖｉｐ", "VIP"), ("金卡 会员", "金卡"), ("至尊卡", "至尊卡"), ("  年卡 ", "年卡"),
    ])
    func levels(text: String, expected: String) {
        #expect(MemberLevelNormalizer.normalize(text) == expected)
    }

    @Test func emptyIsNil() {
        #expect(MemberLevelNormalizer.normalize("") == nil)
        #expect(MemberLevelNormalizer.normalize(" \u{3000}") == nil)
    }
}
