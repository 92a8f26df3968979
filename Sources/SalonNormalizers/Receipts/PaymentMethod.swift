/// How a receipt line was paid, as the CRM records it.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case cash, wechat, alipay, card
    /// Paid from a member card's stored balance (储值, 会员卡, 余额).
    case storedValue = "stored_value"
    /// Anything else (团购, 美团, vouchers, mixed payments): kept as `other`, the text stays in
    /// the record.
    case other

    /// Chinese and English names cashiers use, checked in order (储值卡 must be stored value, not
    /// a bank card, so stored-value words come first).
    private static let synonyms: [(String, PaymentMethod)] = [
        ("储值", .storedValue), ("会员卡", .storedValue), ("余额", .storedValue), ("卡扣", .storedValue), ("划卡", .storedValue),
        ("微信", .wechat), ("wechat", .wechat), ("wx", .wechat),
        ("支付宝", .alipay), ("alipay", .alipay),
        ("现金", .cash), ("cash", .cash),
        ("银行卡", .card), ("刷卡", .card), ("信用卡", .card), ("储蓄卡", .card), ("借记卡", .card), ("银联", .card), ("pos", .card),
    ]

    /// Cells that are exactly a synonym (the usual case) are found without substring scans.
    private static let exactSynonyms = Dictionary(synonyms, uniquingKeysWith: { first, _ in first })

    /// The method a payment cell names; nil for an empty cell.
    public static func parse(_ text: String) -> PaymentMethod? {
        let folded = TextNormalizer.clean(text).lowercased()
        guard !folded.isEmpty else { return nil }
        if let exact = exactSynonyms[folded] { return exact }
        return synonyms.first { folded.contains($0.0) }?.1 ?? .other
    }
}
