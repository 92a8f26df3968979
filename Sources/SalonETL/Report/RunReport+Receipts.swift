import SalonCore
import SalonStore

extension RunReport {
    /// Receipts a run staged: per store, and what happened to the lines that added nothing.
    public struct ReceiptSummary: Sendable, Codable {
        public var stores: [StoreReceiptTotal]
        /// Merged lines by reason: duplicate_line (overlapping exports), other_source.
        public var mergedByReason: [String: Int]
        /// The run's receipts by how they found their customer (from the publish step).
        public var links: [String: Int64]?
    }

    /// One store's receipts in the run, net of refunds and without voided lines.
    public struct StoreReceiptTotal: Sendable, Codable, Equatable {
        public var store: String
        public var receipts: Int
        public var lines: Int
        public var totalFen: Int64
        /// The total in yuan with two decimals, for people and spreadsheets.
        public var totalYuan: String

        public init(store: String, receipts: Int, lines: Int, totalFen: Int64) {
            self.store = store
            self.receipts = receipts
            self.lines = lines
            self.totalFen = totalFen
            totalYuan = Self.yuan(totalFen)
        }

        static func yuan(_ fen: Int64) -> String {
            let sign = fen < 0 ? "-" : ""
            let magnitude = fen.magnitude
            let cents = magnitude % 100
            return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
        }
    }
}
