/// Naive local date-times for chat records, without Foundation: `2024-03-02T15:04:05`, the form
/// every chat column uses. Chat exports carry wall-clock time, so no zone is attached.
enum ChatTime {
    /// Shanghai has no daylight saving since 1991, so a fixed offset is exact for chat exports.
    static let shanghaiOffset = 8 * 3600

    /// `YYYY-MM-DDTHH:MM:SS`, or nil when a field is out of range.
    static func iso(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> String? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= daysInMonth(month, year: year), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second)
        else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(19)
        func append(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(0x30 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(year, width: 4)
        bytes.append(0x2D)
        append(month, width: 2)
        bytes.append(0x2D)
        append(day, width: 2)
        bytes.append(0x54)
        append(hour, width: 2)
        bytes.append(0x3A)
        append(minute, width: 2)
        bytes.append(0x3A)
        append(second, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A Unix timestamp in seconds as Asia/Shanghai wall-clock time.
    static func iso(unixSeconds: Int64) -> String? {
        let local = unixSeconds + Int64(shanghaiOffset)
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let date = civil(fromDays: days)
        return iso(
            year: date.year, month: date.month, day: date.day, hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// `YYYY-MM-DD HH:MM:SS` (or with `T`) as a checked ISO string.
    static func iso(dateTimeText text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 19, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20 || bytes[10] == 0x54,
              bytes[13] == 0x3A, bytes[16] == 0x3A
        else { return nil }
        return bytes.withUnsafeBufferPointer { digitsISO($0, at: 0) }
    }

    /// The ISO form of the 19 bytes `YYYY-MM-DD?HH:MM:SS` at `start`, once separators are known.
    static func digitsISO(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> String? {
        func number(_ offset: Int, _ width: Int) -> Int? {
            var value = 0
            for index in start + offset..<start + offset + width {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        return iso(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        GregorianCalendarMath.daysInMonth(month, year: year)
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        GregorianCalendarMath.civil(fromDays: days)
    }
}
