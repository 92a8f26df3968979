import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// `review export`, `review apply` and `unmerge` with `--postgres` against a real server
/// (SALON_TEST_POSTGRES_URL): the same estate published into SQLite and into PostgreSQL, the same
/// decisions applied through the CLI to both, and the two CRMs compared table by table after every
/// step, later runs over the same inputs included.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresReviewWorkflowTests {
    struct Twins {
        var directory: String
        var sqlitePath: String { "\(directory)/crm.sqlite" }
        var url: String

        /// Runs the pipeline into each database; the reports, SQLite's first.
        func run() throws -> (sqlite: RunReport, postgres: RunReport) {
            func one(_ name: String) throws -> RunReport {
                let result = try TestSupport.runCLI(
                    ["run", "\(directory)/\(name).yaml", "--workspace", "\(directory)/runs-\(name)", "--report-json",
                     "\(directory)/\(name).json", "--no-progress"])
                #expect(result.status == 0, "\(name): \(result.stderr)")
                return try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).json")))
            }
            return (try one("sqlite"), try one("postgres"))
        }

        /// The same command on both; their outputs, SQLite's first.
        func cli(_ arguments: [String]) throws -> (sqlite: TestSupport.CommandResult, postgres: TestSupport.CommandResult) {
            (try TestSupport.runCLI(arguments + ["--db", sqlitePath]), try TestSupport.runCLI(arguments + ["--postgres", url]))
        }

        /// Every CRM table compared (PostgresPublishTests.contentQueries), plus what the identity
        /// decisions themselves leave behind.
        func expectSameContent(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let expected = try PostgresPublishTests.content(sqlite: sqlitePath)
            let actual = try PostgresPublishTests.content(postgres: url)
            for (name, _) in PostgresPublishTests.contentQueries {
                #expect(actual[name] == expected[name], "\(step): table \(name) differs", sourceLocation: sourceLocation)
            }
            let sqlite = try SQLiteConnection(path: sqlitePath, readOnly: true)
            let postgres = try PostgresConnection(url: url)
            for sql in Self.decisionQueries {
                let left = try sqlite.query(sql).map { $0.map(\.text) }
                let right = try postgres.query(sql)
                #expect(right == left, "\(step): \(sql)", sourceLocation: sourceLocation)
            }
        }

        static let decisionQueries = [
            "SELECT id, merged_into_customer_id FROM customers ORDER BY id",
            "SELECT customer_id, other_customer_id, source_file, record_key, reason FROM identity_separations ORDER BY id",
            "SELECT id, survivor_customer_id, merged_customer_id, reason, status FROM merges ORDER BY id",
            "SELECT m.merge_id, m.table_name, m.row_id FROM merge_moved_rows m ORDER BY 1, 2, 3",
            "SELECT customer_id, role, merge_id, status FROM merge_snapshots ORDER BY id",
            "SELECT id, status FROM review_queue ORDER BY id",
            """
            SELECT action, subject, detail FROM audit_log
            WHERE action IN ('review.decision', 'customer.merge', 'customer.unmerge') ORDER BY id
            """,
        ]
    }

    func makeTwins() throws -> Twins? {
        guard let url = try PostgresTestSupport.freshDatabase() else { return nil }
        let dir = try TestSupport.makeDirectory("pg-review")
        try ReviewWorkflowTests.customers.write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        for (name, target) in [("sqlite", "{ sqlite: crm.sqlite }"), ("postgres", "{ postgres: \"\(url)\" }")] {
            try ReviewWorkflowTests.pipeline(target: target).write(toFile: "\(dir)/\(name).yaml", atomically: true, encoding: .utf8)
        }
        return Twins(directory: dir, url: url)
    }

    @Test func reviewDecisionsAndUnmergesGiveTheSameCRMOnPostgresAsOnSQLite() throws {
        guard let twins = try makeTwins() else { return }
        _ = try twins.run()
        try twins.expectSameContent("first run")

        // The review queue exported from PostgreSQL is SQLite's, phones masked.
        let export = try twins.cli(["review", "export", "--out", "\(twins.directory)/export-pg"])
        #expect(export.postgres.status == 0, "\(export.postgres.stderr)")
        #expect(export.postgres.stdout.contains("2 open review items"), "\(export.postgres.stdout)")
        let sqliteExport = try twins.cli(["review", "export", "--out", "\(twins.directory)/export-sqlite"]).sqlite
        #expect(sqliteExport.status == 0)
        let review = try ReviewWorkflowTests().reviewRows(in: "\(twins.directory)/export-pg")
        #expect(review == (try ReviewWorkflowTests().reviewRows(in: "\(twins.directory)/export-sqlite")))
        #expect(review.count == 3 && review[1][6] == "139****9000")
        let csv = try String(contentsOfFile: "\(twins.directory)/export-pg/review.csv", encoding: .utf8)
        #expect(!csv.contains("13900139000") && !csv.contains("13700137000"))

        // Reading a current CRM does not wait for a publish holding the lock.
        let publisher = try PostgresConnection(url: twins.url)
        _ = try publisher.query("SELECT pg_advisory_lock($1)", [String(PostgresCRMDatabase.advisoryLockKey)])
        let whileLocked = try TestSupport.runCLI(["review", "export", "--postgres", twins.url, "--out", "\(twins.directory)/export-locked"])
        #expect(whileLocked.status == 0 && whileLocked.stdout.contains("2 open review items"), "\(whileLocked.stderr)")
        _ = try publisher.query("SELECT pg_advisory_unlock($1)", [String(PostgresCRMDatabase.advisoryLockKey)])

        // Separate the father and daughter, merge the nameless record into 张伟.
        let decisions = "\(twins.directory)/decisions.csv"
        try ReviewWorkflowTests().writeDecisions(review, ["1": "separate", "2": "merge"], to: decisions)
        let applied = try twins.cli(["review", "apply", decisions])
        #expect(applied.postgres.status == 0, "\(applied.postgres.stderr)")
        #expect(applied.postgres.stdout == applied.sqlite.stdout)
        #expect(applied.postgres.stdout.contains("1 merged, 1 separated, 0 already decided; 2 rows moved"), "\(applied.postgres.stdout)")
        try twins.expectSameContent("review apply")
        let db = try PostgresConnection(url: twins.url)
        #expect(try db.query("SELECT merged_into_customer_id FROM customers WHERE id = 5") == [["4"]])
        #expect(try db.query("SELECT action, subject FROM audit_log WHERE action LIKE 'review.%' OR action = 'customer.merge' ORDER BY id")
            == [["review.decision", "review:1"], ["customer.merge", "customer:4"], ["review.decision", "review:2"]])
        let again = try twins.cli(["review", "apply", decisions]).postgres
        #expect(again.stdout.contains("0 merged, 0 separated, 2 already decided"), "\(again.stdout)")
        try twins.expectSameContent("review apply again")

        // Later runs neither re-queue the separated pair nor undo the merge, and the records of the
        // merged-away customer go to 张伟 without overwriting him.
        let rerun = try twins.run()
        #expect(rerun.postgres.totals.merged == rerun.sqlite.totals.merged && rerun.postgres.totals.loaded == rerun.sqlite.totals.loaded)
        #expect(rerun.postgres.publish?.changedRows == rerun.sqlite.publish?.changedRows)
        #expect((rerun.postgres.publish?.changedRows ?? -1) - (rerun.postgres.publish?.derived?.changedRows ?? 0) == 0)
        try twins.expectSameContent("re-run after review")
        #expect(try db.query("SELECT COUNT(*) FROM review_queue") == [["2"]])

        // Undo the run's merge into 王小红 and the review's merge into 张伟.
        for customer in ["1", "4"] {
            let undo = try twins.cli(["unmerge", customer])
            #expect(undo.postgres.status == 0, "\(undo.postgres.stderr)")
            #expect(undo.postgres.stdout == undo.sqlite.stdout)
            try twins.expectSameContent("unmerge \(customer)")
        }
        #expect(try db.query("SELECT id, record_key FROM customers WHERE id > 5 ORDER BY id") == [["6", "line 3"]])
        #expect(try db.query("SELECT merged_into_customer_id FROM customers WHERE id = 5") == [[nil]])
        #expect(try twins.cli(["unmerge", "1"]).postgres.status == 2)
        #expect(try twins.cli(["unmerge", "999"]).postgres.status == 2)

        // The same inputs again: the pairs stay apart on both targets.
        let last = try twins.run()
        #expect(last.postgres.totals.merged == 0)
        #expect(last.postgres.totals.loaded == last.sqlite.totals.loaded)
        try twins.expectSameContent("re-run after unmerge")
    }

    @Test func aWrongDatabaseOrAPasswordInTheURLIsAClearErrorAndCreatesNothing() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let empty = try TestSupport.runCLI(["review", "export", "--postgres", url, "--out", try TestSupport.makeDirectory("pg-review-empty")])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no CRM database here"), "\(empty.stderr)")
        #expect(try PostgresConnection(url: url).query("SELECT to_regclass('customers') IS NULL") == [["t"]])
        let withPassword = url.replacingOccurrences(of: "postgresql://salon@", with: "postgresql://salon:secret@")
        let refused = try TestSupport.runCLI(["unmerge", "1", "--postgres", withPassword])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("contains a password") && !refused.stderr.contains("secret"), "\(refused.stderr)")
    }
}
