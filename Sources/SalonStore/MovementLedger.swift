/// A balance on member cards moved by one row per (store, receipt, line): stored value
/// (`card_movements`, `balance_fen`) and loyalty points (`point_movements`, `points_balance`).
/// Both targets build their import's movements from these definitions; only the way they name the
/// staged receipts and the lines table differs.
struct MovementLedger {
    /// The movements table and the member_cards column its rows move.
    var table: String
    var balanceColumn: String
    /// The signed amount column, and every column that makes a movement different.
    var valueColumn: String
    var contentColumns: [String]
    /// The movements the staged receipts carry now: store_id, receipt_no, line_no, card_key, the
    /// content columns and sold_at.
    var select: String

    /// Top-ups credit the card, payments from it debit it, refunds to it credit it.
    static func storedValue(stagedKeys: String, lines: String) -> MovementLedger {
        MovementLedger(
            table: "card_movements", balanceColumn: "balance_fen", valueColumn: "amount_fen", contentColumns: ["kind", "amount_fen"],
            select: """
                SELECT r.store_id, r.receipt_no, l.line_no, r.card_number AS card_key,
                  CASE WHEN l.payment = 'stored_value' AND l.amount_fen < 0 THEN 'refund'
                       WHEN l.payment = 'stored_value' THEN 'deduction' ELSE 'topup' END AS kind,
                  CASE WHEN l.payment = 'stored_value' THEN -l.amount_fen ELSE l.amount_fen END AS amount_fen, r.sold_at
                FROM \(stagedKeys) JOIN \(lines) l ON l.receipt_id = r.id
                WHERE l.status <> 'void' AND (l.payment = 'stored_value' OR l.item LIKE '%充值%')
                """)
    }

    /// Points as the till printed them per line: earned positive, redeemed negative.
    static func loyaltyPoints(stagedKeys: String, lines: String) -> MovementLedger {
        MovementLedger(
            table: "point_movements", balanceColumn: "points_balance", valueColumn: "points", contentColumns: ["points"],
            select: """
                SELECT r.store_id, r.receipt_no, l.line_no, r.card_number AS card_key, l.points, r.sold_at
                FROM \(stagedKeys) JOIN \(lines) l ON l.receipt_id = r.id
                WHERE l.status <> 'void' AND l.points IS NOT NULL AND l.points <> 0
                """)
    }

    /// `n.a = o.a AND …` over the content columns.
    var sameContent: String { contentColumns.map { "n.\($0) = o.\($0)" }.joined(separator: " AND ") }
}
