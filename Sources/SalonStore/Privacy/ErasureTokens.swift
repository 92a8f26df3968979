/// What identifies one customer in free text, for finding and removing them anywhere the tool
/// wrote: their phones in any common spelling (13800138001, 138 0013 8001, 138-0013-8001,
/// +86 138 0013 8001, 8613800138001, full-width digits) and their names.
public struct ErasureTokens: Sendable, Equatable {
    /// National significant numbers as digit strings (13800138001 for +8613800138001).
    public private(set) var nationalNumbers: [String] = []
    /// Names as written; single characters are left out (a surname alone is no identifier, and
    /// removing every 王 would damage everyone else's data).
    public private(set) var names: [String] = []

    /// What replaces a removed phone or name in text that is kept.
    public static let placeholder = "[已删除]"

    public init() {}

    /// Adds a phone, given in E.164 (+8613800138001) or as digits.
    public mutating func addPhone(_ phone: String) {
        var digits = String(phone.unicodeScalars.filter { ("0"..."9").contains($0) })
        for code in ["86", "852", "853", "886"] where phone.hasPrefix("+" + code) {
            digits = String(digits.dropFirst(code.count))
        }
        if digits.count >= 7, !nationalNumbers.contains(digits) { nationalNumbers.append(digits) }
    }

    public mutating func addName(_ name: String?) {
        guard let name, name.count >= 2, !names.contains(name) else { return }
        names.append(name)
    }

    public var isEmpty: Bool { nationalNumbers.isEmpty && names.isEmpty }

    /// Substrings a SQL `LIKE` can pre-filter rows with: each number's last four digits and each
    /// name. Every mention `redact` finds contains one of them.
    public var likePatterns: [String] {
        nationalNumbers.map { "%" + String($0.suffix(4)) + "%" } + names.map { "%" + $0 + "%" }
    }

    /// The text with every mention replaced by `placeholder`, or nil when there is none.
    public func redact(_ text: String) -> String? {
        var scalars = Array(text.unicodeScalars)
        var changed = false
        if !nationalNumbers.isEmpty, redactPhones(&scalars) { changed = true }
        var result = changed ? String(String.UnicodeScalarView(scalars)) : text
        for name in names where result.contains(name) {
            result = result.replacingAll(name, with: Self.placeholder)
            changed = true
        }
        return changed ? result : nil
    }

    /// Whether the text mentions the customer.
    public func matches(_ text: String) -> Bool { redact(text) != nil }

    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        if ("0"..."9").contains(scalar) { return UInt8(scalar.value - 48) }
        if ("\u{FF10}"..."\u{FF19}").contains(scalar) { return UInt8(scalar.value - 0xFF10) }
        return nil
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "-" || scalar == "." || scalar == "\u{3000}" || scalar == "\u{FF0D}" || scalar == "\u{00A0}"
    }

    /// Finds runs of digits (single separators allowed between them) whose digits contain one of
    /// the numbers, and replaces the whole run, with a leading + if there is one.
    private func redactPhones(_ scalars: inout [Unicode.Scalar]) -> Bool {
        var changed = false
        var index = 0
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        while index < scalars.count {
            guard Self.digitValue(scalars[index]) != nil else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var digits = ""
            var cursor = index
            while cursor < scalars.count {
                if let value = Self.digitValue(scalars[cursor]) {
                    digits.unicodeScalars.append(Unicode.Scalar(value + 48))
                    cursor += 1
                } else if Self.isSeparator(scalars[cursor]), cursor + 1 < scalars.count, Self.digitValue(scalars[cursor + 1]) != nil {
                    cursor += 1
                } else {
                    break
                }
            }
            if nationalNumbers.contains(where: { digits.contains($0) }) {
                if output.last == "+" || output.last == "\u{FF0B}" { output.removeLast() }
                output.append(contentsOf: Self.placeholder.unicodeScalars)
                changed = true
            } else {
                output.append(contentsOf: scalars[index..<cursor])
            }
            index = cursor
        }
        if changed { scalars = output }
        return changed
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
