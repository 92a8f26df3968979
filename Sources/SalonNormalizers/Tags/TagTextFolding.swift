/// The normalization both the vocabulary and the notes go through before matching: full-width →
/// half-width, Latin lowercased, Traditional → Simplified through the vocabulary's character map.
///
/// Works per Unicode scalar (one scalar in, one out) so that every position in the folded text
/// maps straight back to a position in the original note.
enum TagTextFolding {
    /// How a scalar takes part in matching.
    enum Role: Equatable {
        /// Skipped by matching (notes are whitespace-insensitive) but ends a clause: staff use a
        /// space where they would write a comma ("不要烫发 上次烫坏了").
        case space
        /// Punctuation (，,。；;！!？?、 and line breaks) that ends both a clause and a phrase.
        case separator
        case text
    }

    /// Folds width and case; script is folded by the caller's character map.
    static func foldWidthAndCase(_ scalar: UInt32) -> UInt32 {
        var value = scalar
        if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
        if value == 0x3000 { value = 0x20 }
        if value >= 0x41 && value <= 0x5A { value += 0x20 }
        return value
    }

    /// The role of an already width-folded scalar.
    static func role(of folded: UInt32) -> Role {
        switch folded {
        case 0x20, 0x09, 0xA0, 0x200B: return .space
        // \n \r , 。 、 ; ! ? and the halfwidth ｡ ､ (full-width ，；！？ arrive folded).
        case 0x0A, 0x0D, 0x2C, 0x3002, 0x3001, 0x3B, 0x21, 0x3F, 0xFF61, 0xFF64: return .separator
        default: return .text
        }
    }

    /// Folds one scalar completely.
    static func fold(_ scalar: UInt32, characterMap: [UInt32: UInt32]) -> UInt32 {
        let folded = foldWidthAndCase(scalar)
        return characterMap[folded] ?? folded
    }

    /// The folded scalars of a vocabulary phrase with spaces removed (empty if none are left).
    static func foldPhrase(_ phrase: String, characterMap: [UInt32: UInt32]) -> [UInt32] {
        phrase.unicodeScalars
            .map { fold($0.value, characterMap: characterMap) }
            .filter { role(of: $0) != .space }
    }

    /// Half-width copy of a piece of a note for value patterns: case and script stay as written.
    static func halfWidth(_ text: Substring) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value == 0x3000 { value = 0x20 }
            scalars.append(Unicode.Scalar(value) ?? scalar)
        }
        return String(scalars)
    }
}
