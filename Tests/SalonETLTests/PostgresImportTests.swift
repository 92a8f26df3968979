import Foundation
import SalonCore
@testable import SalonETL
import SalonStore
import Testing

/// `salon-etl import` into a real PostgreSQL server (SALON_TEST_POSTGRES_URL): the samples in
/// samples/pos-daily, dropped day by day with a cut file, a duplicate and a correction, end in the
/// same receipts, history, movements and balances as the same import into SQLite; a re-import
/// changes nothing; a second import is refused while the advisory lock is held.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresImportTests {
    let files = ImportJobTests()

    /// The pos-daily project of `ImportJobTests`, writing into `url` instead of crm.sqlite.
    func makeProject(postgres url: String) throws -> String {
        let folder = try files.makeProject()
        let path = "\(folder)/pos-daily.yaml"
        let pipeline = try String(contentsOfFile: path, encoding: .utf8)
        #expect(pipeline.contains("target: { sqlite: crm.sqlite }"))
        try pipeline.replacingOccurrences(of: "target: { sqlite: crm.sqlite }", with: "target: { postgres: \"\(url)\" }")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    /// Receipts, lines, history, movements, balances, review and import records as text rows,
    /// in SQL both databases run the same (no ids, no run ids).
    static let queries: [(String, String)] = [
        ("receipts", """
            SELECT s.code, r.receipt_no, r.sold_at, r.status, r.total_fen, r.payment, o.receipt_no, r.link_method, c.customer_key,
              r.card_number, r.source_file, r.record_key
            FROM receipts r JOIN stores s ON s.id = r.store_id LEFT JOIN receipts o ON o.id = r.refund_of
            LEFT JOIN customers c ON c.id = r.customer_id
            """),
        ("lines", """
            SELECT r.receipt_no, l.line_no, l.item, l.technician, l.quantity_milli, l.amount_fen, l.payment, l.status, l.points,
              l.source_file
            FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id
            """),
        ("history", "SELECT receipt_no, version, sold_at, status, total_fen, lines, source_file, record_key FROM receipt_history"),
        ("movements", "SELECT receipt_no, line_no, card_key, kind, amount_fen, sold_at FROM card_movements"),
        ("points", "SELECT receipt_no, line_no, card_key, points, sold_at FROM point_movements"),
        ("balances", "SELECT card_key, balance_fen, points_balance FROM member_cards"),
        ("review", "SELECT reason, detail FROM review_queue"),
        // Derived in every file's publish from tables the import's session keeps between files.
        ("segments", "SELECT c.customer_key, s.code, s.as_of FROM customer_segments s JOIN customers c ON c.id = s.customer_id"),
        ("levels", "SELECT customer_key, member_level, member_level_derived, birthday_next FROM customers"),
        ("import_files", "SELECT sha256, source_id, path, size_bytes, file_date, status, cut_at, records_in, rejected FROM import_files"),
    ]

    static func snapshot(sqlite path: String) throws -> [String: [[String?]]] {
        let db = try SQLiteConnection(path: path, readOnly: true)
        var result: [String: [[String?]]] = [:]
        for (name, sql) in queries { result[name] = try db.query(sql).map { $0.map(\.text) }.sorted(by: PostgresPublishTests.precedes) }
        return result
    }

    static func snapshot(postgres url: String) throws -> [String: [[String?]]] {
        let db = try PostgresConnection(url: url)
        var result: [String: [[String?]]] = [:]
        for (name, sql) in queries { result[name] = try db.query(sql).sorted(by: PostgresPublishTests.precedes) }
        return result
    }

    @Test func aMessySequenceOfExportsEndsAsOnSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let intoPostgres = try makeProject(postgres: url)
        let intoSQLite = try files.makeProject()
        var last: [ImportReport] = []
        func step(_ names: [String], from sub: String = "inbox", as rename: String? = nil) throws {
            last = []
            for folder in [intoSQLite, intoPostgres] {
                try files.drop(names, into: folder, from: sub, as: rename)
                last.append(try files.importOnce(folder))
            }
            #expect(last[1].exitCode == last[0].exitCode, "\(last[1].files.compactMap(\.error))")
            #expect(last[1].files.map(\.status) == last[0].files.map(\.status))
        }
        try step(["SH01_会员_20240301.csv", "BJ02_会员_20240301.csv", "SH01_20240301.csv", "BJ02_20240301.csv"])
        #expect(last[1].count(.imported) == 4 && last[1].exitCode == 0)
        // A file cut mid-line, and the first day's export again under another name.
        try step(["SH01_20240303.csv"])
        let cut = try #require(last[1].files.first { $0.path.hasSuffix("SH01_20240303.csv") })
        #expect(cut.status == .incomplete && cut.heldLines == 1)
        #expect(cut.cutAt?.hasSuffix("SH01_20240303.csv:line 6") == true)
        try step(["SH01_20240301.csv"], as: "SH01_20240301 (1).csv")
        #expect(last[1].files.first { $0.path.hasSuffix("(1).csv") }?.status == .alreadyImported)
        try step(["SH01_20240302.csv", "SH01_20240304.csv", "BJ02_20240302.csv"])
        try step(["SH01_20240302_更正.csv"])
        let corrected = try #require(last[1].files.first { $0.status == .imported })
        #expect(corrected.corrections == 1)
        #expect(corrected.receiptsUpdated == last[0].files.first { $0.status == .imported }?.receiptsUpdated)

        let before = try Self.snapshot(postgres: url)
        let expected = try Self.snapshot(sqlite: "\(intoSQLite)/crm.sqlite")
        for (name, _) in Self.queries {
            #expect(before[name] == expected[name], "\(name) differs between SQLite and PostgreSQL")
            #expect(before[name]?.isEmpty == false, "\(name) is empty: the comparison would prove nothing")
        }
        #expect(before["history"]?.count == 2)
        #expect(before["balances"]?.contains(["VIP0003", "22000", "780"]) == true)

        // Idempotent: nothing new in the inbox, nothing imported, nothing changed.
        let again = try files.importOnce(intoPostgres)
        #expect(again.exitCode == 0 && again.count(.imported) == 0)
        #expect(again.count(.alreadyIncomplete) == 1, "the cut file is not taken again")
        #expect(try Self.snapshot(postgres: url) == before)
        // The same files once more under new names: skipped by content.
        try files.drop(["SH01_20240302_更正.csv"], into: intoPostgres, as: "SH01_20240302_更正 (2).csv")
        let renamed = try files.importOnce(intoPostgres)
        #expect(renamed.files.first { $0.path.hasSuffix("(2).csv") }?.status == .alreadyImported)
        #expect(try Self.snapshot(postgres: url) == before)
    }

    @Test func aSecondImportIsRefusedNamingTheHolder() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let folder = try makeProject(postgres: url)
        try files.drop(["SH01_20240301.csv"], into: folder)
        let held = try PostgresImportLock(url: url)
        #expect(held.holder.contains("pid \(getpid())"))
        let error = #expect(throws: SalonError.self) { try files.importOnce(folder) }
        #expect(error?.message.contains("another import is running") == true)
        #expect(error?.message.contains("salon-etl import pid \(getpid())") == true, "\(error?.message ?? "")")
        // Refused before anything else touched the database (not even the schema was created).
        #expect(try PostgresTestSupport.rows(url, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'import_files'") == [["0"]])
        held.release()
        let report = try files.importOnce(folder)
        #expect(report.exitCode == 0 && report.count(.imported) == 1)
        #expect(report.staleLockCleared == nil)
        // The lock is free again once the import has ended.
        try PostgresImportLock(url: url).release()
    }
}
