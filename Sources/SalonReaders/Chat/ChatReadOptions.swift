/// How to read one chat source; every nil means "detect it".
public struct ChatReadOptions: Sendable {
    /// The pipeline's id of the source, copied into every record's provenance.
    public var sourceID: String
    /// The file's encoding; nil detects it from the first 64 KiB.
    public var encoding: TextEncoding?
    /// WhatsApp day/month order; nil infers it from the dates in the first 64 KiB.
    public var dateOrder: ChatDateOrder?

    public init(sourceID: String, encoding: TextEncoding? = nil, dateOrder: ChatDateOrder? = nil) {
        self.sourceID = sourceID
        self.encoding = encoding
        self.dateOrder = dateOrder
    }
}
