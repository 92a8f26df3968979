/// A tag vocabulary as shipped in `schemas/tags*.yaml`: the tags plus the cue words that steer
/// negation and suspicion, so that the mapper holds no Chinese of its own.
///
/// Callers decode it from YAML (keys are snake_case) and hand it to `TagMapper`, which validates it.
public struct TagVocabulary: Sendable, Codable, Hashable {
    public var name: String
    public var version: Int
    /// Words that negate a later mention in the same clause (不要, 拒绝, 别, 无 …).
    public var negationCues: [String]
    /// Phrases that state the customer has no allergies (无过敏, 没有过敏史 …): they yield no tag.
    public var noAllergyPhrases: [String]
    /// Hedges (疑似, 可能, 好像 …) that lower confidence and send a tag to review.
    public var suspectedCues: [String]
    public var tags: [TagDefinition]
    /// Single Traditional characters mapped to Simplified ones, applied before matching.
    public var traditionalToSimplified: [String: String]?
    /// Words that contain a negation cue but do not negate (不过 "but", 不错 "good", 无论 …), the
    /// pseudo-negation triggers of NegEx.
    public var pseudoNegations: [String]?

    public init(
        name: String, version: Int, negationCues: [String], noAllergyPhrases: [String],
        suspectedCues: [String], tags: [TagDefinition], traditionalToSimplified: [String: String]? = nil,
        pseudoNegations: [String]? = nil
    ) {
        self.name = name
        self.version = version
        self.negationCues = negationCues
        self.noAllergyPhrases = noAllergyPhrases
        self.suspectedCues = suspectedCues
        self.tags = tags
        self.traditionalToSimplified = traditionalToSimplified
        self.pseudoNegations = pseudoNegations
    }

    enum CodingKeys: String, CodingKey {
        case name, version, tags
        case negationCues = "negation_cues"
        case noAllergyPhrases = "no_allergy_phrases"
        case suspectedCues = "suspected_cues"
        case traditionalToSimplified = "traditional_to_simplified"
        case pseudoNegations = "pseudo_negations"
    }

    /// The definition for a code, if the vocabulary has it.
    public func definition(for code: String) -> TagDefinition? {
        tags.first { $0.code == code }
    }
}
