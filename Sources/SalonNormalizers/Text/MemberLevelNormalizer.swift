/// Folds the many names stores give the same membership tier onto one, so reports and tier rules
/// see 金卡 whether a store wrote 金卡会员, 黄金 or 金卡. Unknown tiers are kept as written (trimmed):
/// a chain's own tier names are data, not errors.
public enum MemberLevelNormalizer {
    private static let synonyms: [String: String] = [
        "普卡": "普通", "普通会员": "普通", "普通": "普通", "普通卡": "普通", "普通会员卡": "普通",
        "银卡": "银卡", "银卡会员": "银卡", "白银": "银卡", "白银会员": "银卡", "银牌": "银卡",
        "金卡": "金卡", "金卡会员": "金卡", "黄金": "金卡", "黄金会员": "金卡", "金牌": "金卡", "黄金卡": "金卡",
        "钻石": "钻石", "钻卡": "钻石", "钻石卡": "钻石", "钻石会员": "钻石",
        "vip": "VIP",
    ]

    /// The canonical tier, the trimmed text for an unknown tier, or nil for an empty cell.
    public static func normalize(_ text: String) -> String? {
        let cleaned = TextNormalizer.clean(text)
        guard !cleaned.isEmpty else { return nil }
        return synonyms[cleaned.lowercased()] ?? synonyms[cleaned.lowercased().filter { $0 != " " }] ?? cleaned
    }
}
