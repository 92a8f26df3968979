import SalonCore

/// Reads amounts as POS exports and spreadsheets write them ("¥1,280.00", "1.28万元", "RMB 100",
/// "（50）") into integer fen. The decimal text is parsed exactly, never through `Double`, and an
/// amount with fractions of a fen is reported instead of rounded: a rounding rule applied silently
/// would make control totals disagree with the old system.
public enum MoneyNormalizer {
    public static let unrecognizedCode: ReasonCode = "money.unrecognized"
    public static let precisionCode: ReasonCode = "money.precision"
    public static let overflowCode: ReasonCode = "money.overflow"

    /// The amount in fen, nil for an empty cell, or the issue.
    public static func parseFen(_ text: String) -> Result<Int64?, FieldIssue> {
        var bytes = WidthFolding.foldedBytes(text)
        bytes.removeAll { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard !bytes.isEmpty else { return .success(nil) }

        var negative = false
        if bytes.first == 0x28, bytes.last == 0x29 {  // (50): accounting negative
            negative = true
            bytes.removeFirst()
            bytes.removeLast()
        }
        stripAffixes(&bytes)
        if bytes.first == 0x2D {
            if negative { return .failure(unrecognized(text)) }
            negative = true
            bytes.removeFirst()
            stripAffixes(&bytes)
        }
        var multiplierDigits = 0
        if bytes.ends(with: wan) {
            multiplierDigits = 4
            bytes.removeLast(wan.count)
        }
        return amount(bytes, negative: negative, shift: multiplierDigits, text: text).map { Optional($0) }
    }

    private static let wan = Array("万".utf8)
    /// Currency marks before or after the number; longest first.
    private static let prefixes: [[UInt8]] = ["人民币", "RMB", "rmb", "CNY", "cny", "¥", "￥"].map { Array($0.utf8) }
    private static let suffixes: [[UInt8]] = ["元整", "元", "圆", "块", "RMB", "rmb", "CNY", "cny"].map { Array($0.utf8) }

    private static func stripAffixes(_ bytes: inout [UInt8]) {
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where bytes.starts(with: prefix) {
                bytes.removeFirst(prefix.count)
                changed = true
            }
            // 元 may follow 万 (1.28万元), so suffixes are stripped before the multiplier is read.
            for suffix in suffixes where bytes.ends(with: suffix) {
                bytes.removeLast(suffix.count)
                changed = true
            }
        }
    }

    /// Exact decimal to fen: digits with optional thousands commas, one optional point; `shift`
    /// moves the point right (4 for 万).
    private static func amount(_ bytes: [UInt8], negative: Bool, shift: Int, text: String) -> Result<Int64, FieldIssue> {
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        for byte in bytes {
            switch byte {
            case 0x30...0x39:
                if seenPoint { fractionDigits.append(byte - 0x30) } else { integerDigits.append(byte - 0x30) }
            case 0x2C where !seenPoint && !integerDigits.isEmpty:
                continue
            case 0x2E where !seenPoint:
                seenPoint = true
            default:
                return .failure(unrecognized(text))
            }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return .failure(unrecognized(text)) }
        // Shift the point for 万, then keep two fraction digits as fen.
        let moved = min(shift, fractionDigits.count)
        integerDigits += fractionDigits.prefix(moved)
        integerDigits += [UInt8](repeating: 0, count: shift - moved)
        fractionDigits.removeFirst(moved)
        let fenDigits = Array(fractionDigits.prefix(2)) + [UInt8](repeating: 0, count: max(0, 2 - fractionDigits.count))
        if fractionDigits.dropFirst(2).contains(where: { $0 != 0 }) {
            return .failure(FieldIssue(
                code: precisionCode,
                message: "\"\(text)\" has fractions of a fen; amounts are kept exact, so fix the source value instead of rounding",
                text: text))
        }
        var value: Int64 = 0
        for digit in integerDigits + fenDigits {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int64(digit))
            guard !overflowA, !overflowB else {
                return .failure(FieldIssue(code: overflowCode, message: "\"\(text)\" is too large for an amount in fen", text: text))
            }
            value = sum
        }
        return .success(negative ? -value : value)
    }

    private static func unrecognized(_ text: String) -> FieldIssue {
        FieldIssue(
            code: unrecognizedCode,
            message: "\"\(PIIMask.text(text))\" is not an amount in yuan (e.g. 1280, ¥1,280.00, 1.28万)",
            text: text)
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
