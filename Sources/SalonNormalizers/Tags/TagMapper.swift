/// Turns free-text salon notes ("喜欢自然卷，对染发剂过敏", "不要烫发 上次烫坏了") into standard
/// tags, each pointing back at the words it came from.
///
/// The note is matched in one pass by an Aho–Corasick automaton over its normalized form (width,
/// case, Traditional → Simplified, spaces ignored); only notes with matches pay for the rules:
/// - a negation cue earlier in the clause (split on ，,。；;！!？?、, line breaks and spaces) drops
///   the mention or turns it into its `negation_yields` code; a cue directly before the mention
///   across spaces also counts ("不要 烫发"), and a cue does not reach past a mention of another
///   category ("不要烫发对染发剂过敏" keeps the allergy);
/// - "no allergy" phrases yield nothing; a hedge in the clause (or, for safety tags, in the phrase
///   between punctuation) marks the tag for review;
/// - fallback codes (`value_pattern: <clause>`, e.g. a bare 过敏) give way to a specific tag of
///   their category in the same phrase.
///
/// Notes are never changed: the caller stores them verbatim and keeps the tags beside them.
public final class TagMapper: Sendable {
    public let vocabulary: TagVocabulary
    let automaton: TagAutomaton
    /// Compiled `value_pattern` per tag (nil for tags without one and for fallbacks).
    let valuePatterns: [TagValuePattern?]
    /// Per-tag facts the resolver compares as integers.
    let rules: [TagRule]

    /// - Throws: `TagVocabularyError` when the vocabulary is inconsistent.
    public init(vocabulary: TagVocabulary) throws {
        try vocabulary.validate()
        let characterMap = try vocabulary.scalarCharacterMap()
        var phrases: [(kind: TagAutomaton.Kind, tag: Int32, scalars: [UInt32])] = []
        func add(_ kind: TagAutomaton.Kind, _ tag: Int32, _ texts: [String]) {
            for text in texts {
                phrases.append((kind, tag, TagTextFolding.foldPhrase(text, characterMap: characterMap)))
            }
        }
        for (index, tag) in vocabulary.tags.enumerated() { add(.synonym, Int32(index), tag.synonyms) }
        add(.noAllergy, -1, vocabulary.noAllergyPhrases)
        add(.negation, -1, vocabulary.negationCues)
        add(.suspected, -1, vocabulary.suspectedCues)
        add(.pseudoNegation, -1, vocabulary.pseudoNegations ?? [])
        self.vocabulary = vocabulary
        self.automaton = TagAutomaton(phrases: phrases, characterMap: characterMap)
        self.rules = TagRule.rules(for: vocabulary)
        self.valuePatterns = try vocabulary.tags.map { tag in
            guard let pattern = tag.valuePattern, !tag.isFallback else { return nil }
            return try TagValuePattern(pattern)
        }
    }

    /// The tags of a note, ordered by where they start in it.
    public func map(_ note: String) -> [TagMatch] {
        mapNote(note).tags
    }

    /// The tags of a note and whether any of its text was left unmapped.
    public func mapNote(_ note: String) -> TagMapping {
        var text = note
        return text.withUTF8 { bytes in
            // Per-scalar tables live in one temporary allocation: no heap traffic for short notes.
            let capacity = bytes.count + 1
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity * 7) { storage in
                var scan = TagNoteScan(
                    bytes: bytes, storage: storage, capacity: capacity, automaton: automaton)
                guard !scan.occurrences.isEmpty else {
                    return TagMapping(tags: [], unmatchedText: scan.textScalarCount > 0)
                }
                return resolve(&scan)
            }
        }
    }
}
