/// One standard tag found in a free-text note, with the exact piece of the note it came from so a
/// reviewer can see why it was assigned (the note itself is always stored verbatim by the caller).
public struct TagMatch: Sendable, Hashable {
    public var code: String
    /// The tag's value for codes that carry one (stylist name; the phrase for `allergy.other`).
    public var value: String?
    /// `TagMatch.exactConfidence` (1.0) for a synonym found as written after normalization,
    /// including an explicit refusal read through `negation_yields` (不要烫发 → avoid.perm);
    /// `TagMatch.suspectedConfidence` (0.7) when a hedge (疑似, 可能 …) is in scope. There is no
    /// fuzzy matching beyond normalization, so there are no other levels.
    public var confidence: Double
    /// A person should confirm the tag (it was hedged).
    public var needsReview: Bool
    /// UTF-16 offsets into the original note (the units of `NSRange`, JavaScript and most UIs);
    /// for a tag inferred from a negation the span runs from the cue through the mention, and for
    /// a tag with a value it runs through the value (找Tony).
    public var noteSpan: Range<Int>
    /// The original note text of `noteSpan`, exactly as written.
    public var matchedText: String
    /// The tag is safety-critical (allergies).
    public var isSafety: Bool

    public init(
        code: String, value: String? = nil, confidence: Double, needsReview: Bool, noteSpan: Range<Int>,
        matchedText: String, isSafety: Bool
    ) {
        self.code = code
        self.value = value
        self.confidence = confidence
        self.needsReview = needsReview
        self.noteSpan = noteSpan
        self.matchedText = matchedText
        self.isSafety = isSafety
    }

    /// Confidence of a synonym found as written.
    public static let exactConfidence = 1.0
    /// Confidence of a hedged mention ("疑似过敏"); such tags also need review.
    public static let suspectedConfidence = 0.7
}
