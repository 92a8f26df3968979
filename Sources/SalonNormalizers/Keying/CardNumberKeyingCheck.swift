/// Checks a hand-keyed member card number for O/0 and l/I/1 confusion inside its digits.
/// Letters that belong to a prefix ("VIP", "HZ06-") are left alone.
public enum CardNumberKeyingCheck {
    public static func check(_ text: String) -> KeyingFinding? {
        let (rewritten, used) = KeyingLookalikes.replaceInDigitRuns(text)
        guard !used.isEmpty else { return nil }
        return KeyingFinding(
            code: KeyingFinding.cardSuspected,
            why: "letters among the card number's digits (\(KeyingLookalikes.describe(used)))",
            proposal: CustomerRecordNormalizer.trimmedCell(rewritten))
    }
}
