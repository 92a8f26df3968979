/// The tags of one note, and whether the note says more than its tags capture.
public struct TagMapping: Sendable, Hashable {
    public var tags: [TagMatch]
    /// Some non-punctuation text was not part of any tag, cue or no-allergy phrase, so the verbatim
    /// note carries information the tags do not.
    public var unmatchedText: Bool

    public init(tags: [TagMatch], unmatchedText: Bool) {
        self.tags = tags
        self.unmatchedText = unmatchedText
    }
}
