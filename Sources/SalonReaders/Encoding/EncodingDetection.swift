/// The outcome of guessing a file's encoding, kept in the layout so `inspect` can show why.
public struct EncodingDetection: Sendable {
    public var encoding: TextEncoding
    /// 0...1: 1 for a byte order mark or an encoding given by the pipeline, lower for guesses.
    public var confidence: Double
    /// Whether the file starts with this encoding's byte order mark (the reader skips it).
    public var hasBOM: Bool
    /// A short human-readable justification, e.g. "UTF-16LE byte order mark".
    public var reason: String

    public init(encoding: TextEncoding, confidence: Double, hasBOM: Bool, reason: String) {
        self.encoding = encoding
        self.confidence = confidence
        self.hasBOM = hasBOM
        self.reason = reason
    }
}
