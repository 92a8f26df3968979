/// One standard tag: its code, how staff write it, and what a refusal of it means.
///
/// Language lives here as data (synonyms in Simplified, Traditional and colloquial forms) so a
/// store can widen the vocabulary without a code change.
public struct TagDefinition: Sendable, Codable, Hashable {
    /// Stable code stored in the CRM, e.g. `allergy.hair_dye`.
    public var code: String
    /// Simplified Chinese label shown to staff.
    public var label: String
    /// Group such as `preference`, `avoid`, `allergy`; fallback codes are suppressed per category.
    public var category: String
    /// Safety-critical (allergies): suspicion is looked for in the whole phrase, and callers must
    /// never drop these tags silently.
    public var safety: Bool
    /// Written forms that mean this tag; matched after normalization (width, case, script, spaces).
    public var synonyms: [String]
    /// How the tag's value is read from the note, for codes that carry one.
    ///
    /// A Swift regex matched at the end of the mention against the rest of the phrase (full-width
    /// folded to half-width); the `value` capture (or the whole match) is the value and a mention
    /// whose pattern does not match yields no tag. The literal `<clause>` instead takes the note
    /// text from the start of the mention's phrase (after the last ，。；！？、) to the end of its
    /// clause (the next space or punctuation) as the value, "对芒果过敏" for 过敏, and marks the
    /// code as a fallback: it is dropped when another tag of the same category was found in the
    /// same phrase.
    public var valuePattern: String?
    /// The code a negated mention yields (`pref.perm` → `avoid.perm`); nil drops negated mentions.
    public var negationYields: String?

    /// The `value_pattern` that takes the phrase as the value and marks a fallback code.
    public static let clauseValuePattern = "<clause>"

    public init(
        code: String, label: String, category: String, safety: Bool = false, synonyms: [String],
        valuePattern: String? = nil, negationYields: String? = nil
    ) {
        self.code = code
        self.label = label
        self.category = category
        self.safety = safety
        self.synonyms = synonyms
        self.valuePattern = valuePattern
        self.negationYields = negationYields
    }

    enum CodingKeys: String, CodingKey {
        case code, label, category, safety, synonyms
        case valuePattern = "value_pattern"
        case negationYields = "negation_yields"
    }

    /// Decodes with `safety` defaulting to false so ordinary tags need not spell it out.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        label = try container.decode(String.self, forKey: .label)
        category = try container.decode(String.self, forKey: .category)
        safety = try container.decodeIfPresent(Bool.self, forKey: .safety) ?? false
        synonyms = try container.decode([String].self, forKey: .synonyms)
        valuePattern = try container.decodeIfPresent(String.self, forKey: .valuePattern)
        negationYields = try container.decodeIfPresent(String.self, forKey: .negationYields)
    }

    /// Whether this code is the catch-all of its category (see `valuePattern`).
    var isFallback: Bool { valuePattern == Self.clauseValuePattern }
}
