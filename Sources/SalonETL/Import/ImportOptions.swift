/// How `salon-etl import` is asked for on the command line.
public struct ImportOptions: Sendable {
    /// Overrides the pipeline's sqlite target.
    public var databasePath: String?
    /// Overrides the pipeline's workspace root.
    public var workspaceRoot: String?
    /// Read the archived exports of these days (`import.archive`, else the sources' own paths).
    public var backfill: BackfillRange?
    /// Fixed import id (tests); by default a timestamp and a random suffix.
    public var importID: String?

    public init(databasePath: String? = nil, workspaceRoot: String? = nil, backfill: BackfillRange? = nil, importID: String? = nil) {
        self.databasePath = databasePath
        self.workspaceRoot = workspaceRoot
        self.backfill = backfill
        self.importID = importID
    }
}
