/// Finds phone numbers written loosely inside message text (`138 1234 5678`, `139-0013-9002`,
/// `手机13800138002`) and hands each candidate span to `PhoneNormalizer.parse`.
enum ChatPhoneSpans {
    struct Span {
        var range: Range<Int>
        /// The span as written in the message.
        var text: String
        var phone: NormalizedPhone
    }

    /// A candidate is a run of digits joined by spaces or dashes, optionally after `+`, with 7 to
    /// 16 digits. Kept: mobiles, and fixed lines with an area code (a bare 7-8 digit run is more
    /// often a date or an amount). When a run does not parse whole (a number followed by another
    /// figure, `13800138000 2位`), its leading groups are tried, longest first.
    static func find(in chars: [Character], raw: [Character]) -> [Span] {
        var spans: [Span] = []
        var index = 0
        while index < chars.count {
            guard chars[index].isASCII, chars[index].isNumber || chars[index] == "+" else {
                index += 1
                continue
            }
            let start = index
            var groups: [Int] = []  // end index of each digit group
            var digits = 0
            var cursor = index
            while cursor < chars.count {
                let char = chars[cursor]
                if char.isASCII && char.isNumber {
                    digits += 1
                    cursor += 1
                    if cursor == chars.count || !(chars[cursor].isASCII && chars[cursor].isNumber) { groups.append(cursor) }
                } else if (char == "+" && cursor == start) || isJoiner(char), cursor + 1 < chars.count,
                          chars[cursor + 1].isASCII, chars[cursor + 1].isNumber {
                    cursor += 1
                } else {
                    break
                }
            }
            index = max(cursor, index + 1)
            let precededByLetter = start > 0 && chars[start - 1].isASCII && chars[start - 1].isLetter
            guard (7...16).contains(digits), !precededByLetter else { continue }
            for end in groups.reversed() {
                let text = String(raw[start..<end])
                let digitCount = chars[start..<end].filter { $0.isASCII && $0.isNumber }.count
                guard digitCount >= 7 else { break }
                if let phone = PhoneNormalizer.parse(String(chars[start..<end])).phones.first, isPersonal(phone) {
                    spans.append(Span(range: start..<end, text: text, phone: phone))
                    break
                }
            }
        }
        return spans
    }

    private static func isJoiner(_ char: Character) -> Bool {
        char == " " || char == "-" || char == "\u{3000}" || char == "\u{00A0}" || char == "－" || char == "—"
    }

    private static func isPersonal(_ phone: NormalizedPhone) -> Bool {
        phone.kind == .mobile || (phone.kind == .landline && phone.e164.utf8.count >= 12)
    }
}
