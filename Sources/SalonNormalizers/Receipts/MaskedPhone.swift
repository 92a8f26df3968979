/// A phone number a POS printed with its middle hidden, e.g. 138****5678: the visible head and
/// tail are enough to find the customer among a store's known phones (`MaskedPhoneMatcher`).
public struct MaskedPhone: Sendable, Hashable, Codable {
    /// Visible leading digits ("138").
    public var prefix: String
    /// Visible trailing digits ("5678").
    public var suffix: String

    public init(prefix: String, suffix: String) {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Reads `138****5678` (also with `×`, `x` or full-width `＊` as the mask); nil when the text
    /// is not digits, a run of at least two mask characters, then digits.
    public init?(_ text: String) {
        // Most cells are plain numbers: without a byte that can start a mask character (`*`, `x`,
        // `X`, `×` is C3 97, `＊` is EF BC 8A) the text cannot be a masked phone.
        guard text.utf8.contains(where: { $0 == 0x2A || $0 == 0x78 || $0 == 0x58 || $0 == 0xC3 || $0 == 0xEF }) else { return nil }
        let folded = TextNormalizer.foldWidth(text).unicodeScalars.filter { $0 != " " && $0 != "-" }
        var head = "", tail = ""
        var masks = 0
        for scalar in folded {
            if ("0"..."9").contains(scalar) {
                if masks == 0 { head.unicodeScalars.append(scalar) } else { tail.unicodeScalars.append(scalar) }
            } else if scalar == "*" || scalar == "×" || scalar == "x" || scalar == "X", tail.isEmpty {
                masks += 1
            } else {
                return nil
            }
        }
        guard masks >= 2, !tail.isEmpty, head.count + tail.count < 11 else { return nil }
        prefix = head
        suffix = tail
    }

    /// `138****5678`, with as many stars as an 11-digit mobile hides.
    public var text: String {
        prefix + String(repeating: "*", count: max(11 - prefix.count - suffix.count, 1)) + suffix
    }
}
