/// Masks personal data for anything printed: logs, reports, reject files, progress.
///
/// Phones keep their first three and last four digits (138****8000); ID numbers their first four
/// and last four (1101**********002X). Any other run of 7 or more digits inside free text is
/// masked the same way, so an original record text can be shown without leaking a number.
public enum PIIMask {
    /// Masks one phone-like value: digits beyond the first 3 and last 4 become `*`.
    public static func phone(_ text: String) -> String {
        // E.164 keeps its country code readable: +86 138****8000.
        for code in ["+86", "+852", "+853", "+886"] where text.hasPrefix(code) {
            return code + maskDigitRuns(in: String(text.dropFirst(code.count)), minimumRun: 7)
        }
        return maskDigitRuns(in: text, minimumRun: 7)
    }

    /// Masks an E.164 phone for lists staff read and dial from (greetings, review files): a
    /// mainland number as dialled at home (138****8000), any other with its country code
    /// (+852612*4567).
    public static func localPhone(_ e164: String) -> String {
        e164.hasPrefix("+86") ? phone(String(e164.dropFirst(3))) : phone(e164)
    }

    /// Masks a resident ID number: keeps 4 leading and 4 trailing characters.
    public static func residentID(_ text: String) -> String {
        let chars = Array(text)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }

    /// Masks every run of `minimumRun` or more digits (ASCII or full-width, allowing the
    /// separators people type inside phone numbers) in free text.
    public static func text(_ text: String) -> String {
        maskDigitRuns(in: text, minimumRun: 7)
    }

    private static func isDigit(_ c: Character) -> Bool {
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
        return ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar)
            || scalar == "X" || scalar == "x"
    }

    private static func isSeparator(_ c: Character) -> Bool {
        c == " " || c == "-" || c == "\u{3000}" || c == "\u{FF0D}"
    }

    /// A yyyy-m-d run (1990-04-31, 2023 10 01) is a date, not a number to hide.
    private static func looksLikeDate(_ chars: [Character], from start: Int, to end: Int) -> Bool {
        let groups = chars[start..<end].split(whereSeparator: isSeparator).map(\.count)
        return groups.count == 3 && groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2
            && (chars[start] == "1" || chars[start] == "2")
    }

    private static func maskDigitRuns(in text: String, minimumRun: Int) -> String {
        // Fast path: nothing long enough to be personal data.
        var digitCount = 0
        for scalar in text.unicodeScalars where ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar) {
            digitCount += 1
        }
        if digitCount < minimumRun { return text }

        var chars = Array(text)
        var index = 0
        while index < chars.count {
            guard isDigit(chars[index]), chars[index] != "X", chars[index] != "x" else { index += 1; continue }
            // A run of digits, allowing single separators between digits.
            var positions: [Int] = []
            var cursor = index
            while cursor < chars.count {
                if isDigit(chars[cursor]) {
                    positions.append(cursor)
                    cursor += 1
                } else if isSeparator(chars[cursor]), cursor + 1 < chars.count, isDigit(chars[cursor + 1]), !positions.isEmpty {
                    cursor += 1
                } else {
                    break
                }
            }
            if positions.count >= minimumRun && !looksLikeDate(chars, from: index, to: cursor) {
                let keepHead = positions.count >= 15 ? 4 : 3
                for (offset, position) in positions.enumerated()
                where offset >= keepHead && offset < positions.count - 4 {
                    chars[position] = "*"
                }
            }
            index = max(cursor, index + 1)
        }
        return String(chars)
    }
}
