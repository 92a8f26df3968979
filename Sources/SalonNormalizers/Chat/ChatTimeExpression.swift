/// Finds the first appointment time in a message and resolves it against the message's own time.
///
/// The rule, exactly:
/// - Day: 今天/今日/今晚/今早 → the message's day; 明天/明日/明晚/明早 → +1; 后天 → +2; 大后天 → +3.
///   周X/星期X/礼拜X (X = 一…六, 日/天; also 这周X/本周X) → the next such weekday on or after the
///   message's day (周五 said on a Friday is that day). 下周X → the X of next week, weeks starting
///   on Monday (下周二 said on Friday 1 March is Tuesday 5 March). M月D号/日 → that date in the
///   message's year, or the next year when it has passed; D号 → that day of the message's month,
///   or of the next month when it has passed. No day word → the message's day.
/// - Period: 下午/晚上/傍晚/今晚/明晚 add 12 h to an hour below 12; 中午 adds 12 h to 1 and 2;
///   上午/早上/早晨/凌晨/今早/明早 keep the hour. Without a period, an hour from 1 to 7 is read as
///   afternoon (+12 h): salons are closed before 8 in the morning.
/// - Clock: N点 or N时 (Arabic or Chinese numerals, 两 = 2), then 半 (:30), 一刻 (:15), 三刻 (:45),
///   or M分 / M; or HH:MM. A bare Chinese 一点 without day or period is not a time (好一点, 快一点).
/// - A day without a clock gives the expression with no resolved time.
struct ChatTimeExpression: Equatable {
    /// The expression as written.
    var text: String
    /// The resolved time; nil when there was a day but no clock.
    var time: ChatTimestamp?

    private enum Period { case morning, noon, afternoon }

    private enum Day {
        case offset(Int)
        case weekday(Int, nextWeek: Bool)
        case monthDay(month: Int, day: Int)
        case dayOfMonth(Int)
    }

    static func first(in chars: [Character], sentAt: ChatTimestamp) -> ChatTimeExpression? {
        var index = 0
        while index < chars.count {
            if let found = match(chars, at: index, sentAt: sentAt) { return found }
            index += 1
        }
        return nil
    }

    private static func match(_ chars: [Character], at start: Int, sentAt: ChatTimestamp) -> ChatTimeExpression? {
        var index = start
        var impliedPeriod: Period?
        let day = parseDay(chars, &index, impliedPeriod: &impliedPeriod)
        let period = parsePeriod(chars, &index) ?? impliedPeriod
        let clockStart = index
        let clock = parseClock(chars, &index)
        if clock == nil && day == nil { return nil }
        if let clock, day == nil, period == nil, clock.hour == 1, chars[clockStart] == "一" { return nil }
        let text = String(chars[start..<index])
        let dayOffset = day.map { resolve($0, sentAt: sentAt) } ?? 0
        guard let clock else { return ChatTimeExpression(text: text, time: nil) }
        var hour = clock.hour
        switch period {
        case .afternoon?: if hour < 12 { hour += 12 }
        case .noon?: if hour <= 2 { hour += 12 }
        case .morning?: break
        case nil: if (1...7).contains(hour) { hour += 12 }
        }
        guard hour <= 23, clock.minute <= 59 else { return nil }
        return ChatTimeExpression(text: text, time: sentAt.date(addingDays: dayOffset, hour: hour, minute: clock.minute))
    }

    /// Days from the message's day to the day named.
    private static func resolve(_ day: Day, sentAt: ChatTimestamp) -> Int {
        let today = sentAt.weekday
        switch day {
        case .offset(let days): return days
        case .weekday(let weekday, let nextWeek):
            return nextWeek ? 7 - today + weekday : (weekday - today + 7) % 7
        case .monthDay(let month, let day):
            var target = ChatTimestamp(year: sentAt.year, month: month, day: day)
            if (month, day) < (sentAt.month, sentAt.day) { target.year += 1 }
            return target.dayNumber - ChatTimestamp(year: sentAt.year, month: sentAt.month, day: sentAt.day).dayNumber
        case .dayOfMonth(let day):
            var target = ChatTimestamp(year: sentAt.year, month: sentAt.month, day: day)
            if day < sentAt.day {
                target.month += 1
                if target.month > 12 { (target.month, target.year) = (1, target.year + 1) }
            }
            return target.dayNumber - ChatTimestamp(year: sentAt.year, month: sentAt.month, day: sentAt.day).dayNumber
        }
    }

    private static let dayWords: [(String, Int, Period?)] = [
        ("大后天", 3, nil), ("后天", 2, nil), ("明天", 1, nil), ("明日", 1, nil), ("明晚", 1, .afternoon),
        ("明早", 1, .morning), ("今天", 0, nil), ("今日", 0, nil), ("今晚", 0, .afternoon), ("今早", 0, .morning),
    ]
    private static let weekdayNames: [Character: Int] = [
        "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "1": 1, "2": 2, "3": 3, "4": 4,
        "5": 5, "6": 6, "7": 7,
    ]

    private static func parseDay(_ chars: [Character], _ index: inout Int, impliedPeriod: inout Period?) -> Day? {
        for (word, offset, period) in dayWords where has(chars, word, at: index) {
            index += word.count
            impliedPeriod = period
            return .offset(offset)
        }
        var cursor = index
        var nextWeek = false
        if has(chars, "下", at: cursor) {
            nextWeek = true
            cursor += 1
        } else if has(chars, "这", at: cursor) || has(chars, "本", at: cursor) {
            cursor += 1
        }
        for prefix in ["周", "星期", "礼拜"] where has(chars, prefix, at: cursor) {
            let dayIndex = cursor + prefix.count
            if dayIndex < chars.count, let weekday = weekdayNames[chars[dayIndex]] {
                index = dayIndex + 1
                return .weekday(weekday, nextWeek: nextWeek)
            }
        }
        cursor = index
        if let month = number(chars, &cursor), has(chars, "月", at: cursor), (1...12).contains(month) {
            cursor += 1
            if let day = number(chars, &cursor), cursor < chars.count, chars[cursor] == "号" || chars[cursor] == "日",
               (1...ChatTimestamp.daysInMonth(month)).contains(day) {
                index = cursor + 1
                return .monthDay(month: month, day: day)
            }
        }
        cursor = index
        if index == 0 || !isNumeral(chars[index - 1]), let day = number(chars, &cursor), has(chars, "号", at: cursor),
           (1...31).contains(day) {
            index = cursor + 1
            return .dayOfMonth(day)
        }
        return nil
    }

    private static let periods: [(String, Period)] = [
        ("早上", .morning), ("早晨", .morning), ("上午", .morning), ("凌晨", .morning), ("中午", .noon),
        ("下午", .afternoon), ("傍晚", .afternoon), ("晚上", .afternoon),
    ]

    private static func parsePeriod(_ chars: [Character], _ index: inout Int) -> Period? {
        for (word, period) in periods where has(chars, word, at: index) {
            index += word.count
            return period
        }
        return nil
    }

    private static func parseClock(_ chars: [Character], _ index: inout Int) -> (hour: Int, minute: Int)? {
        var cursor = index
        guard let hour = number(chars, &cursor), hour <= 24 else { return nil }
        if cursor < chars.count, chars[cursor] == ":" || chars[cursor] == "：" {
            var minuteCursor = cursor + 1
            let minuteStart = minuteCursor
            guard let minute = number(chars, &minuteCursor), minuteCursor - minuteStart == 2, chars[minuteStart].isASCII
            else { return nil }
            index = minuteCursor
            return (hour, minute)
        }
        guard cursor < chars.count, chars[cursor] == "点" || chars[cursor] == "时" else { return nil }
        cursor += 1
        var minute = 0
        if has(chars, "半", at: cursor) {
            minute = 30
            cursor += 1
        } else if has(chars, "一刻", at: cursor) {
            minute = 15
            cursor += 2
        } else if has(chars, "三刻", at: cursor) {
            minute = 45
            cursor += 2
        } else {
            var minuteCursor = cursor
            if let value = number(chars, &minuteCursor), value < 60 {
                minute = value
                cursor = minuteCursor
                if has(chars, "分", at: cursor) { cursor += 1 }
            }
        }
        index = cursor
        return (hour, minute)
    }

    private static let chineseDigits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    private static func isNumeral(_ char: Character) -> Bool {
        char.isASCII && char.isNumber || chineseDigits[char] != nil || char == "十"
    }

    /// An Arabic number (1-2 digits, full-width folded beforehand) or a Chinese one up to 九十九.
    private static func number(_ chars: [Character], _ index: inout Int) -> Int? {
        var cursor = index
        var value = 0
        while cursor < chars.count, cursor - index < 2, let digit = chars[cursor].wholeNumberValue, chars[cursor].isASCII {
            value = value * 10 + digit
            cursor += 1
        }
        if cursor > index {
            guard cursor >= chars.count || !(chars[cursor].isASCII && chars[cursor].isNumber) else { return nil }
            index = cursor
            return value
        }
        // Chinese: [d]十[d] or a single digit.
        var tens: Int?
        if cursor < chars.count, let digit = chineseDigits[chars[cursor]], cursor + 1 < chars.count, chars[cursor + 1] == "十" {
            tens = digit
            cursor += 2
        } else if cursor < chars.count, chars[cursor] == "十" {
            tens = 1
            cursor += 1
        }
        if let tens {
            value = tens * 10
            if cursor < chars.count, let unit = chineseDigits[chars[cursor]], unit > 0 {
                value += unit
                cursor += 1
            }
        } else if cursor < chars.count, let digit = chineseDigits[chars[cursor]] {
            value = digit
            cursor += 1
        } else {
            return nil
        }
        index = cursor
        return value
    }

    static func has(_ chars: [Character], _ word: String, at index: Int) -> Bool {
        var cursor = index
        for char in word {
            guard cursor < chars.count, chars[cursor] == char else { return false }
            cursor += 1
        }
        return true
    }
}

extension ChatTimestamp {
    /// Days in a month of a leap year: a date without a year is valid if it can exist at all.
    static func daysInMonth(_ month: Int) -> Int { GregorianCalendarMath.daysInMonth(month, year: nil) }
}
