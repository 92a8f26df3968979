import SalonCore

/// What an unmerge restored.
public struct UnmergeSummary: Sendable, Equatable {
    /// The customers that are their own again: new ids for records merged during a run, the old
    /// ids for customers merged by a review decision.
    public var restoredCustomerIDs: [Int64] = []
    public var rowsMoved = 0
    public var survivorRestored = false

    public init() {}
}

extension CRMDatabase {
    /// Undoes every active merge into `customerID`, in one transaction (see `IdentityDecisions.unmerge`).
    public func unmerge(customerID: Int64, operationID: String) throws -> UnmergeSummary {
        try IdentityDecisions(target: self, keys: keyRing, operationID: operationID, location: connection.path).unmerge(customerID: customerID)
    }
}

extension PostgresCRMDatabase {
    /// Undoes every active merge into `customerID`, in one transaction, as on SQLite.
    public func unmerge(customerID: Int64, operationID: String) throws -> UnmergeSummary {
        try withPublishLock {
            try IdentityDecisions(target: self, keys: keyRing, operationID: operationID, location: location).unmerge(customerID: customerID)
        }
    }
}
