/// One source file of a periodic import, as recorded in `import_files` in the same transaction as
/// the receipts it brought: the fingerprint commits with the data, never without it.
public struct ImportedFile: Sendable, Equatable {
    public var sourceID: String
    /// As shown in reports: relative to the pipeline's folder.
    public var path: String
    public var sha256: String
    public var sizeBytes: Int64
    /// The export's business day from its name (`2024-03-01`), when it has one.
    public var fileDate: String?
    /// Where the file was cut inside a line (`SH01_20240303.csv:line 41`); nil for a whole file.
    public var cutAt: String?
    public var recordsIn = 0
    public var rejected = 0

    public init(sourceID: String, path: String, sha256: String, sizeBytes: Int64, fileDate: String?) {
        self.sourceID = sourceID
        self.path = path
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.fileDate = fileDate
    }

    public var isComplete: Bool { cutAt == nil }
}

/// What importing one file changed beyond the receipt upsert itself.
public struct ImportPublishSummary: Sendable, Codable, Equatable {
    /// Receipts a later file brought with different content (each adds history rows).
    public var corrections: Int64 = 0
    public var historyRows: Int64 = 0
    /// Lines a correction no longer lists.
    public var linesRemoved: Int64 = 0
    /// Stored-value movements added or changed, and cards whose balance moved.
    public var movementsChanged: Int64 = 0
    public var cardsMoved: Int64 = 0
    /// Stored-value lines on receipts without a card number: nothing to debit.
    public var movementsWithoutCard: Int64 = 0
    /// Points movements added or changed, cards whose points balance moved, and lines with
    /// points but no card number to credit them to.
    public var pointMovementsChanged: Int64 = 0
    public var cardsPointsMoved: Int64 = 0
    public var pointsWithoutCard: Int64 = 0

    public init() {}
}
