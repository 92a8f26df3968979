/// A clause that states a customer preference or sensitivity (过敏, 喜欢, 不要 …). The tag mapper
/// decides what it means; the verbatim clause is kept as a note either way.
public struct ChatNoteFact: Sendable, Hashable {
    /// The clause as written, without its punctuation.
    public var text: String
    /// The cue word that made it a note (过敏, 敏感, 喜欢 …).
    public var cue: String
    public var confidence: Double

    public init(text: String, cue: String, confidence: Double) {
        self.text = text
        self.cue = cue
        self.confidence = confidence
    }
}
