/// Checks a hand-keyed phone cell for the usual typing slips: the letter O for 0, l/I/| for 1, a
/// mobile number with one digit missing (10 digits) or one too many (12 digits).
///
/// It only suspects; it never corrects. Full-width digits are the same digits and pass, as they do
/// for every source.
public enum PhoneKeyingCheck {
    /// - Returns: nil when the cell shows no sign of a keying slip (the phone normalizer then reads
    ///   it as usual), else the finding with a proposal when exactly one number follows from the text.
    public static func check(_ text: String, region: PhoneRegion = .cn) -> KeyingFinding? {
        let (rewritten, used) = KeyingLookalikes.replaceInDigitRuns(text)
        let digits = Self.plainDigits(rewritten)
        if let digits, let finding = lengthFinding(digits, keyed: text, used: used) { return finding }
        guard !used.isEmpty else { return nil }
        let parsed = PhoneNormalizer.parse(rewritten, defaultRegion: region)
        let usable = !parsed.phones.isEmpty && parsed.issues.isEmpty
        let proposal = usable ? (digits ?? rewritten) : nil
        var why = "keyed with \(KeyingLookalikes.describe(used))"
        if !usable { why += "; even read as digits it is no valid number" }
        return KeyingFinding(code: KeyingFinding.phoneSuspected, why: why, proposal: proposal)
    }

    /// The digits of a cell that holds one number and separators only (spaces, dashes), else nil.
    static func plainDigits(_ text: String) -> String? {
        var digits = ""
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if scalar != " " && scalar != "-" && scalar != "\u{3000}" && scalar != "\u{FF0D}" {
                return nil
            }
        }
        return digits.isEmpty ? nil : digits
    }

    /// A mainland mobile prefix (1 then 3–9): the shape a 10- or 12-digit slip keeps.
    static func looksMobile(_ digits: String) -> Bool {
        let bytes = Array(digits.utf8)
        return bytes.count >= 2 && bytes[0] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1])
    }

    private static func lengthFinding(_ digits: String, keyed: String, used: [Unicode.Scalar]) -> KeyingFinding? {
        guard looksMobile(digits) else { return nil }
        let lookalikes = used.isEmpty ? "" : "; also keyed with \(KeyingLookalikes.describe(used))"
        switch digits.utf8.count {
        case 10:
            return KeyingFinding(
                code: KeyingFinding.phoneDigitMissing,
                why: "a mobile number with 10 digits: one digit is missing and only the card can say which\(lookalikes)",
                proposal: nil)
        case 12:
            let proposal = stutterProposal(digits)
            let why = proposal == nil
                ? "a mobile number with 12 digits: one digit too many"
                : "a mobile number with 12 digits: a digit typed twice"
            return KeyingFinding(code: KeyingFinding.phoneDigitExtra, why: why + lookalikes, proposal: proposal)
        default:
            return nil
        }
    }

    /// The one valid mobile left by deleting a doubled digit (a key pressed twice), if exactly one.
    static func stutterProposal(_ digits: String) -> String? {
        let bytes = Array(digits.utf8)
        var candidates: Set<String> = []
        for index in 1..<bytes.count where bytes[index] == bytes[index - 1] {
            var shorter = bytes
            shorter.remove(at: index)
            let text = String(decoding: shorter, as: UTF8.self)
            let parsed = PhoneNormalizer.parse(text)
            if parsed.issues.isEmpty, parsed.phones.count == 1, parsed.phones[0].kind == .mobile { candidates.insert(text) }
        }
        return candidates.count == 1 ? candidates.first : nil
    }
}
