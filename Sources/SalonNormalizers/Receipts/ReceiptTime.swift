import SalonCore

/// Reads a POS timestamp ("2024-03-01 10:05:12", "2024/3/1 10:05", "2024-03-01T10:05:12",
/// "2024年3月1日 10:05") into ISO 8601 with an offset. POS exports write local wall-clock time
/// without a zone, so the store's offset (Asia/Shanghai, +08:00, by default) is attached.
public enum ReceiptTime {
    public static let unrecognizedCode: ReasonCode = "time.unrecognized"

    /// - Parameter utcOffsetMinutes: the store's offset; China has no daylight saving time.
    /// - Returns: nil for an empty cell, the ISO text, or the issue.
    public static func parse(_ text: String, utcOffsetMinutes: Int = 480) -> Result<String?, FieldIssue> {
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
