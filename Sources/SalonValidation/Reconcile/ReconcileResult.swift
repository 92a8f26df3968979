/// What a dual-run comparison found: totals per store and day, and every exception with both sides.
public struct ReconcileResult: Sendable, Codable, Equatable {
    /// Count and sum of one store's day on each side.
    public struct StoreDay: Sendable, Codable, Equatable {
        public var store: String
        public var day: String
        public var oldCount: Int
        public var oldSumFen: Int64
        public var newCount: Int
        public var newSumFen: Int64
        public var agrees: Bool
    }

    /// A receipt that did not reconcile.
    public struct ReceiptException: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// In the old system's export, not in the new system.
            case missingInNew = "missing_in_new"
            /// In the new system, not in the old system's export.
            case missingInOld = "missing_in_old"
            /// Matched, but the amounts differ beyond the tolerance.
            case amountDifferent = "amount_different"
        }

        public var kind: Kind
        public var store: String
        public var day: String
        public var old: ReconcileReceipt?
        public var new: ReconcileReceipt?
        public var detail: String
    }

    /// A customer whose visits, spend or balance differ between the sides.
    public struct CustomerException: Sendable, Codable, Equatable {
        public var store: String
        /// The customer as the sides name them (phone or card); masked when written for people.
        public var customer: String
        public var oldVisits: Int
        public var newVisits: Int
        public var oldSpendFen: Int64
        public var newSpendFen: Int64
        public var detail: String
    }

    /// A card whose balance differs between the sides, or is on one side only.
    public struct BalanceException: Sendable, Codable, Equatable {
        public var store: String
        public var card: String
        public var oldBalanceFen: Int64?
        public var newBalanceFen: Int64?
        public var detail: String
    }

    public var tolerance: ReconcileTolerance
    public var oldReceipts: Int
    public var newReceipts: Int
    /// Receipts paired by their shared number.
    public var matchedByNumber: Int
    /// Receipts paired by store, time window, amount and customer.
    public var matchedByContent: Int
    public var storeDays: [StoreDay]
    public var receiptExceptions: [ReceiptException]
    public var customerExceptions: [CustomerException]
    public var balanceExceptions: [BalanceException]

    /// Every exception of every kind.
    public var exceptionCount: Int { receiptExceptions.count + customerExceptions.count + balanceExceptions.count }
    /// No exception and every store-day agreeing.
    public var isClean: Bool { exceptionCount == 0 && storeDays.allSatisfy(\.agrees) }
}
