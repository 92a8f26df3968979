/// Finds the customer behind a masked phone (138****5678) among one store's known phones.
///
/// A match is given only when exactly one known number fits the visible digits; two or more is
/// ambiguous and none is no match, and both return nil, so a receipt is never linked to the
/// wrong customer by a guess.
public struct MaskedPhoneMatcher: Sendable {
    public struct Match: Sendable, Hashable {
        public var e164: String
        /// 0…1: one minus the number of known phones that would share the visible digits by
        /// chance if numbers were spread evenly (store phones ÷ 10^(visible digits − 1), the
        /// leading 1 of a mobile telling nothing). With 3 + 4 visible digits and 1,000 phones: 0.999.
        public var confidence: Double
    }

    /// National 11-digit mobiles of the store, from E.164 (+86…).
    private let nationals: [String]
    /// (prefix3 + suffix4) → nationals, for the common 3+4 mask.
    private let index: [String: [String]]

    public init(knownPhones: [String]) {
        var nationals: [String] = []
        var index: [String: [String]] = [:]
        for phone in Set(knownPhones) {
            let national = phone.hasPrefix("+86") ? String(phone.dropFirst(3)) : phone
            guard national.utf8.count == 11, national.utf8.allSatisfy({ $0 &- 0x30 < 10 }) else { continue }
            nationals.append(national)
            index[String(national.prefix(3)) + String(national.suffix(4)), default: []].append(national)
        }
        self.nationals = nationals.sorted()
        self.index = index
    }

    /// The unique known phone that fits `masked`, or nil (none, or more than one).
    public func match(_ masked: MaskedPhone) -> Match? {
        let candidates: [String]
        if masked.prefix.count == 3, masked.suffix.count == 4 {
            candidates = index[masked.prefix + masked.suffix] ?? []
        } else {
            candidates = nationals.filter { $0.hasPrefix(masked.prefix) && $0.hasSuffix(masked.suffix) }
        }
        guard candidates.count == 1, let national = candidates.first else { return nil }
        let visible = max(masked.prefix.count + masked.suffix.count - 1, 0)
        var chance = Double(nationals.count)
        for _ in 0..<visible { chance /= 10 }
        return Match(e164: "+86" + national, confidence: max(0, 1 - chance))
    }
}
