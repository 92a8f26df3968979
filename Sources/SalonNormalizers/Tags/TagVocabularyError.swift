/// Why a tag vocabulary was refused, found before any note is mapped so that a broken
/// `schemas/tags.yaml` stops the run at configuration time rather than mis-tagging a million notes.
public struct TagVocabularyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong; a struct over a private enum so kinds can be added later.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case duplicateCode = "duplicate_code"
            case emptySynonym = "empty_synonym"
            case danglingNegationYields = "dangling_negation_yields"
            case ambiguousSynonym = "ambiguous_synonym"
            case invalidValuePattern = "invalid_value_pattern"
            case invalidCharacterMap = "invalid_character_map"
            case separatorInPhrase = "separator_in_phrase"
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// Two tags share one code.
        public static let duplicateCode = Kind(.duplicateCode)
        /// A synonym or cue is empty once spaces are removed.
        public static let emptySynonym = Kind(.emptySynonym)
        /// `negation_yields` names a code the vocabulary does not have.
        public static let danglingNegationYields = Kind(.danglingNegationYields)
        /// One normalized synonym belongs to two codes, so a match could not say which tag it is.
        public static let ambiguousSynonym = Kind(.ambiguousSynonym)
        /// `value_pattern` is not a valid regex.
        public static let invalidValuePattern = Kind(.invalidValuePattern)
        /// `traditional_to_simplified` maps something other than one character to one character.
        public static let invalidCharacterMap = Kind(.invalidCharacterMap)
        /// A synonym or cue contains clause punctuation, so it could never match.
        public static let separatorInPhrase = Kind(.separatorInPhrase)
        public var description: String { value.rawValue }
    }

    public var kind: Kind
    /// The tag code (or vocabulary key) at fault.
    public var key: String
    public var message: String

    public init(_ kind: Kind, key: String, message: String) {
        self.kind = kind
        self.key = key
        self.message = message
    }

    public var description: String { "tag vocabulary: \(kind) at \(key): \(message)" }
}
