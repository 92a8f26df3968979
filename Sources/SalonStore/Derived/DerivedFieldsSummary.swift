/// What deriving fields did in a publish, and where the database stands afterwards.
public struct DerivedFieldsSummary: Sendable, Codable, Equatable {
    /// The date the rules looked back from (ISO); nil when there was no date to derive from.
    public var asOf: String?
    /// Customers of the run whose derived fields were refreshed.
    public var customersRefreshed: Int64 = 0
    /// customer_segments rows added and removed (a row whose segment holds stays as it was).
    public var segmentRowsInserted: Int64 = 0
    public var segmentRowsDeleted: Int64 = 0
    /// Customers whose derived member level was set or changed.
    public var levelsDerived: Int64 = 0
    /// Customers whose birthday_next changed.
    public var birthdaysUpdated: Int64 = 0
    /// Run customers left without segments because they gave no profiling consent.
    public var withoutProfilingConsent: Int64 = 0
    /// The whole database after publish: customers per segment code.
    public var segments: [String: Int64] = [:]
    /// The whole database after publish: customers per derived member level.
    public var derivedLevels: [String: Int64] = [:]

    public init() {}

    public var changedRows: Int64 { segmentRowsInserted + segmentRowsDeleted + levelsDerived + birthdaysUpdated }
}
