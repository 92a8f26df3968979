/// Characters that staff type for digits when keying from handwriting or with an input method in
/// the wrong mode: the letter O for 0, l, I or | for 1, and their full-width forms.
enum KeyingLookalikes {
    /// The digit a look-alike stands for, or nil for any other character.
    static func digit(for scalar: Unicode.Scalar) -> UInt8? {
        switch scalar {
        case "O", "o", "\u{FF2F}", "\u{FF4F}", "\u{3007}": return 0
        case "l", "I", "|", "\u{FF4C}", "\u{FF29}", "\u{FF5C}": return 1
        default: return nil
        }
    }

    /// An ASCII or full-width digit's value; full-width digits are the same digit, not a keying error.
    static func realDigit(_ scalar: Unicode.Scalar) -> UInt8? {
        if ("0"..."9").contains(scalar) { return UInt8(scalar.value - 0x30) }
        if ("\u{FF10}"..."\u{FF19}").contains(scalar) { return UInt8(scalar.value - 0xFF10) }
        return nil
    }

    /// "letter O for 0, letter l for 1": which look-alikes a text used, for messages.
    static func describe(_ used: [Unicode.Scalar]) -> String {
        var seen: [String] = []
        for scalar in used {
            let text = "\"\(Character(scalar))\" for \(digit(for: scalar) ?? 0)"
            if !seen.contains(text) { seen.append(text) }
        }
        return seen.joined(separator: ", ")
    }

    /// Replaces look-alikes that sit inside a run of digits (directly next to a digit, or next to
    /// another such look-alike) and folds full-width digits; other characters stay as they are.
    /// A look-alike that follows another letter ("No", "VIP") is a word, not a digit.
    /// - Returns: the rewritten text and the look-alikes it replaced, in order.
    static func replaceInDigitRuns(_ text: String) -> (text: String, used: [Unicode.Scalar]) {
        let scalars = Array(text.unicodeScalars)
        var qualifies = [Bool](repeating: false, count: scalars.count)
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic && scalar.isASCII }
        func candidate(_ index: Int) -> Bool {
            guard digit(for: scalars[index]) != nil else { return false }
            if index > 0, digit(for: scalars[index - 1]) == nil, isLetter(scalars[index - 1]) { return false }
            return true
        }
        // Left to right: after a digit or a qualifying look-alike; then right to left: before one.
        for index in scalars.indices where candidate(index) && index > 0 {
            if realDigit(scalars[index - 1]) != nil || qualifies[index - 1] { qualifies[index] = true }
        }
        for index in scalars.indices.reversed() where candidate(index) && index + 1 < scalars.count {
            if realDigit(scalars[index + 1]) != nil || qualifies[index + 1] { qualifies[index] = true }
        }
        var out = String.UnicodeScalarView()
        var used: [Unicode.Scalar] = []
        for (index, scalar) in scalars.enumerated() {
            if qualifies[index], let value = digit(for: scalar) {
                out.append(Unicode.Scalar(0x30 + value))
                used.append(scalar)
            } else if let value = realDigit(scalar) {
                out.append(Unicode.Scalar(0x30 + value))
            } else {
                out.append(scalar)
            }
        }
        return (String(out), used)
    }
}
