/// What publishing the chat sources changed in the CRM tables. A re-run over the same exports
/// changes nothing, so every count but `customersEnriched` is zero then.
public struct ChatPublishSummary: Sendable, Codable, Equatable {
    public var messagesInserted: Int64 = 0
    public var factsInserted: Int64 = 0
    /// Customers created from a chat: a valid phone no customer held yet.
    public var customersCreated: Int64 = 0
    /// Existing customers (earlier runs or this run's customer sources) a chat talked about.
    /// Not a change count: enrichment may add nothing new.
    public var customersEnriched: Int64 = 0
    /// Existing customers whose empty name or gender a chat's form of address filled.
    public var customersUpdated: Int64 = 0
    public var phonesInserted: Int64 = 0
    public var notesInserted: Int64 = 0
    public var tagsInserted: Int64 = 0
    public var appointmentsInserted: Int64 = 0
    public var appointmentsUpdated: Int64 = 0

    public init() {}

    /// Rows added or changed by the chat publish.
    public var changedRows: Int64 {
        messagesInserted + factsInserted + customersCreated + customersUpdated + phonesInserted + notesInserted
            + tagsInserted + appointmentsInserted + appointmentsUpdated
    }
}
