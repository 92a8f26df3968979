import Foundation
import SalonCore
import SalonStore
import SalonValidation

/// `salon-etl reconcile`: the old system's exports (the pipeline's `reconcile.old` receipt
/// sources) against the CRM database, per store and day, per receipt and per customer.
///
/// The old side goes through the same readers and normalizers as a migration (a dry run into the
/// workspace, so nothing is published); the new side is read from the database for the stores and
/// days the old side covers. Each store-day's outcome is kept in `reconcile_runs`, and the cutover
/// rule is evaluated over that history.
public enum DualRunReconciliation {
    /// Exit codes, as datacompy's CLI uses them: 0 clean, 1 differences, 2 could not run.
    public enum ExitCode {
        public static let clean: Int32 = 0
        public static let differences: Int32 = 1
        public static let couldNotRun: Int32 = 2
    }

    public struct Outcome: Sendable {
        public var result: ReconcileResult
        public var cutover: CutoverRule.Decision
        public var reportJSON: String
        public var reportHTML: String
        public var exitCode: Int32 { result.isClean ? ExitCode.clean : ExitCode.differences }
    }

    /// - Throws: `SalonError(.configuration)` when the pipeline has no `reconcile` section or the
    ///   SQLite database does not exist.
    public static func run(spec: PipelineSpec, databasePath override: String?, workspaceRoot: String?) throws -> Outcome {
        guard let settings = spec.reconcile else {
            throw SalonError(
                .configuration, "the pipeline has no reconcile section", location: spec.file,
                fix: "add reconcile: { old: SOURCE_ID } naming the receipt source with the old system's export")
        }
        var databasePath = override
        if override == nil, case .sqlite(let path) = spec.target { databasePath = path }
        if let databasePath, !FileManager.default.fileExists(atPath: databasePath) {
            throw SalonError(.configuration, "no CRM database here", location: databasePath, fix: "pass --db PATH, or run the migration first")
        }

        // The old side: its sources only, staged by a dry run.
        var oldSpec = spec
        oldSpec.sources = spec.sources.filter { settings.oldSources.contains($0.id) }
        oldSpec.derive = nil
        let staged = try PipelineRunner(
            spec: oldSpec, options: RunOptions(databasePath: databasePath, workspaceRoot: workspaceRoot, dryRun: true, showProgress: false)
        ).run()
        if staged.report.status == .error {
            throw SalonError(.io, "the old system's export could not be read: \(staged.report.error ?? "")", location: spec.file)
        }
        let old = try oldReceipts(stagingPath: staged.report.files.staging)

        // Opened as the CRM database, so a database from before reconcile_runs existed is migrated.
        let database: CRMTarget
        var shownDatabase = databasePath ?? ""
        if let databasePath {
            database = try CRMDatabase(path: databasePath)
        } else if case .postgres(let url) = spec.target {
            let postgres = try PostgresCRMDatabase(url: url)
            // The keys of an encrypted CRM, to open the phones the comparison shows.
            try postgres.useKeys(nil)
            database = postgres
            shownDatabase = PostgresURL.redacted(url)
        } else {
            preconditionFailure("a target is either sqlite or postgres")
        }
        let new = try newReceipts(database, covering: old)
        let oldCards = try oldBalances(stagingPath: staged.report.files.staging)
        let newCards = try newBalances(database, stores: Set(oldCards.map(\.store)))
        let tolerance = ReconcileTolerance(amountFen: settings.amountToleranceFen, timeWindowMinutes: settings.timeWindowMinutes)
        let result = Reconciler.compare(old: old, new: new, oldBalances: oldCards, newBalances: newCards, tolerance: tolerance)

        let folder = "\(staged.report.files.workspace)/reconcile"
        try PrivateFile.createDirectory(folder)
        let json = "\(folder)/reconcile.json"
        let html = "\(folder)/reconcile.html"
        let reconciledAt = ISO8601DateFormatter().string(from: Date())
        try record(result, in: database, pipeline: spec.name, at: reconciledAt, reportPath: json)
        let rule = CutoverRule(cleanDays: settings.cleanDays, maxOpenExceptions: settings.maxOpenExceptions)
        let cutover = rule.evaluate(history: try history(database, pipeline: spec.name))

        let report = ReconcileReport(
            pipeline: spec.name, reconciledAt: reconciledAt, database: shownDatabase, result: result.masked(), cutover: cutover,
            cutoverRule: rule)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try PrivateFile.write(try encoder.encode(report), to: json)
        try PrivateFile.write(Data(ReconcileHTML.render(report).utf8), to: html)
        return Outcome(result: result, cutover: cutover, reportJSON: json, reportHTML: html)
    }

    /// One receipt per store and number from the staged lines: the first line's time, the net of
    /// its lines (voided lines count for nothing), its card or else its phone.
    static func oldReceipts(stagingPath: String) throws -> [ReconcileReceipt] {
        let staging = try SQLiteConnection(path: stagingPath, readOnly: true)
        return try staging.query("""
            SELECT r.store_code, r.receipt_no, MIN(r.sold_at), SUM(CASE WHEN r.status = 'void' THEN 0 ELSE r.amount_fen END),
                   MAX(r.card_number), MAX(r.phone_e164), MIN(f.source_file || ' line ' || r.line)
            FROM stg_receipt_line_rows r JOIN stg_sources f ON f.file_id = r.file_id
            GROUP BY r.store_code, r.receipt_no
            """).map { row in
            ReconcileReceipt(
                store: row[0].text ?? "", number: row[1].text, time: row[2].text ?? "", amountFen: row[3].int ?? 0,
                customer: row[4].text ?? row[5].text, location: row[6].text ?? "")
        }
    }

    /// The old system's stored-value balances, from its member exports (`reconcile.old` customer
    /// sources): one per card, keyed by the card number, or by the customer's phone where the old
    /// system keeps one balance per customer without a number.
    static func oldBalances(stagingPath: String) throws -> [ReconcileBalance] {
        let staging = try SQLiteConnection(path: stagingPath, readOnly: true)
        return try staging.query("""
            SELECT c.store_code, COALESCE(c.card_number,
                     (SELECT p.e164 FROM stg_phone_rows p WHERE p.staging_id = c.staging_id ORDER BY p.rowid LIMIT 1)),
                   c.balance_fen, f.source_file || ' line ' || c.line
            FROM stg_card_rows c JOIN stg_sources f ON f.file_id = c.file_id
            ORDER BY c.rowid
            """).compactMap { row in
            guard let card = row[1].text else { return nil }
            return ReconcileBalance(store: row[0].text ?? "", card: card, balanceFen: row[2].int ?? 0, location: row[3].text ?? "")
        }
    }

    /// The CRM's member cards in the stores the old balances cover, keyed as `oldBalances` keys them.
    static func newBalances(_ database: CRMTarget, stores: Set<String>) throws -> [ReconcileBalance] {
        var balances: [ReconcileBalance] = []
        for store in stores.sorted() {
            balances += try database.sharedQuery("""
                SELECT COALESCE(m.card_number,
                         (SELECT COALESCE(p.e164_sealed, p.e164) FROM customer_phones p
                          WHERE p.customer_id = m.customer_id ORDER BY p.id LIMIT 1)),
                       m.balance_fen, m.id
                FROM member_cards m JOIN stores s ON s.id = m.store_id
                WHERE s.code = ?1
                ORDER BY m.id
                """, [store]).compactMap { row in
                guard let card = row[0] else { return nil }
                return ReconcileBalance(
                    store: store, card: card, balanceFen: row[1].flatMap { Int64($0) } ?? 0, location: "member_cards #\(row[2] ?? "0")")
            }
        }
        return balances
    }

    /// The CRM's receipts of every store and day the old side covers.
    static func newReceipts(_ database: CRMTarget, covering old: [ReconcileReceipt]) throws -> [ReconcileReceipt] {
        let storeDays = Set(old.map { "\($0.store)\u{1F}\($0.day)" }).sorted()
        var receipts: [ReconcileReceipt] = []
        for storeDay in storeDays {
            let parts = storeDay.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            receipts += try database.sharedQuery("""
                SELECT r.receipt_no, r.sold_at, r.total_fen, r.card_number,
                       (SELECT COALESCE(p.e164_sealed, p.e164) FROM customer_phones p WHERE p.customer_id = r.customer_id ORDER BY p.id LIMIT 1), r.id
                FROM receipts r JOIN stores s ON s.id = r.store_id
                WHERE s.code = ?1 AND substr(r.sold_at, 1, 10) = ?2
                ORDER BY r.id
                """, [parts[0], parts[1]]).map { row in
                ReconcileReceipt(
                    store: parts[0], number: row[0], time: row[1] ?? "", amountFen: row[2].flatMap { Int64($0) } ?? 0,
                    customer: row[3] ?? row[4], location: "receipts #\(row[5] ?? "0")")
            }
        }
        return receipts
    }

    /// One row per store-day compared, with the receipt exceptions of that store-day.
    static func record(_ result: ReconcileResult, in database: CRMTarget, pipeline: String, at: String, reportPath: String) throws {
        try database.sharedTransaction {
            for storeDay in result.storeDays {
                let exceptions = result.receiptExceptions.filter { $0.store == storeDay.store && $0.day == storeDay.day }.count
                _ = try database.sharedQuery("""
                    INSERT INTO reconcile_runs (reconciled_at, pipeline, store_code, day, old_receipts, old_sum_fen, new_receipts,
                      new_sum_fen, exceptions, clean, report_path)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                    """,
                    [at, pipeline, storeDay.store, storeDay.day, String(storeDay.oldCount), String(storeDay.oldSumFen),
                     String(storeDay.newCount), String(storeDay.newSumFen), String(exceptions),
                     storeDay.agrees && exceptions == 0 ? "1" : "0", reportPath])
            }
        }
    }

    /// Each business day's latest outcome over all its stores.
    static func history(_ database: CRMTarget, pipeline: String) throws -> [CutoverRule.Day] {
        try database.sharedQuery("""
            SELECT day, SUM(exceptions), MIN(clean) FROM reconcile_runs r
            WHERE pipeline = ?1 AND id = (
              SELECT MAX(id) FROM reconcile_runs x WHERE x.pipeline = r.pipeline AND x.store_code = r.store_code AND x.day = r.day)
            GROUP BY day ORDER BY day
            """, [pipeline]).map { row in
            CutoverRule.Day(day: row[0] ?? "", exceptions: row[1].flatMap { Int($0) } ?? 0, clean: row[2] == "1")
        }
    }
}

/// What `salon-etl reconcile` writes as JSON (snake_case), with customers masked.
struct ReconcileReport: Codable {
    var pipeline: String
    var reconciledAt: String
    var database: String
    var result: ReconcileResult
    var cutover: CutoverRule.Decision
    var cutoverRule: CutoverRule
}

extension ReconcileResult {
    /// The same result with every customer (a phone or a card) masked for reports.
    func masked() -> ReconcileResult {
        func mask(_ receipt: ReconcileReceipt?) -> ReconcileReceipt? {
            receipt.map { var copy = $0; copy.customer = copy.customer.map(PIIMask.text); return copy }
        }
        var copy = self
        copy.receiptExceptions = receiptExceptions.map { var e = $0; e.old = mask(e.old); e.new = mask(e.new); return e }
        copy.customerExceptions = customerExceptions.map { var e = $0; e.customer = PIIMask.text(e.customer); return e }
        copy.balanceExceptions = balanceExceptions.map { var e = $0; e.card = PIIMask.text(e.card); return e }
        return copy
    }
}
