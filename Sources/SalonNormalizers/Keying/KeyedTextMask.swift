/// Masks personal numbers in hand-keyed text for anything printed. `PIIMask` masks runs of digits;
/// a phone keyed with letters ("138OO138000") breaks such a run and would show most of its digits,
/// so runs of digits and digit look-alikes are masked here first, the same way (138****8000).
public enum KeyedTextMask {
    public static func text(_ text: String) -> String {
        // Fast path (every reject passes here): no look-alike, nothing beyond what PIIMask does.
        guard text.unicodeScalars.contains(where: { KeyingLookalikes.digit(for: $0) != nil }) else { return PIIMask.text(text) }
        let scalars = Array(text.unicodeScalars)
        func isDigitLike(_ scalar: Unicode.Scalar) -> Bool {
            KeyingLookalikes.realDigit(scalar) != nil || KeyingLookalikes.digit(for: scalar) != nil
        }
        func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "-" || scalar == "\u{3000}" || scalar == "\u{FF0D}"
        }
        var out = scalars
        var index = 0
        while index < scalars.count {
            guard isDigitLike(scalars[index]) else { index += 1; continue }
            var positions: [Int] = []
            var realDigits = 0
            var cursor = index
            while cursor < scalars.count {
                if isDigitLike(scalars[cursor]) {
                    positions.append(cursor)
                    if KeyingLookalikes.realDigit(scalars[cursor]) != nil { realDigits += 1 }
                    cursor += 1
                } else if isSeparator(scalars[cursor]), cursor + 1 < scalars.count, isDigitLike(scalars[cursor + 1]) {
                    cursor += 1
                } else {
                    break
                }
            }
            // A word of look-alike letters ("Ill") is no number; one with five real digits may be.
            if positions.count >= 7, realDigits >= 5 {
                for (offset, position) in positions.enumerated() where offset >= 3 && offset < positions.count - 4 {
                    out[position] = "*"
                }
            }
            index = max(cursor, index + 1)
        }
        return PIIMask.text(String(String.UnicodeScalarView(out)))
    }
}
