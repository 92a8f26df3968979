import SalonCore

/// Reads a POS timestamp ("2024-03-01 10:05:12", "2024/3/1 10:05", "2024-03-01T10:05:12",
/// "2024年3月1日 10:05") into ISO 8601 with an offset. POS exports write local wall-clock time
/// without a zone, so the store's offset (Asia/Shanghai, +08:00, by default) is attached.
public enum ReceiptTime {
    public static let unrecognizedCode: ReasonCode = "time.unrecognized"

    /// - Parameter utcOffsetMinutes: the store's offset; China has no daylight saving time.
    /// - Returns: nil for an empty cell, the ISO text, or the issue.
    public static func parse(_ text: String, utcOffsetMinutes: Int = 480) -> Result<String?, FieldIssue> {
        if let fast = parseCommonASCII(text, utcOffsetMinutes: utcOffsetMinutes) { return .success(fast) }
        return parseGeneral(text, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// The form nearly every till writes, `2024-03-05 14:30:00` (also `/` or `.` between the date's
    /// parts, one-digit months, days and hours, `T` before the time, seconds or fractions left out),
    /// read straight from the UTF-8 bytes: a POS export holds millions of them. Returns nil for
    /// anything else, including every invalid date or time, and the general parser decides.
    static func parseCommonASCII(_ text: String, utcOffsetMinutes: Int) -> String? {
        guard abs(utcOffsetMinutes) < 100 * 60 else { return nil }
        return text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            var cursor = 0
            /// One or two digits (up to `maxDigits`) as a number, or nil.
            func number(maxDigits: Int) -> Int? {
                let start = cursor
                var value = 0
                while cursor < bytes.count, cursor - start < maxDigits, isDigit(bytes[cursor]) {
                    value = value * 10 + Int(bytes[cursor] - 0x30)
                    cursor += 1
                }
                return cursor > start ? value : nil
            }
            guard bytes.count >= 8, let year = number(maxDigits: 4), cursor == 4, cursor < bytes.count else { return nil }
            let separator = bytes[cursor]
            guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else { return nil }
            cursor += 1
            guard let month = number(maxDigits: 2), cursor < bytes.count, bytes[cursor] == separator else { return nil }
            cursor += 1
            guard let day = number(maxDigits: 2) else { return nil }
            guard (1900...2100).contains(year), (1...12).contains(month),
                (1...GregorianCalendarMath.daysInMonth(month, year: year)).contains(day)
            else { return nil }
            var clock = (hour: 0, minute: 0, second: 0)
            if cursor < bytes.count {
                guard bytes[cursor] == 0x20 || bytes[cursor] == UInt8(ascii: "T") else { return nil }
                cursor += 1
                guard let hour = number(maxDigits: 2), cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
                cursor += 1
                guard let minute = number(maxDigits: 2) else { return nil }
                var second = 0
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
                    cursor += 1
                    guard let value = number(maxDigits: 2) else { return nil }
                    second = value
                }
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
                    cursor += 1
                    while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
                }
                guard cursor == bytes.count, hour < 24, minute < 60, second < 60 else { return nil }
                clock = (hour, minute, second)
            }
            let offset = abs(utcOffsetMinutes)
            let fields = [year / 100, year % 100, month, day, clock.hour, clock.minute, clock.second, offset / 60, offset % 60]
            // yyyy-mm-ddThh:mm:ss+hh:mm
            let separators: [UInt8] = [0, UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"), UInt8(ascii: ":"),
                                       UInt8(ascii: ":"), utcOffsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"), UInt8(ascii: ":")]
            return String(unsafeUninitializedCapacity: 25) { out in
                var at = 0
                for (index, field) in fields.enumerated() {
                    if index > 0, separators[index - 1] != 0 {
                        out[at] = separators[index - 1]
                        at += 1
                    }
                    out[at] = UInt8(0x30 + field / 10)
                    out[at + 1] = UInt8(0x30 + field % 10)
                    at += 2
                }
                return at
            }
        } ?? nil
    }

    static func parseGeneral(_ text: String, utcOffsetMinutes: Int) -> Result<String?, FieldIssue> {
        let cleaned = TextNormalizer.clean(text).replacingOccurrences("T", with: " ")
        guard !cleaned.isEmpty else { return .success(nil) }
        var datePart = Substring(cleaned)
        var timePart: Substring = ""
        if let colon = cleaned.firstIndex(of: ":"), let space = cleaned[..<colon].lastIndex(of: " ") {
            datePart = cleaned[..<space]
            timePart = cleaned[cleaned.index(after: space)...]
        }
        let date: PartialDate
        switch DateNormalizer.parse(String(datePart), excelSerial: false) {
        case .success(let parsed?) where parsed.year != nil && parsed.calendar == .gregorian: date = parsed
        case .failure(let issue): return .failure(FieldIssue(code: issue.code, message: issue.message, text: text))
        default: return .failure(unrecognized(text, "a receipt time needs a full date"))
        }
        var clock = [0, 0, 0]
        if !timePart.isEmpty {
            // Fractions of a second are dropped: receipts are keyed by number, not by time.
            let pieces = timePart.split(separator: ".", maxSplits: 1)[0].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(pieces.count) else { return .failure(unrecognized(text, "the time is not h:mm[:ss]")) }
            for (index, piece) in pieces.enumerated() {
                guard (1...2).contains(piece.count), let value = Int(piece) else {
                    return .failure(unrecognized(text, "the time is not h:mm[:ss]"))
                }
                clock[index] = value
            }
            guard clock[0] < 24, clock[1] < 60, clock[2] < 60 else { return .failure(unrecognized(text, "no such time of day")) }
        }
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let offset = abs(utcOffsetMinutes)
        return .success(
            "\(date.iso)T\(two(clock[0])):\(two(clock[1])):\(two(clock[2]))\(sign)\(two(offset / 60)):\(two(offset % 60))")
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func unrecognized(_ text: String, _ reason: String) -> FieldIssue {
        FieldIssue(code: unrecognizedCode, message: "\"\(PIIMask.text(text))\" is not a receipt time: \(reason)", text: text)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
