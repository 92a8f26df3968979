/// Turns Excel date serials into ISO 8601 text, so a date-formatted xlsx cell reads like a
/// SpreadsheetML DateTime cell and the date normalizer sees a date, not a day count.
enum XLSXSerialDate {
    /// Days from 1970-01-01 back to each system's day 0.
    private static let epoch1900 = -25_569  // 1899-12-30
    private static let epoch1904 = -24_107  // 1904-01-01
    /// 9999-12-31, Excel's last date.
    private static let maxSerial = 2_958_465.0

    /// "1990-03-05", "1990-03-05T14:30:00", or "14:30:00" for a time alone; nil when the text is not
    /// a serial Excel can show as a date (negative, past 9999, not a number).
    static func isoText(serial text: String, date1904: Bool) -> String? {
        guard let serial = Double(text), serial.isFinite, serial >= 0, serial <= maxSerial else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = seconds == 0 ? nil : twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
        if days == 0 && !date1904 { return time ?? "1900-01-00" }
        let date: String
        if !date1904 && days == 60 {
            // Excel keeps Lotus 1-2-3's 29 February 1900, which never was; the date normalizer
            // rejects it as impossible, which is the honest answer.
            date = "1900-02-29"
        } else {
            // Before the phantom day, serials are one day ahead of the 1899-12-30 epoch.
            let offset = !date1904 && days < 60 ? 1 : 0
            let civil = GregorianCalendarMath.civil(fromDays: (date1904 ? epoch1904 : epoch1900) + days + offset)
            date = String(civil.year) + "-" + twoDigits(civil.month) + "-" + twoDigits(civil.day)
        }
        guard let time else { return date }
        return date + "T" + time
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
