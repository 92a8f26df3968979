extension DateNormalizer {
    /// The forms most cells take — `1990-03-05`, `1990/3/5`, `1990.3.5`, `19900305`, optionally
    /// followed by an Excel time (`1990-03-05 00:00:00`, `1990-03-05T08:30`) — read straight from
    /// the UTF-8 bytes. Returns nil when the cell is anything else, and the general parser decides.
    static func parseCommonASCII(_ text: String) -> Result<PartialDate?, FieldIssue>? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> Result<PartialDate?, FieldIssue>? in
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            guard end - start >= 8 else { return nil }
            func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            func number(_ from: Int, _ to: Int) -> Int {
                var value = 0
                for index in from..<to { value = value * 10 + Int(bytes[index] - 0x30) }
                return value
            }
            // yyyymmdd
            if end - start == 8 {
                for index in start..<end where !isDigit(bytes[index]) { return nil }
                let year = number(start, start + 4)
                guard (1900...2100).contains(year) else { return nil }
                return validatedFast(year: year, month: number(start + 4, start + 6), day: number(start + 6, end), text: text)
            }
            // yyyy SEP m[m] SEP d[d] [time]
            var cursor = start
            guard cursor + 4 <= end else { return nil }
            for index in cursor..<cursor + 4 where !isDigit(bytes[index]) { return nil }
            let year = number(cursor, cursor + 4)
            cursor += 4
            guard cursor < end else { return nil }
            let separator = bytes[cursor]
            guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else { return nil }
            cursor += 1
            let monthStart = cursor
            while cursor < end, isDigit(bytes[cursor]), cursor - monthStart < 2 { cursor += 1 }
            guard cursor > monthStart, cursor < end, bytes[cursor] == separator else { return nil }
            let month = number(monthStart, cursor)
            cursor += 1
            let dayStart = cursor
            while cursor < end, isDigit(bytes[cursor]), cursor - dayStart < 2 { cursor += 1 }
            guard cursor > dayStart else { return nil }
            let day = number(dayStart, cursor)
            if cursor < end {
                // Only a time may follow: " 0:00", " 00:00:00", "T08:30:00.000".
                guard bytes[cursor] == 0x20 || bytes[cursor] == UInt8(ascii: "T") else { return nil }
                for index in (cursor + 1)..<end {
                    let byte = bytes[index]
                    guard isDigit(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") else { return nil }
                }
            }
            return validatedFast(year: year, month: month, day: day, text: text)
        } ?? nil
    }

    private static func validatedFast(year: Int, month: Int, day: Int, text: String) -> Result<PartialDate?, FieldIssue> {
        guard (1900...2100).contains(year), (1...12).contains(month),
            (1...GregorianCalendarMath.daysInMonth(month, year: year)).contains(day)
        else {
            // Let the general parser word the issue exactly as it does for every other form.
            return parse(text, excelSerial: false, pivotYear: 2029, fastPath: false)
        }
        return .success(PartialDate(year: year, month: month, day: day))
    }
}
