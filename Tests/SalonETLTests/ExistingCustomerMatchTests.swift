import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// A second run whose records match customers already in the CRM database: scored and explained
/// like a match within a run, merged with a merge row or sent to review, never folded in silently.
/// SQLite here; PostgreSQL gives the same rows (ExistingCustomerMatchPostgresTests).
@Suite(.serialized) struct ExistingCustomerMatchTests {
    /// Run 1 (store SH01): 王丽 with her mobile, 张敏 on a paper card (no phone), 李娜, 陳美玲
    /// written in Traditional script.
    static let firstRun = """
        姓名,手机,生日,性别,备注
        王丽,13800138111,1975-04-12,女,喜欢短发
        张敏,,1988-09-30,女,纸质档案
        李娜,13900139222,1990-01-01,,
        陳美玲,13600136444,1982-11-11,女,

        """

    /// Run 2 (store SH02): the daughter 王小美 on her mother's phone first (so she holds the phone
    /// within the run), 王丽 again with the same birthday, 张敏's paper card again, a new 刘洋, a
    /// paper card for another 张敏 born on another day, and a nameless record on 李娜's phone with
    /// another birthday (a shared phone alone scores below the threshold), and 陈美玲 in Simplified.
    static let secondRun = """
        姓名,手机,生日,性别,备注
        王小美,13800138111,2001-06-18,女,学生 第一次来
        王丽,138 0013 8111,1975-04-12,女,烫发 对染发剂过敏
        张敏,,1988-09-30,,复印件
        刘洋,13700137333,1985-05-05,男,
        张敏,,1992-02-02,,
        ,13900139222,1991-02-03,,常做护理
        陈美玲,13600136444,1982-11-11,女,

        """

    struct Runs {
        var directory: String
        var first: PipelineSpec
        var second: PipelineSpec

        func run(_ spec: PipelineSpec) throws -> RunOutcome {
            try PipelineRunner(spec: spec, options: RunOptions(workspaceRoot: "\(directory)/runs", showProgress: false)).run()
        }
    }

    /// The two runs into `target`; `directory` holds the inputs (shared by the targets compared,
    /// so provenance and record keys are the same text on both).
    static func makeRuns(target: String, label: String = "t", in directory: String? = nil) throws -> Runs {
        let dir = try directory ?? TestSupport.makeDirectory("dbmatch")
        try firstRun.write(toFile: "\(dir)/run1.csv", atomically: true, encoding: .utf8)
        try secondRun.write(toFile: "\(dir)/run2.csv", atomically: true, encoding: .utf8)
        func spec(_ run: String, store: String, file: String) throws -> PipelineSpec {
            let name = "\(run)-\(label)"
            try """
                name: \(name)
                target: \(target)
                sources:
                  - id: \(store.lowercased())
                    entity: customers
                    store: \(store)
                    read: { format: csv, path: \(dir)/\(file) }
                    columns: { name: 姓名, phone: 手机, birthday: 生日, gender: 性别, notes: 备注 }
                """.write(toFile: "\(dir)/\(name).yaml", atomically: true, encoding: .utf8)
            return try PipelineLoader.load(path: "\(dir)/\(name).yaml")
        }
        return Runs(
            directory: "\(dir)/\(label)", first: try spec("run1", store: "SH01", file: "run1.csv"),
            second: try spec("run2", store: "SH02", file: "run2.csv"))
    }

    /// What both targets must hold after run 2 (rows sorted, phones opened).
    static let expectedCustomers: [[String?]] = [
        ["1", "王丽", "1975-04-12", "SH01", "run1.csv", "line 2"],
        ["2", "张敏", "1988-09-30", "SH01", "run1.csv", "line 3"],
        ["3", "李娜", "1990-01-01", "SH01", "run1.csv", "line 4"],
        // Merged through the name folded to Simplified; the later record's spelling wins.
        ["4", "陈美玲", "1982-11-11", "SH01", "run1.csv", "line 5"],
        ["5", "王小美", "2001-06-18", "SH02", "run2.csv", "line 2"],
        ["6", "刘洋", "1985-05-05", "SH02", "run2.csv", "line 5"],
        ["7", "张敏", "1992-02-02", "SH02", "run2.csv", "line 6"],
        ["8", nil, "1991-02-03", "SH02", "run2.csv", "line 7"],
    ]

    static let customersQuery = """
        SELECT c.id, c.name, c.birthday, s.code, c.source_file, c.record_key
        FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id ORDER BY c.id
        """

    static let mergesQuery = """
        SELECT survivor_customer_id, record_key, reason, matched_on, CAST(ROUND(score * 100) AS INTEGER), explanation, status
        FROM merges ORDER BY id
        """

    static let reviewQuery = """
        SELECT customer_id, other_customer_id, reason, CAST(ROUND(score * 100) AS INTEGER), explanation, status FROM review_queue ORDER BY id
        """

    static let expectedMerges: [[String?]] = [
        ["1", "line 3", "existing_customer", "phone", "99", "0.99 agrees: phone, surname, given_name, birthday, gender; differs: store", "active"],
        ["2", "line 4", "existing_customer", "name+birthday", "98", "0.98 agrees: surname, given_name, birthday; differs: store; unknown: phone, gender", "active"],
        ["4", "line 8", "existing_customer", "phone", "99", "0.99 agrees: phone, surname, given_name, birthday, gender; differs: store", "active"],
    ]

    static let expectedReview: [[String?]] = [
        ["5", "1", "same_phone_different_name", "65",
         "0.65 agrees: phone, surname, gender; differs: given_name, birthday, store", "open"],
        ["8", "3", "low_match_score", "85", "0.85 agrees: phone; differs: birthday, store; unknown: surname, given_name, gender", "open"],
    ]

    /// Rows as text: SQLite through a plain copy of the encrypted database, file paths as names.
    static func rows(sqlite path: String, _ sql: String) throws -> [[String?]] {
        try fileNames(SQLiteConnection(path: TestSupport.plainCopy(of: path), readOnly: true).query(sql).map { $0.map(\.text) })
    }

    /// Source file paths as their file names, so expected rows need not know the temp folder.
    static func fileNames(_ rows: [[String?]]) -> [[String?]] {
        rows.map { $0.map { $0.map { $0.hasSuffix(".csv") ? URL(fileURLWithPath: $0).lastPathComponent : $0 } } }
    }

    @Test func aSecondRunMatchesCustomersInTheDatabaseWithScoresAndReviewItems() throws {
        let database = try TestSupport.makeDirectory("dbmatch-db") + "/crm.sqlite"
        let runs = try Self.makeRuns(target: "{ sqlite: \(database) }")
        let first = try runs.run(runs.first)
        #expect(first.exitCode == 0, "\(first.report.error ?? "")")
        #expect(first.report.publish?.existingCustomersMerged == 0)
        #expect(first.report.publish?.customersInserted == 4)
        #expect(try runs.run(runs.first).report.publish?.changedRows == 0)

        let second = try runs.run(runs.second)
        #expect(second.exitCode == 0, "\(second.report.error ?? "")")
        let publish = try #require(second.report.publish)
        #expect(publish.existingCustomersMerged == 3)
        #expect(publish.existingCustomersToReview == 2)
        #expect(publish.customersInserted == 4)
        #expect(try Self.rows(sqlite: database, Self.customersQuery) == Self.expectedCustomers)
        #expect(try Self.rows(sqlite: database, Self.mergesQuery) == Self.expectedMerges)
        // One review item for the mother and daughter, though the run also queued the pair the
        // other way round (王丽 split off 王小美's phone within the run).
        #expect(try Self.rows(sqlite: database, Self.reviewQuery) == Self.expectedReview)
        // The daughter keeps her own phone row; the mother's notes from both runs are hers.
        #expect(try Self.rows(sqlite: database, """
            SELECT p.customer_id, p.e164, p.record_key FROM customer_phones p ORDER BY p.customer_id, p.id
            """) == [["1", "+8613800138111", "line 2"], ["3", "+8613900139222", "line 4"], ["4", "+8613600136444", "line 5"],
                     ["5", "+8613800138111", "line 2"], ["6", "+8613700137333", "line 5"], ["8", "+8613900139222", "line 7"]])
        #expect(try Self.rows(sqlite: database, "SELECT customer_id, text FROM notes WHERE customer_id = 1 ORDER BY id")
            == [["1", "喜欢短发"], ["1", "烫发 对染发剂过敏"]])
        // The report says it, in JSON and HTML.
        let json = try String(contentsOfFile: second.report.files.reportJSON, encoding: .utf8)
        #expect(json.contains("existingCustomersMerged") || json.contains("existing_customers_merged"))
        let html = try String(contentsOfFile: second.report.files.reportHTML, encoding: .utf8)
        #expect(html.contains("matched existing customers: sent to review"))
        // The run's review file lists both pairs for a person to decide, phones masked.
        let review = try String(contentsOfFile: "\(second.report.files.workspace)/review.csv", encoding: .utf8)
        #expect(review.contains("王小美") && review.contains("same_phone_different_name") && review.contains("low_match_score"))
        #expect(review.contains("138****8111") && !review.contains("13800138111"))

        // Re-running it changes nothing and queues nothing twice.
        for spec in [runs.second, runs.second] {
            let again = try runs.run(spec)
            #expect(again.exitCode == 0, "\(again.report.error ?? "")")
            #expect(again.report.publish?.changedRows == 0, "\(spec.name)")
            #expect(again.report.publish?.existingCustomersMerged == 0)
            #expect(again.report.publish?.existingCustomersToReview == 0)
        }
        #expect(try Self.rows(sqlite: database, Self.customersQuery) == Self.expectedCustomers)
        let merges = try Self.rows(sqlite: database, Self.mergesQuery)
        #expect(merges == Self.expectedMerges, "\(merges)")
        #expect(try Self.rows(sqlite: database, Self.reviewQuery) == Self.expectedReview)
    }

    @Test func reviewDecisionsOnPairsWithExistingCustomersHoldInLaterRuns() throws {
        let database = try TestSupport.makeDirectory("dbmatch-review") + "/crm.sqlite"
        let runs = try Self.makeRuns(target: "{ sqlite: \(database) }")
        #expect(try runs.run(runs.first).exitCode == 0)
        #expect(try runs.run(runs.second).exitCode == 0)
        // The daughter stays apart from her mother; the nameless record is 李娜 after all.
        let applied = try CRMDatabase(path: database).applyReviewDecisions(
            [ReviewDecision(reviewID: 1, kind: .separate, location: "test"), ReviewDecision(reviewID: 2, kind: .merge, location: "test")],
            operationID: "test-review")
        #expect(applied.separated == 1 && applied.merged == 1)
        let again = try runs.run(runs.second)
        #expect(again.exitCode == 0, "\(again.report.error ?? "")")
        #expect(again.report.publish?.changedRows == 0)
        #expect(try Self.rows(sqlite: database, "SELECT id, status FROM review_queue ORDER BY id") == [["1", "separated"], ["2", "merged"]])
        // 李娜 keeps her birthday: a record merged by a person never overwrites the survivor.
        #expect(try Self.rows(sqlite: database, "SELECT name, birthday FROM customers WHERE id = 3") == [["李娜", "1990-01-01"]])
        #expect(try Self.rows(sqlite: database, "SELECT COUNT(*) FROM review_queue") == [["2"]])
        #expect(try Self.rows(sqlite: database, "SELECT merged_into_customer_id FROM customers WHERE id = 8") == [["3"]])
    }

    @Test func aMergeIntoACustomerOfAnEarlierRunCanBeUndone() throws {
        let database = try TestSupport.makeDirectory("dbmatch-undo") + "/crm.sqlite"
        let runs = try Self.makeRuns(target: "{ sqlite: \(database) }")
        #expect(try runs.run(runs.first).exitCode == 0)
        #expect(try runs.run(runs.second).exitCode == 0)
        let before = try Self.rows(sqlite: database, "SELECT name, birthday, gender, home_store_id FROM customers WHERE id = 1")

        let undone = try CRMDatabase(path: database).unmerge(customerID: 1, operationID: "test-unmerge")
        #expect(undone.restoredCustomerIDs == [9])
        #expect(undone.survivorRestored)
        // The record of run 2 is a customer again, with its phone, its note and its own values;
        // the customer of run 1 has its values from before the merge.
        #expect(try Self.rows(sqlite: database, Self.customersQuery).last == ["9", "王丽", "1975-04-12", "SH02", "run2.csv", "line 3"])
        #expect(try Self.rows(sqlite: database, "SELECT e164 FROM customer_phones WHERE customer_id = 9") == [["+8613800138111"]])
        #expect(try Self.rows(sqlite: database, "SELECT text FROM notes WHERE customer_id = 9") == [["烫发 对染发剂过敏"]])
        #expect(try Self.rows(sqlite: database, "SELECT text FROM notes WHERE customer_id = 1") == [["喜欢短发"]])
        #expect(try Self.rows(sqlite: database, "SELECT name, birthday, gender, home_store_id FROM customers WHERE id = 1") == before)
        #expect(try Self.rows(sqlite: database, "SELECT status FROM merges WHERE survivor_customer_id = 1") == [["undone"]])

        // A person kept them apart: running run 2 again does not merge them again.
        let again = try runs.run(runs.second)
        #expect(again.exitCode == 0, "\(again.report.error ?? "")")
        let merges = try Self.rows(sqlite: database, Self.mergesQuery)
        #expect(again.report.publish?.existingCustomersMerged == 0, "\(merges)")
        #expect(again.report.publish?.customersInserted == 0)
        #expect(try Self.rows(sqlite: database, "SELECT COUNT(*) FROM merges WHERE survivor_customer_id = 1 AND status = 'active'") == [["0"]])
    }
}

/// The same two runs into PostgreSQL give the rows they give in SQLite, row for row.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct ExistingCustomerMatchPostgresTests {
    @Test func aSecondRunMatchesExistingCustomersAsOnSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let sqlitePath = try TestSupport.makeDirectory("dbmatch-twin") + "/crm.sqlite"
        let inputs = try TestSupport.makeDirectory("dbmatch-inputs")
        let intoSQLite = try ExistingCustomerMatchTests.makeRuns(target: "{ sqlite: \(sqlitePath) }", label: "sqlite", in: inputs)
        let intoPostgres = try ExistingCustomerMatchTests.makeRuns(target: "{ postgres: \"\(url)\" }", label: "postgres", in: inputs)
        for (sqliteSpec, postgresSpec) in [(intoSQLite.first, intoPostgres.first), (intoSQLite.second, intoPostgres.second)] {
            let onSQLite = try intoSQLite.run(sqliteSpec)
            let onPostgres = try intoPostgres.run(postgresSpec)
            #expect(onSQLite.exitCode == 0, "\(onSQLite.report.error ?? "")")
            #expect(onPostgres.exitCode == 0, "\(onPostgres.report.error ?? "")")
            #expect(onPostgres.report.publish == onSQLite.report.publish)
        }
        let base = ExistingCustomerMatchTests.fileNames
        let expected = try PostgresPublishTests.content(sqlite: sqlitePath)
        let actual = try PostgresPublishTests.content(postgres: url)
        for (name, _) in PostgresPublishTests.contentQueries {
            #expect(actual[name] == expected[name], "table \(name) differs between SQLite and PostgreSQL")
        }
        #expect(base(try PostgresTestSupport.rows(url, ExistingCustomerMatchTests.customersQuery)) == ExistingCustomerMatchTests.expectedCustomers)
        #expect(base(try PostgresTestSupport.rows(url, ExistingCustomerMatchTests.mergesQuery)) == ExistingCustomerMatchTests.expectedMerges)
        #expect(try PostgresTestSupport.rows(url, ExistingCustomerMatchTests.reviewQuery) == ExistingCustomerMatchTests.expectedReview)
        // A re-run changes nothing there either.
        let again = try intoPostgres.run(intoPostgres.second)
        #expect(again.report.publish?.changedRows == 0)
        #expect(try PostgresTestSupport.rows(url, ExistingCustomerMatchTests.reviewQuery) == ExistingCustomerMatchTests.expectedReview)
    }
}
