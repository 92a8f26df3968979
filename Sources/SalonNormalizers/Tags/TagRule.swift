/// What the resolver needs of a tag definition, precomputed so that resolving a note compares
/// integers instead of strings.
struct TagRule: Sendable {
    var code: String
    /// Index of the category among the vocabulary's categories.
    var category: Int32
    var safety: Bool
    var isFallback: Bool
    /// Index of the `negation_yields` tag, or -1 when a negated mention is dropped.
    var negationYields: Int32

    static func rules(for vocabulary: TagVocabulary) -> [TagRule] {
        var categories: [String: Int32] = [:]
        let indexOfCode = Dictionary(
            vocabulary.tags.enumerated().map { ($0.element.code, Int32($0.offset)) }, uniquingKeysWith: { first, _ in first })
        return vocabulary.tags.map { tag in
            let category = categories[tag.category] ?? Int32(categories.count)
            categories[tag.category] = category
            return TagRule(
                code: tag.code, category: category, safety: tag.safety, isFallback: tag.isFallback,
                negationYields: tag.negationYields.flatMap { indexOfCode[$0] } ?? -1)
        }
    }
}
