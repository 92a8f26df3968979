import SalonCore

/// Reads a gender column. Only explicit words count: 1/0 and other codes mean different things
/// in different legacy systems, so they are reported rather than guessed.
public enum GenderNormalizer {
    public static let unrecognizedCode: ReasonCode = "gender.unrecognized"

    private static let words: [String: Gender] = [
        "女": .female, "女性": .female, "女士": .female, "小姐": .female, "女生": .female, "太太": .female,
        "f": .female, "female": .female, "woman": .female, "w": .female,
        "男": .male, "男性": .male, "男士": .male, "先生": .male, "男生": .male,
        "m": .male, "male": .male, "man": .male,
    ]

    /// The gender the text states, or nil (empty or unrecognised).
    public static func parse(_ text: String) -> Gender? {
        words[TextNormalizer.clean(text).lowercased()]
    }

    /// An issue for non-empty text that names no gender (including 1/0 codes).
    public static func validate(_ text: String) -> FieldIssue? {
        let cleaned = TextNormalizer.clean(text)
        guard !cleaned.isEmpty, words[cleaned.lowercased()] == nil else { return nil }
        return FieldIssue(
            code: unrecognizedCode,
            message: "\"\(PIIMask.text(cleaned))\" is not a gender; write 男/女 (numeric codes are not guessed)",
            text: text)
    }
}
