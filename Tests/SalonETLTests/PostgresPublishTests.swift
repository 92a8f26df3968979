import Foundation
import Testing
import SalonCore
@testable import SalonETL
@testable import SalonStore

/// Publishing into a real PostgreSQL server (SALON_TEST_POSTGRES_URL): the sample migration gives
/// the same CRM rows as into SQLite, a re-run changes nothing, and a failed gate never connects.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresPublishTests {
    static let samplePipeline = TestSupport.path("pipelines/sample-migration.yaml")

    /// Runs the sample migration in-process into `target`, with the pipeline's other settings.
    func run(into target: PipelineSpec.Target, maxRejectRate: Double? = nil) throws -> RunOutcome {
        try runInWorkspace(into: target, maxRejectRate: maxRejectRate).outcome
    }

    /// The same, also returning the run's folder (report, rejects, review file).
    func runInWorkspace(into target: PipelineSpec.Target, maxRejectRate: Double? = nil) throws
        -> (outcome: RunOutcome, folder: String)
    {
        var spec = try PipelineLoader.load(path: Self.samplePipeline)
        spec.target = target
        if let maxRejectRate { spec.validate.maxRejectRate = maxRejectRate }
        let workspace = try TestSupport.makeDirectory("pgrun")
        let outcome = try PipelineRunner(spec: spec, options: RunOptions(workspaceRoot: workspace, showProgress: false)).run()
        return (outcome, "\(workspace)/\(outcome.report.runID)")
    }

    /// What the CRM holds, table by table, as sorted rows of text: ids left out except the
    /// customer id, so two databases compare by keys, names and values.
    static let contentQueries: [(String, String)] = [
        ("customers", """
            SELECT c.id, c.customer_key, c.name, c.name_original, c.surname, c.given_name, c.form_of_address, c.gender,
              c.birthday, c.birthday_calendar, c.birthday_leap_month, c.member_level, c.join_date, s.code,
              c.source_id, c.source_file, c.record_key
            FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
            """),
        ("phones", "SELECT c.customer_key, p.e164, p.kind, p.original, p.source_file, p.record_key FROM customer_phones p JOIN customers c ON c.id = p.customer_id"),
        ("notes", "SELECT c.customer_key, n.column_name, n.text, n.source_file, n.record_key FROM notes n JOIN customers c ON c.id = n.customer_id"),
        ("tags", """
            SELECT c.customer_key, t.code, t.value, t.column_name, t.span_start, t.span_end, t.matched_text, t.needs_review, t.is_safety
            FROM customer_tags t JOIN customers c ON c.id = t.customer_id
            """),
        ("cards", """
            SELECT c.customer_key, s.code, m.card_key, m.card_number, m.balance_fen, m.record_key
            FROM member_cards m JOIN customers c ON c.id = m.customer_id JOIN stores s ON s.id = m.store_id
            """),
        ("merges", """
            SELECT c.customer_key, g.source_file, g.record_key, g.reason, g.matched_on, CAST(ROUND(g.score * 1000) AS INTEGER),
              g.explanation, g.status
            FROM merges g JOIN customers c ON c.id = g.survivor_customer_id
            """),
        ("merge_snapshots", """
            SELECT c.customer_key, s.role, g.record_key, s.name, s.name_original, s.surname, s.given_name, s.form_of_address,
              s.gender, s.birthday, s.birthday_calendar, s.birthday_leap_month, s.member_level, s.member_level_derived,
              s.join_date, st.code, s.phones, s.card_balance_fen, s.source_file, s.record_key, s.status
            FROM merge_snapshots s JOIN customers c ON c.id = s.customer_id LEFT JOIN merges g ON g.id = s.merge_id
            LEFT JOIN stores st ON st.id = s.home_store_id
            """),
        ("review", """
            SELECT a.customer_key, b.customer_key, r.reason, r.detail, r.status, CAST(ROUND(r.score * 1000) AS INTEGER), r.explanation
            FROM review_queue r JOIN customers a ON a.id = r.customer_id JOIN customers b ON b.id = r.other_customer_id
            """),
        ("corrections", """
            SELECT c.customer_key, r.field, r.column_name, r.code, r.keyed_text, r.proposed, r.reason, r.field_left_empty
            FROM review_corrections r JOIN customers c ON c.id = r.customer_id
            """),
        ("rejects", "SELECT source_file, record_key, column_name, code, stage, whole_record, message, original_text FROM rejects"),
        ("stores", "SELECT code, name FROM stores"),
        ("chat_messages", "SELECT m.source_id, m.message_key, s.code, m.sender, m.sent_at, m.kind, m.text, m.record_key FROM chat_messages m LEFT JOIN stores s ON s.id = m.store_id"),
        ("chat_facts", """
            SELECT m.message_key, f.ordinal, f.kind, c.customer_key, f.e164, f.name, f.service, f.stylist, f.starts_at, f.superseded
            FROM chat_facts f JOIN chat_messages m ON m.id = f.message_id LEFT JOIN customers c ON c.id = f.customer_id
            """),
        ("appointments", """
            SELECT c.customer_key, a.starts_at, a.service, a.stylist, a.time_text, a.status
            FROM appointments a JOIN customers c ON c.id = a.customer_id
            """),
        ("source_files", "SELECT source_id, path, sha256, size_bytes, encoding FROM source_files"),
        ("receipts", """
            SELECT s.code, r.receipt_no, r.sold_at, r.utc_offset, c.customer_key, r.card_number, r.link_method,
              CAST(ROUND(r.link_confidence * 1000) AS INTEGER), r.masked_phone, r.payment, r.status, o.receipt_no,
              r.refund_of_receipt_no, r.total_fen, r.source_id, r.source_file, r.record_key
            FROM receipts r JOIN stores s ON s.id = r.store_id LEFT JOIN customers c ON c.id = r.customer_id
            LEFT JOIN receipts o ON o.id = r.refund_of
            """),
        ("receipt_lines", """
            SELECT s.code, r.receipt_no, l.line_no, l.item, l.technician, l.quantity_milli, l.unit_price_fen, l.amount_fen,
              l.payment, l.status, l.source_file, l.record_key
            FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id JOIN stores s ON s.id = r.store_id
            """),
        ("segments", "SELECT c.customer_key, g.code, g.as_of FROM customer_segments g JOIN customers c ON c.id = g.customer_id"),
        ("derived", """
            SELECT customer_key, member_level, member_level_derived, birthday_next FROM customers
            WHERE member_level_derived = 1 OR birthday_next IS NOT NULL
            """),
        ("receipt_date_corrections", """
            SELECT store_code, receipt_no, sold_at_before, sold_at_after, reason, applied_by, source_file, record_key
            FROM receipt_date_corrections
            """),
    ]

    /// Tables the sample leaves empty on both targets (compared all the same).
    static let emptyInSample: Set<String> = ["receipt_date_corrections"]

    /// The test process's CRM keys: sealed values get a fresh nonce in each database, so the two
    /// compare opened; blind indexes are deterministic and compare as they are.
    static func keys() throws -> KeyRing { try KeySource.readKeyFile(TestSupport.keyFile) }

    static func opened(_ rows: [[String?]]) throws -> [[String?]] {
        let ring = try keys()
        return try rows.map { row in try row.map { try $0.map(ring.open) } }.sorted(by: Self.precedes)
    }

    static func content(sqlite path: String) throws -> [String: [[String?]]] {
        let db = try SQLiteConnection(path: path, readOnly: true)
        var result: [String: [[String?]]] = [:]
        for (name, sql) in contentQueries {
            result[name] = try opened(db.query(sql).map { $0.map(\.text) })
        }
        return result
    }

    static func content(postgres url: String) throws -> [String: [[String?]]] {
        let db = try PostgresConnection(url: url)
        var result: [String: [[String?]]] = [:]
        for (name, sql) in contentQueries {
            result[name] = try opened(db.query(sql))
        }
        return result
    }

    static func precedes(_ a: [String?], _ b: [String?]) -> Bool {
        a.map { $0 ?? "\u{0}" }.lexicographicallyPrecedes(b.map { $0 ?? "\u{0}" })
    }

    @Test func theSampleMigrationGivesTheSameCRMInPostgresAsInSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let sqlitePath = try TestSupport.makeDirectory("pg-twin") + "/crm.sqlite"
        let intoSQLite = try run(into: .sqlite(path: sqlitePath))
        let intoPostgres = try run(into: .postgres(url: url))
        #expect(intoSQLite.exitCode == 0)
        #expect(intoPostgres.exitCode == 0, "\(intoPostgres.report.error ?? "")")
        #expect(intoPostgres.report.status == .published)
        #expect(intoPostgres.report.publish?.customersInserted == 44)
        #expect(intoPostgres.report.publish == intoSQLite.report.publish)
        #expect(intoPostgres.report.databaseTotals == intoSQLite.report.databaseTotals)
        #expect(intoPostgres.report.unchangedRerun == false)
        let expected = try Self.content(sqlite: sqlitePath)
        let actual = try Self.content(postgres: url)
        for (name, _) in Self.contentQueries {
            #expect(actual[name] == expected[name], "table \(name) differs between SQLite and PostgreSQL")
            #expect(actual[name]?.isEmpty == Self.emptyInSample.contains(name), "\(name): the comparison would prove nothing")
        }
        // The values that matter most, read directly: a merged customer keeps one identity, found
        // by the phone's blind index; the phones themselves are stored sealed.
        let db = try PostgresConnection(url: url)
        let wang = try db.query("""
            SELECT c.name, COUNT(DISTINCT g.id) FROM customers c JOIN customer_phones p ON p.customer_id = c.id
            JOIN merges g ON g.survivor_customer_id = c.id WHERE p.e164 = $1 GROUP BY c.name
            """, [Self.keys().blindIndex("+8613800138001")])
        #expect(wang == [["王小红", "3"]])
        let sealed = try db.query("""
            SELECT COUNT(*), COUNT(*) FILTER (WHERE e164 LIKE 'bix1:%' AND e164_sealed LIKE 'enc1:%' AND original LIKE 'enc1:%')
            FROM customer_phones
            """)
        #expect(sealed.first?[0] == sealed.first?[1])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE e164_sealed = $1 OR original LIKE '%13800138001%'",
            ["+8613800138001"]) == 0)
        // Merge snapshots and receipts hold no phone in the clear either: snapshots seal theirs,
        // receipts link through the blind index and keep only the masked form a till printed.
        let plainMobile = "(^|[^0-9A-Za-z])1[3-9][0-9]{9}([^0-9A-Za-z]|$)"
        #expect(try db.scalarInt("SELECT COUNT(*) FROM merge_snapshots WHERE phones <> '' AND phones NOT LIKE 'enc1:%'") == 0)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM merge_snapshots WHERE phones ~ $1", [plainMobile]) == 0)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM receipts WHERE masked_phone ~ $1 OR card_number ~ $1", [plainMobile]) == 0)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM receipts WHERE link_method = 'phone'") ?? 0 > 0)
        let ledger = try PostgresTestSupport.rows(url, "SELECT status, changed_rows > 0 FROM runs")
        #expect(ledger == [["published", "t"]])
    }

    @Test func theAuditLogAndTheReviewFileAreWrittenAsOnSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let sqlitePath = try TestSupport.makeDirectory("pg-audit") + "/crm.sqlite"
        let intoSQLite = try runInWorkspace(into: .sqlite(path: sqlitePath))
        let intoPostgres = try runInWorkspace(into: .postgres(url: url))
        #expect(intoPostgres.outcome.exitCode == 0, "\(intoPostgres.outcome.report.error ?? "")")
        let audit = "SELECT action, subject, detail, os_user, run_id IS NOT NULL FROM audit_log ORDER BY id"
        let expected = try SQLiteConnection(path: sqlitePath, readOnly: true).query(audit).map { $0.map(\.text) }
        let actual = try PostgresTestSupport.rows(url, audit).map { row in row.map { $0 == "t" ? "1" : $0 } }
        #expect(actual.map { $0[0] } == ["run.start", "publish", "run.end"])
        #expect(actual == expected)
        #expect(actual.first { $0[0] == "publish" }?[2]?.contains("customers_inserted=44") == true)
        // Append-only on PostgreSQL as well.
        #expect(throws: PostgresError.self) { try PostgresConnection(url: url).execute("DELETE FROM audit_log", []) }
        // The review file lists the same pairs, phones masked.
        let pgReview = try String(contentsOfFile: "\(intoPostgres.folder)/review.csv", encoding: .utf8)
        let sqliteReview = try String(contentsOfFile: "\(intoSQLite.folder)/review.csv", encoding: .utf8)
        #expect(pgReview == sqliteReview)
        #expect(pgReview.split(whereSeparator: \.isNewline).count > 1, "the sample has review items")
        #expect(!pgReview.contains("13800138001"))
    }

    @Test func aRerunChangesNothing() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let first = try run(into: .postgres(url: url))
        #expect(first.exitCode == 0, "\(first.report.error ?? "")")
        let before = try Self.content(postgres: url)
        let again = try run(into: .postgres(url: url))
        #expect(again.exitCode == 0, "\(again.report.error ?? "")")
        #expect(again.report.unchangedRerun == true)
        #expect(again.report.publish?.changedRows == 0)
        #expect(again.report.databaseTotals == first.report.databaseTotals)
        #expect(try Self.content(postgres: url) == before)
        let ledger = try PostgresTestSupport.rows(url, "SELECT changed_rows FROM runs ORDER BY changed_rows")
        #expect(ledger.count == 2)
        #expect(ledger.first == ["0"])
    }

    @Test func keyRotationReencryptsEveryValueInOneGo() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let first = try run(into: .postgres(url: url))
        #expect(first.exitCode == 0, "\(first.report.error ?? "")")
        let old = try Self.keys()
        let db = try PostgresConnection(url: url)
        func phones(opened ring: KeyRing) throws -> [String] {
            try db.query("SELECT e164_sealed FROM customer_phones ORDER BY id").map { try ring.open($0[0] ?? "") }
        }
        let phonesBefore = try phones(opened: old)
        let textsBefore = try db.query("SELECT text FROM chat_messages ORDER BY id").map { try old.open($0[0] ?? "") }
        let next = try KeyRing.generate(origin: "rotation test")
        let rotated = try PostgresCRMDatabase(url: url).rotateKeys(from: old, to: next)
        #expect(rotated > 100)
        // Every sealed value opens with the new keys to what it was, and no longer with the old.
        #expect(try phones(opened: next) == phonesBefore)
        #expect(try db.query("SELECT text FROM chat_messages ORDER BY id").map { try next.open($0[0] ?? "") } == textsBefore)
        #expect(throws: (any Error).self) { try phones(opened: old) }
        // Look-ups go through the new blind index: the merged customer is found by it.
        let wang = try db.query("""
            SELECT DISTINCT c.customer_key FROM customers c JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = $1
            """, [next.blindIndex("+8613800138001")])
        #expect(wang.count == 2, "the mother and the daughter split off her")
        #expect(wang.allSatisfy { $0[0]?.hasPrefix("tel:" + next.blindIndex("+8613800138001")) == true })
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE e164 = $1", [old.blindIndex("+8613800138001")]) == 0)
        #expect(try db.query("SELECT key_id FROM crypto_keys WHERE retired_at IS NULL") == [[next.keyID]])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM audit_log WHERE action = 'key.rotate'") == 1)
        // The old keys no longer open the database.
        let refused = try PostgresCRMDatabase(url: url)
        #expect(throws: SalonError.self) { try refused.useKeys(old) }
    }

    /// Writes a pipeline of `sources` (YAML list items) into `target` as a file in `dir` and runs it.
    static func run(_ name: String, sources: String, into target: String, in dir: String) throws -> RunOutcome {
        let file = "\(dir)/\(name)-\(target.hasPrefix("{ postgres") ? "pg" : "sqlite").yaml"
        try "name: \(name)\ntarget: \(target)\nsources:\n\(sources)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let spec = try PipelineLoader.load(path: file)
        return try PipelineRunner(spec: spec, options: RunOptions(workspaceRoot: "\(dir)/runs", showProgress: false)).run()
    }

    /// A first load sends phones, notes and cards straight into their tables. A record of store
    /// SH02 merged into a customer of SH01 leaves SH02 with a card and no staged customer: the
    /// store must still be created, and every row must match SQLite's, ids included.
    @Test func aFirstLoadWithACardOnlyStoreGivesTheSameRowsAsSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let dir = try TestSupport.makeDirectory("pg-first-load")
        try """
            姓名,手机,储值余额,备注
            王丽,13800138001,100,喜欢自然卷
            张敏,139-0013-9002,0,对染发剂过敏
            李娜,+86 137 0013 7003,50,
            """.write(toFile: "\(dir)/sh01.csv", atomically: true, encoding: .utf8)
        try """
            姓名,手机,储值余额,备注
            王丽,8613800138001,880,周末来
            李娜,13700137003,20,
            """.write(toFile: "\(dir)/sh02.csv", atomically: true, encoding: .utf8)
        let sources = """
              - { id: sh01, entity: customers, store: SH01, read: { format: csv, path: \(dir)/sh01.csv },
                  columns: { name: 姓名, phone: 手机, balance: 储值余额, notes: 备注 } }
              - { id: sh02, entity: customers, store: SH02, read: { format: csv, path: \(dir)/sh02.csv },
                  columns: { name: 姓名, phone: 手机, balance: 储值余额, notes: 备注 } }
            """
        let sqlitePath = "\(dir)/crm.sqlite"
        let intoSQLite = try Self.run("first-load", sources: sources, into: "{ sqlite: \(sqlitePath) }", in: dir)
        let intoPostgres = try Self.run("first-load", sources: sources, into: "{ postgres: \"\(url)\" }", in: dir)
        #expect(intoSQLite.exitCode == 0)
        #expect(intoPostgres.exitCode == 0, "\(intoPostgres.report.error ?? "")")
        #expect(intoPostgres.report.publish == intoSQLite.report.publish)
        #expect(intoPostgres.report.publish?.cardsInserted == 5)
        let expected = try Self.content(sqlite: sqlitePath)
        let actual = try Self.content(postgres: url)
        for name in ["customers", "phones", "notes", "cards", "merges"] {
            #expect(actual[name] == expected[name], "table \(name) differs between SQLite and PostgreSQL")
            #expect(actual[name]?.isEmpty == false, "\(name): the comparison would prove nothing")
        }
        // Row ids as well: the rows went in in the same order.
        let ids = """
            SELECT 'phone', id, customer_id FROM customer_phones UNION ALL SELECT 'note', id, customer_id FROM notes
            UNION ALL SELECT 'card', id, customer_id FROM member_cards ORDER BY 1, 2
            """
        let sqliteIDs = try SQLiteConnection(path: sqlitePath, readOnly: true).query(ids).map { $0.map(\.text) }
        #expect(try PostgresConnection(url: url).query(ids) == sqliteIDs)
        let cards = try PostgresConnection(url: url).query("""
            SELECT s.code, COUNT(*), SUM(m.balance_fen) FROM member_cards m JOIN stores s ON s.id = m.store_id GROUP BY s.code ORDER BY 1
            """)
        #expect(cards == [["SH01", "3", "15000"], ["SH02", "2", "90000"]])
        #expect(try PostgresConnection(url: url).query(
            "SELECT COUNT(*) FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code = 'SH02'") == [["0"]])
    }

    /// A receipt's time, card, phone, payment and provenance come from the first of its lines (in
    /// file order) that has each; lines of different receipts interleave, and two stores share a
    /// receipt number. PostgreSQL must pick the same values as SQLite.
    @Test func receiptHeadsTakeEachFieldFromItsFirstLineAsOnSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let dir = try TestSupport.makeDirectory("pg-receipt-heads")
        try """
            姓名,手机,会员卡号
            王丽,13800138001,VIP0001
            张敏,13900139002,VIP0002
            """.write(toFile: "\(dir)/members.csv", atomically: true, encoding: .utf8)
        try """
            小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态
            R001,,SH01,,,洗剪吹,1,68.00,68.00,,正常
            R002,2024-03-01 11:00:00,SH01,,13900139002,烫发,1,380.00,380.00,支付宝,正常
            R001,2024-03-01 10:05:00,SH01,,13800138001,护发素,1,30.00,30.00,微信,正常
            R001,2024-03-01 10:09:00,SH01,VIP0001,13900139002,洗发水,1,45.00,45.00,现金,正常
            R002,2024-03-01 11:30:00,SH02,VIP0002,,染发,1,288.00,288.00,储值卡,正常
            R003,2024-03-01 12:00:00,SH01,,,修眉,1,20.00,20.00,微信,作废
            R002,,SH01,VIP0002,,吹风,1,10.00,10.00,支付宝,正常

            """.write(toFile: "\(dir)/till.csv", atomically: true, encoding: .utf8)
        let sources = """
              - { id: members, entity: customers, store: SH01, read: { format: csv, path: \(dir)/members.csv },
                  columns: { name: 姓名, phone: 手机, card_number: 会员卡号 } }
              - id: till
                entity: receipts
                store: SH01
                read: { format: pos-csv, path: \(dir)/till.csv }
                columns: { receipt_number: 小票号, time: 消费时间, store: 门店, card_number: 会员卡号, phone: 手机,
                           item: 服务项目, quantity: 数量, unit_price: 单价, amount: 金额, payment: 支付方式, status: 状态 }
            """
        let sqlitePath = "\(dir)/crm.sqlite"
        let intoSQLite = try Self.run("heads", sources: sources, into: "{ sqlite: \(sqlitePath) }", in: dir)
        let intoPostgres = try Self.run("heads", sources: sources, into: "{ postgres: \"\(url)\" }", in: dir)
        #expect(intoSQLite.exitCode == 0)
        #expect(intoPostgres.exitCode == 0, "\(intoPostgres.report.error ?? "")")
        let receipts = """
            SELECT s.code, r.receipt_no, r.sold_at, r.card_number, r.payment, r.status, r.total_fen, r.link_method,
              c.customer_key, r.record_key, r.id
            FROM receipts r JOIN stores s ON s.id = r.store_id LEFT JOIN customers c ON c.id = r.customer_id
            ORDER BY r.id
            """
        let lines = "SELECT receipt_id, line_no, item, record_key, id FROM receipt_lines ORDER BY id"
        let sqlite = try SQLiteConnection(path: sqlitePath, readOnly: true)
        let expected = try sqlite.query(receipts).map { $0.map(\.text) }
        let actual = try PostgresConnection(url: url).query(receipts)
        #expect(actual == expected)
        #expect(try PostgresConnection(url: url).query(lines) == sqlite.query(lines).map { $0.map(\.text) })
        // What the first lines give, spelt out: R001's time and phone from its second line, its
        // card from its third; SH02's R002 is a receipt of its own.
        let heads = actual.map { Array($0[0..<8]) }
        #expect(heads.contains(["SH01", "R001", "2024-03-01 10:05:00", "VIP0001", "mixed", "normal", "14300", "card"]))
        #expect(heads.contains(["SH01", "R002", "2024-03-01 11:00:00", "VIP0002", "alipay", "normal", "39000", "card"]))
        #expect(heads.contains(["SH02", "R002", "2024-03-01 11:30:00", "VIP0002", "stored_value", "normal", "28800", nil]))
        #expect(actual.count == 4)
    }

    @Test func consentFlagsAreKeptAsOnSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let dir = try TestSupport.makeDirectory("pg-consent")
        try TestSupport.consentPipeline(target: "{ postgres: \"\(url)\" }")
            .write(toFile: "\(dir)/consent.yaml", atomically: true, encoding: .utf8)
        let spec = try PipelineLoader.load(path: "\(dir)/consent.yaml")
        let outcome = try PipelineRunner(spec: spec, options: RunOptions(workspaceRoot: "\(dir)/runs", showProgress: false)).run()
        #expect(outcome.exitCode == 0, "\(outcome.report.error ?? "")")
        let keys = try Self.keys()
        let db = try PostgresConnection(url: url)
        func row(_ e164: String) throws -> [String] {
            try db.query("""
                SELECT COALESCE(c.marketing_opt_out::text, '-'), COALESCE(c.profiling_consent::text, '-'),
                  COALESCE((SELECT string_agg(code, ' ' ORDER BY code) FROM customer_tags t WHERE t.customer_id = c.id), '-')
                FROM customers c JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = $1
                """, [keys.blindIndex(e164)]).first?.map { $0 ?? "" } ?? []
        }
        // The same outcomes as PrivacyTests on SQLite: an opt-out wins, a refusal of profiling
        // withholds preference tags but never an allergy, silence is no consent.
        #expect(try row("+8613700137101") == ["1", "0", "allergy.hair_dye"])
        #expect(try row("+8613700137102") == ["1", "1", "pref.care style.natural_curl"])
        #expect(try row("+8613700137103") == ["-", "-", "-"])
        #expect(try row("+8613700137104") == ["-", "1", "style.short"])
        // A second run changes nothing, and an opt-out is never lifted.
        let again = try PipelineRunner(spec: spec, options: RunOptions(workspaceRoot: "\(dir)/runs", showProgress: false)).run()
        #expect(again.report.publish?.changedRows == 0)
    }

    @Test func aFailedGateLeavesPostgresUntouchedAndNeverConnects() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let first = try run(into: .postgres(url: url))
        #expect(first.exitCode == 0, "\(first.report.error ?? "")")
        let before = try Self.content(postgres: url)
        let runsBefore = try PostgresTestSupport.rows(url, "SELECT id, status FROM runs")
        // The sample has rejects, so a zero reject rate fails the gate.
        let failed = try run(into: .postgres(url: url), maxRejectRate: 0)
        #expect(failed.exitCode == PipelineRunner.ExitCode.gateFailed)
        #expect(failed.report.status == .gateFailed)
        #expect(try Self.content(postgres: url) == before)
        #expect(try PostgresTestSupport.rows(url, "SELECT id, status FROM runs") == runsBefore)
        // A database that does not exist: connecting would be a runtime failure (exit 3).
        let nowhere = try run(into: .postgres(url: PostgresTestSupport.url(of: "salon_never_created")), maxRejectRate: 0)
        #expect(nowhere.exitCode == PipelineRunner.ExitCode.gateFailed)
    }

    /// The sample re-check runs beside the publish; a mismatch it finds rolls the PostgreSQL
    /// transaction back, the run's own entries with it.
    @Test func aMismatchFoundBesideThePublishRollsPostgresBack() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let first = try run(into: .postgres(url: url))
        #expect(first.exitCode == 0, "\(first.report.error ?? "")")
        let before = try Self.content(postgres: url)
        let runsBefore = try PostgresTestSupport.rows(url, "SELECT id, status FROM runs")
        let auditBefore = try PostgresTestSupport.rows(url, "SELECT COUNT(*) FROM audit_log")
        var spec = try PipelineLoader.load(path: Self.samplePipeline)
        spec.target = .postgres(url: url)
        spec.validate.sample.fraction = 1
        var options = RunOptions(workspaceRoot: try TestSupport.makeDirectory("pgrun"), showProgress: false, runID: "planted")
        options.workers = 2
        var state = try RunState(spec: spec, options: options)
        try state.stageAllSources()
        let staging = try SQLiteConnection(path: state.stagingPath)
        try staging.execute("UPDATE stg_phone_rows SET e164 = '+8613800138999' WHERE e164 = '+8613800138002'")
        let failed = try state.finish()
        #expect(failed.exitCode == PipelineRunner.ExitCode.gateFailed)
        #expect(failed.report.gate.checks.first { $0.name == "sample_recheck" }?.passed == false)
        #expect(try Self.content(postgres: url) == before)
        #expect(try PostgresTestSupport.rows(url, "SELECT id, status FROM runs") == runsBefore)
        #expect(try PostgresTestSupport.rows(url, "SELECT COUNT(*) FROM audit_log") == auditBefore)
    }

    @Test func anUnreachableDatabaseIsARuntimeFailureThatNamesIt() throws {
        guard try PostgresTestSupport.freshDatabase() != nil else { return }
        let outcome = try run(into: .postgres(url: PostgresTestSupport.url(of: "salon_never_created")))
        #expect(outcome.exitCode == PipelineRunner.ExitCode.runtime)
        #expect(outcome.report.error?.contains("salon_never_created") == true)
    }

    @Test func copyEscapesTabsNewlinesAndBackslashes() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let connection = try PostgresConnection(url: url)
        let values: [String?] = [
            "王小红\t备注", "第一行\n第二行", "Windows\r\n换行", #"C:\客户\导出"#, #"\N"#, "", nil, #"\\t 不是制表符"#,
            "烫发后头皮过敏，下次用温和药水 🙂", "\t\n\\",
        ]
        try connection.execute("CREATE TABLE copied (id INTEGER, value TEXT)")
        let loaded = try connection.copy("COPY copied (id, value) FROM STDIN") { writer in
            for (index, value) in values.enumerated() {
                writer.field(String(index))
                writer.field(value)
                try writer.endRow()
            }
        }
        #expect(loaded == Int64(values.count))
        let back = try connection.query("SELECT value FROM copied ORDER BY id").map { $0[0] }
        #expect(back == values)
        #expect(try connection.scalarInt("SELECT COUNT(*) FROM copied WHERE value IS NULL") == 1)
    }

    /// Store codes reach the server as one array parameter; whatever they hold stays one value.
    @Test func arrayParametersKeepEveryValueAsItIs() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let connection = try PostgresConnection(url: url)
        let values = ["S001", "一店,二店", #"x"y"#, #"C:\门店"#, "NULL", "{a,b}", " 前后空格 ", "", "'); DROP TABLE stores; --"]
        let back = try connection.query(
            "SELECT value, value IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS t(value, n) ORDER BY n",
            [PostgresArray.literal(values)])
        #expect(back.map { $0[0] } == values)
        #expect(back.allSatisfy { $0[1] == "f" })
        #expect(try connection.scalarInt("SELECT cardinality($1::text[])", [PostgresArray.literal([])]) == 0)
    }

    @Test func aFailedCopyRollsBackAndNamesTheStatement() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let connection = try PostgresConnection(url: url)
        try connection.execute("CREATE TABLE amounts (fen BIGINT NOT NULL)")
        #expect {
            try connection.transaction {
                try connection.copy("COPY amounts (fen) FROM STDIN") { writer in
                    writer.field("12800")
                    try writer.endRow()
                    writer.field("一百二十八元")
                    try writer.endRow()
                }
            }
        } throws: { error in
            let text = "\(error)"
            return text.contains("COPY amounts") && text.contains("22P02")
        }
        #expect(try connection.scalarInt("SELECT COUNT(*) FROM amounts") == 0)
        // The connection is usable after the failed COPY.
        try connection.execute("INSERT INTO amounts (fen) VALUES ($1)", ["500"])
        #expect(try connection.scalarInt("SELECT SUM(fen) FROM amounts") == 500)
    }
}

/// Passwords never live in pipeline files: a URL with one is refused before anything connects.
@Suite struct PostgresURLTests {
    @Test func theDatabaseIsReadAndReplacedKeepingServerUserAndParameters() {
        #expect(PostgresURL.database(of: "postgresql://crm@db.example.cn:5432/salon_crm?sslmode=require") == "salon_crm")
        #expect(PostgresURL.database(of: "postgresql://crm@db.example.cn/%E9%97%A8%E5%BA%97") == "门店")
        #expect(PostgresURL.database(of: "postgresql://crm@db.example.cn") == nil)
        #expect(PostgresURL.database(of: "postgresql://crm@db.example.cn?sslmode=require") == nil)
        #expect(PostgresURL.replacingDatabase(of: "postgresql://crm@db.example.cn:5432/salon_crm?sslmode=require", with: "postgres")
            == "postgresql://crm@db.example.cn:5432/postgres?sslmode=require")
        #expect(PostgresURL.replacingDatabase(of: "postgresql://crm@db.example.cn", with: "postgres") == "postgresql://crm@db.example.cn/postgres")
        #expect(PostgresURL.replacingDatabase(of: "not a url", with: "postgres") == nil)
    }

    @Test func passwordsInTheURLAreFound() {
        #expect(PostgresURL.containsPassword("postgresql://crm:s3cret@db.example.cn:5432/salon"))
        #expect(PostgresURL.containsPassword("postgres://crm@db.example.cn/salon?sslmode=require&password=s3cret"))
        #expect(PostgresURL.containsPassword("postgresql://:s3cret@localhost/salon"))
        #expect(!PostgresURL.containsPassword("postgresql://crm@db.example.cn:5432/salon"))
        #expect(!PostgresURL.containsPassword("postgresql://db.example.cn/salon?sslmode=require"))
        #expect(!PostgresURL.containsPassword("postgresql://crm@[::1]:5432/salon"))
        #expect(PostgresURL.redacted("postgresql://crm:s3cret@db/salon?password=x") == "postgresql://crm:***@db/salon?password=***")
        #expect(throws: PostgresError.self) { try PostgresConnection(url: "postgresql://crm:s3cret@127.0.0.1:1/salon") }
    }

    @Test func aPipelineWithAPasswordInItsURLExitsWithTwo() throws {
        let dir = try TestSupport.makeDirectory("pg-url")
        let pipeline = "\(dir)/with-password.yaml"
        try """
            name: leaked-password
            target: { postgres: "postgresql://crm:s3cret@127.0.0.1:5432/salon" }
            sources:
              - id: sh01
                entity: customers
                store: SH01
                read: { format: csv, path: \(TestSupport.path("samples/SH01/客户档案.csv")) }
                columns: { name: 姓名, phone: 手机 }
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        let result = try TestSupport.runCLI(["run", pipeline, "--workspace", "\(dir)/runs"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("target.postgres"))
        #expect(result.stderr.contains("PGPASSWORD"))
        #expect(!result.stderr.contains("s3cret") && !result.stdout.contains("s3cret"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/runs"))
    }
}
