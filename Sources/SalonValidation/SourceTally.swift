import SalonCore

/// Per-source counts of what happened to every record read. The gate requires that
/// `recordsIn == loaded + merged + rejected` for every source: nothing disappears.
public struct SourceTally: Sendable, Codable, Equatable {
    public var sourceID: String
    public var files: [String] = []
    /// Records the readers produced, plus records the readers rejected (unreadable rows count in).
    public var recordsIn = 0
    /// Records that became a new customer.
    public var loaded = 0
    /// Records folded into a customer staged from an earlier record.
    public var merged = 0
    /// Records rejected whole.
    public var rejected = 0
    /// Field-level rejects (the record itself still loaded or merged).
    public var fieldRejects = 0
    public var warnings = 0
    public var bytes: Int64 = 0

    public init(sourceID: String) { self.sourceID = sourceID }

    public var isBalanced: Bool { recordsIn == loaded + merged + rejected }
}
