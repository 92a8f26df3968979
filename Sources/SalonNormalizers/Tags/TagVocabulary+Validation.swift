extension TagVocabulary {
    /// Checks the vocabulary before use: unique codes, non-empty synonyms and cues, no clause
    /// punctuation inside them, `negation_yields` pointing at an existing code, no synonym shared
    /// by two codes (after normalization), a one-to-one character map and compilable value patterns.
    /// - Throws: `TagVocabularyError` naming the first problem and the code or key it is in.
    public func validate() throws {
        let characterMap = try scalarCharacterMap()
        var codes: Set<String> = []
        for tag in tags where !codes.insert(tag.code).inserted {
            throw TagVocabularyError(.duplicateCode, key: tag.code, message: "code \(tag.code) is defined twice")
        }
        var owners: [[UInt32]: String] = [:]
        for tag in tags {
            for synonym in tag.synonyms {
                let folded = try checkedPhrase(synonym, key: tag.code, characterMap: characterMap)
                if let owner = owners[folded], owner != tag.code {
                    throw TagVocabularyError(
                        .ambiguousSynonym, key: tag.code,
                        message: "synonym \(synonym) also belongs to \(owner); keep it in one code")
                }
                owners[folded] = tag.code
            }
            if let target = tag.negationYields, !codes.contains(target) {
                throw TagVocabularyError(
                    .danglingNegationYields, key: tag.code,
                    message: "negation_yields names \(target), which is not a code of this vocabulary")
            }
            if let pattern = tag.valuePattern, pattern != TagDefinition.clauseValuePattern {
                do {
                    _ = try Regex(pattern)
                } catch {
                    throw TagVocabularyError(
                        .invalidValuePattern, key: tag.code, message: "value_pattern \(pattern) is not a valid regex: \(error)")
                }
            }
        }
        let cueLists: [(String, [String])] = [
            ("negation_cues", negationCues), ("no_allergy_phrases", noAllergyPhrases),
            ("suspected_cues", suspectedCues), ("pseudo_negations", pseudoNegations ?? []),
        ]
        for (key, phrases) in cueLists {
            for phrase in phrases {
                let folded = try checkedPhrase(phrase, key: key, characterMap: characterMap)
                if key == "no_allergy_phrases", let owner = owners[folded] {
                    throw TagVocabularyError(
                        .ambiguousSynonym, key: key, message: "\(phrase) is also a synonym of \(owner)")
                }
            }
        }
    }

    /// The character map as scalars; every key and value must be exactly one scalar.
    func scalarCharacterMap() throws -> [UInt32: UInt32] {
        var map: [UInt32: UInt32] = [:]
        for (traditional, simplified) in traditionalToSimplified ?? [:] {
            let from = Array(traditional.unicodeScalars)
            let to = Array(simplified.unicodeScalars)
            guard from.count == 1, to.count == 1 else {
                throw TagVocabularyError(
                    .invalidCharacterMap, key: "traditional_to_simplified",
                    message: "\(traditional) → \(simplified) must map one character to one character")
            }
            map[TagTextFolding.foldWidthAndCase(from[0].value)] = to[0].value
        }
        return map
    }

    private func checkedPhrase(_ phrase: String, key: String, characterMap: [UInt32: UInt32]) throws -> [UInt32] {
        let folded = TagTextFolding.foldPhrase(phrase, characterMap: characterMap)
        if folded.isEmpty {
            throw TagVocabularyError(.emptySynonym, key: key, message: "an entry is empty")
        }
        if folded.contains(where: { TagTextFolding.role(of: $0) == .separator }) {
            throw TagVocabularyError(
                .separatorInPhrase, key: key, message: "\(phrase) contains clause punctuation and could never match")
        }
        return folded
    }
}
