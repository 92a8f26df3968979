import SalonCore

/// A person's decision on one review item, read from the review file.
public struct ReviewDecision: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case merge, separate
    }

    public var reviewID: Int64
    public var kind: Kind
    /// Where the decision was written ("review.csv:4"), for messages.
    public var location: String

    public init(reviewID: Int64, kind: Kind, location: String) {
        self.reviewID = reviewID
        self.kind = kind
        self.location = location
    }
}

/// What applying a decisions file changed. Applying the same file again reports only
/// `alreadyDecided`.
public struct ReviewApplySummary: Sendable, Equatable {
    public var merged = 0
    public var separated = 0
    public var alreadyDecided = 0
    public var rowsMoved = 0

    public init() {}
}

extension CRMDatabase {
    /// Applies review decisions in one transaction (see `IdentityDecisions.apply`).
    public func applyReviewDecisions(_ decisions: [ReviewDecision], operationID: String) throws -> ReviewApplySummary {
        try IdentityDecisions(target: self, keys: keyRing, operationID: operationID, location: connection.path).apply(decisions)
    }
}

extension PostgresCRMDatabase {
    /// Applies review decisions in one transaction, as on SQLite (see `IdentityDecisions.apply`).
    public func applyReviewDecisions(_ decisions: [ReviewDecision], operationID: String) throws -> ReviewApplySummary {
        try withPublishLock {
            try IdentityDecisions(target: self, keys: keyRing, operationID: operationID, location: location).apply(decisions)
        }
    }
}
