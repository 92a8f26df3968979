import SalonCore

/// Compares a sampled chat message, read again by the simple path, with the message that would be
/// published: the sender, the time (`yyyy-MM-ddTHH:mm:ss`, Shanghai wall clock) and the text,
/// which is kept verbatim.
public enum ChatSampleComparator {
    /// A message as the simple path reads it.
    public struct SourceMessage: Sendable {
        /// The time as written: a date and time, or Unix seconds (milliseconds with 13 digits).
        public var time: String
        public var sender: String
        public var text: String

        public init(time: String, sender: String, text: String) {
            self.time = time
            self.sender = sender
            self.text = text
        }
    }

    public struct StagedMessage: Sendable {
        public var sender: String
        public var sentAt: String
        public var text: String

        public init(sender: String, sentAt: String, text: String) {
            self.sender = sender
            self.sentAt = sentAt
            self.text = text
        }
    }

    public static func compare(_ source: SourceMessage?, _ staged: StagedMessage) -> [SampleFieldResult] {
        guard let source else {
            return [SampleFieldResult(
                field: "record", status: .mismatch, source: "(no message)", staged: "staged",
                note: "the source file has no message at the location its provenance records")]
        }
        var fields: [SampleFieldResult] = []
        fields.append(source.sender == staged.sender
            ? SampleComparator.matched("sender")
            : .init(field: "sender", status: .mismatch, source: PIIMask.text(source.sender), staged: PIIMask.text(staged.sender)))
        if let time = time(source.time) {
            fields.append(time == staged.sentAt
                ? SampleComparator.matched("time")
                : .init(field: "time", status: .mismatch, source: source.time, staged: staged.sentAt))
        } else {
            fields.append(.init(field: "time", status: .notChecked, source: PIIMask.text(source.time), staged: staged.sentAt, note: "a time the simple path cannot read"))
        }
        fields.append(source.text == staged.text
            ? SampleComparator.matched("text")
            : .init(field: "text", status: .mismatch, source: PIIMask.text(source.text), staged: PIIMask.text(staged.text), note: "message text must be kept verbatim"))
        return fields
    }

    /// `yyyy-MM-ddTHH:mm:ss` from Unix seconds or milliseconds (read as UTC+8), or from the digit
    /// groups y m d h m [s] written in that order; nil for anything else (such as a WhatsApp
    /// day/month order or a 12-hour clock).
    public static func time(_ text: String) -> String? {
        let trimmed = SimpleFieldParser.trimmed(text)
        if trimmed.utf8.count == 10 || trimmed.utf8.count == 13, let number = Int64(trimmed) {
            return civil(seconds: (trimmed.utf8.count == 13 ? number / 1000 : number) + 8 * 3600)
        }
        if trimmed.contains(where: { "AaPp上下午".contains($0) }) { return nil }
        guard let dateTime = ReceiptSampleComparator.dateTime(trimmed, separator: "T") else { return nil }
        return dateTime.count == 16 ? dateTime + ":00" : dateTime
    }

    /// Seconds since 1970 as a proleptic Gregorian date and time.
    static func civil(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = GregorianCalendarMath.civil(fromDays: Int(days))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let hour = Int(rest / 3600), minute = Int(rest / 60 % 60), second = Int(rest % 60)
        return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
    }
}
