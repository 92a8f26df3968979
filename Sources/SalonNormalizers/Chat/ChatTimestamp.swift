import SalonCore
/// A naive local wall-clock time as a chat message carries it (Asia/Shanghai unless the pipeline
/// says otherwise). Fact extraction resolves 明天/周六 against it, so it needs only civil arithmetic.
public struct ChatTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses the chat reader's `time` column, `2024-03-02T15:04:05` (a space also works).
    public init?(iso text: String) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
    }

    /// `2024-03-02T15:04:05`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    public static func < (lhs: ChatTimestamp, rhs: ChatTimestamp) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// Days since 1970-01-01.
    var dayNumber: Int { GregorianCalendarMath.days(year: year, month: month, day: day) }

    /// ISO weekday: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    /// The date `days` later at the given clock time.
    func date(addingDays days: Int, hour: Int, minute: Int) -> ChatTimestamp {
        let civil = GregorianCalendarMath.civil(fromDays: dayNumber + days)
        return ChatTimestamp(year: civil.year, month: civil.month, day: civil.day, hour: hour, minute: minute)
    }
}
