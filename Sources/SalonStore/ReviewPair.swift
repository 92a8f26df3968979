import SalonCore

/// An open review item as a person sees it: two customers side by side, why they were paired, and
/// the match score with its explanation. Phones are masked here, so nothing built from a
/// `ReviewPair` can show a full number.
public struct ReviewPair: Sendable, Equatable {
    public struct Side: Sendable, Equatable {
        public var customerID: Int64
        /// The name cell as written.
        public var name: String
        /// The customer's first phone, masked (138****8000).
        public var maskedPhone: String
        public var birthday: String
        public var store: String
        public var sourceFile: String
        public var recordKey: String
    }

    public var id: Int64
    public var reason: String
    public var score: Double?
    public var explanation: String
    public var detail: String
    /// The earlier customer; a `merge` decision keeps it and moves the other's rows to it.
    public var first: Side
    public var second: Side
}

extension ReviewPair {
    /// Open review items whose customers are both still customers of their own (not merged away),
    /// in SQL that SQLite and PostgreSQL run alike; phones come back sealed (`KeyRing.openSealed`).
    static let openPairsQuery: String = {
        func side(_ c: String) -> String {
            """
            \(c).id, COALESCE(\(c).name_original, \(c).name, ''),
            COALESCE((SELECT COALESCE(p.e164_sealed, p.e164) FROM customer_phones p WHERE p.customer_id = \(c).id ORDER BY p.id LIMIT 1), ''),
            COALESCE(CASE WHEN \(c).birthday_calendar = 'lunar' THEN '农历 ' ELSE '' END || \(c).birthday, ''),
            COALESCE((SELECT s.code FROM stores s WHERE s.id = \(c).home_store_id), ''), \(c).source_file, \(c).record_key
            """
        }
        return """
            SELECT q.id, q.reason, q.score, COALESCE(q.explanation, ''), q.detail,
              \(side("a")), \(side("b"))
            FROM review_queue q JOIN customers a ON a.id = q.other_customer_id JOIN customers b ON b.id = q.customer_id
            WHERE q.status = 'open' AND a.merged_into_customer_id IS NULL AND b.merged_into_customer_id IS NULL
            ORDER BY q.id
            """
    }()

    /// A row of `openPairsQuery`, its values as text.
    init(row: [String?]) {
        func side(_ at: Int) -> ReviewPair.Side {
            ReviewPair.Side(
                customerID: row[at].flatMap { Int64($0) } ?? 0, name: row[at + 1] ?? "",
                maskedPhone: PIIMask.localPhone(row[at + 2] ?? ""), birthday: row[at + 3] ?? "",
                store: row[at + 4] ?? "", sourceFile: row[at + 5] ?? "", recordKey: row[at + 6] ?? "")
        }
        self.init(
            id: row[0].flatMap { Int64($0) } ?? 0, reason: row[1] ?? "", score: row[2].flatMap { Double($0) },
            explanation: row[3] ?? "", detail: PIIMask.text(row[4] ?? ""), first: side(5), second: side(12))
    }
}

extension CRMDatabase {
    /// Open review items whose customers are both still customers of their own (not merged away).
    public func openReviewPairs() throws -> [ReviewPair] {
        try KeyRing.openSealed(connection.query(ReviewPair.openPairsQuery).map { $0.map(\.text) }, with: keyRing).map(ReviewPair.init(row:))
    }
}
