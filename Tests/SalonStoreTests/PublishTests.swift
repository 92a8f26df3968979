import Foundation
import Testing
@testable import SalonStore

@Suite struct PublishTests {
    func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "salon-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func makeCandidate(line: Int, name: String, phone: String?, store: String = "SH01", note: String? = nil, balance: Int64? = nil) -> CustomerCandidate {
        var candidate = CustomerCandidate(
            provenance: Provenance(sourceID: "src", file: "a.csv", line: line, recordIndex: line - 1), storeCode: store)
        candidate.name = name
        candidate.surname = String(name.prefix(1))
        candidate.givenName = String(name.dropFirst())
        if let phone {
            candidate.phones = [.init(e164: phone, kind: "mobile", original: phone, numericKey: UInt64(phone.dropFirst())!)]
        }
        if let note { candidate.notes = [.init(column: "备注", text: note)] }
        if let balance { candidate.card = .init(cardNumber: nil, balanceFen: balance) }
        return candidate
    }

    /// Stages: 王小红 (with note and balance), 李明, and a second 王小红 record merged into the first.
    func makeStaging(at path: String, nameOfFirst: String = "王小红") throws {
        let staging = try StagingStore(path: path)
        let first = try staging.addCustomer(
            makeCandidate(line: 2, name: nameOfFirst, phone: "+8613800138001", note: "喜欢自然卷", balance: 128_000),
            customerKey: "tel:+8613800138001")
        try staging.addCustomer(makeCandidate(line: 3, name: "李明", phone: "+8613800138002"), customerKey: "tel:+8613800138002")
        try staging.mergeCustomer(
            makeCandidate(line: 4, name: nameOfFirst, phone: "+8613800138001", note: "发尾干枯"), into: first,
            reason: "same_phone", matchedOn: "phone")
        try staging.commit()
    }

    @Test func publishesStagedCustomersWithProvenance() throws {
        let dir = try makeDirectory()
        try makeStaging(at: "\(dir)/staging.sqlite")
        let database = try CRMDatabase(path: "\(dir)/crm.sqlite")
        let summary = try database.publish(stagingPath: "\(dir)/staging.sqlite", runID: "run-1")
        #expect(summary.customersInserted == 2)
        #expect(summary.phonesInserted == 2)
        #expect(summary.notesInserted == 2)
        #expect(summary.mergesInserted == 1)
        #expect(summary.cardsInserted == 1)
        let rows = try database.connection.query(
            "SELECT c.name, p.e164, c.source_file, c.record_key FROM customers c JOIN customer_phones p ON p.customer_id = c.id ORDER BY c.id")
        #expect(rows.map { $0.compactMap(\.text) } == [
            ["王小红", "+8613800138001", "a.csv", "line 2"],
            ["李明", "+8613800138002", "a.csv", "line 3"],
        ])
        let notes = try database.connection.query("SELECT text, record_key FROM notes ORDER BY id").map { $0.compactMap(\.text) }
        #expect(notes == [["喜欢自然卷", "line 2"], ["发尾干枯", "line 4"]])
        #expect(try database.connection.scalarInt("SELECT balance_fen FROM member_cards") == 128_000)
    }

    /// Answers the first birthday question wrongly and later ones rightly, as when the as-of date
    /// the publish guessed before inserting customers differs from the one it derives with.
    final class ShiftingBirthdays: @unchecked Sendable {
        private let lock = NSLock()
        private var calls = 0
        func next(_ key: BirthdayKey, _ start: String) -> String? {
            lock.lock()
            defer { lock.unlock() }
            calls += 1
            return calls == 1 ? "1999-12-31" : "2025-\(key.month < 10 ? "0" : "")\(key.month)-0\(key.day)"
        }
    }

    @Test func aNewCustomersGuessedNextBirthdayIsCorrectedAndCountedOnce() throws {
        let dir = try makeDirectory()
        let staging = try StagingStore(path: "\(dir)/staging.sqlite")
        var withBirthday = makeCandidate(line: 2, name: "王小红", phone: "+8613800138001")
        withBirthday.birthday = "1990-03-05"
        try staging.addCustomer(withBirthday, customerKey: "tel:+8613800138001")
        try staging.addCustomer(makeCandidate(line: 3, name: "李明", phone: "+8613800138002"), customerKey: "tel:+8613800138002")
        try staging.commit()
        let answers = ShiftingBirthdays()
        let plan = DerivedFieldsPlan(rules: DerivedFieldRules(), today: "2024-06-01") { answers.next($0, $1) }
        let database = try CRMDatabase(path: "\(dir)/crm.sqlite")
        let summary = try database.publish(stagingPath: "\(dir)/staging.sqlite", runID: "run-1", derive: plan)
        #expect(try database.connection.query("SELECT name, birthday_next FROM customers ORDER BY id").map { $0.map(\.text) }
            == [["王小红", "2025-03-05"], ["李明", nil]])
        #expect(summary.derived?.birthdaysUpdated == 1)
    }

    @Test func publishingTheSameStagingTwiceChangesNothing() throws {
        let dir = try makeDirectory()
        try makeStaging(at: "\(dir)/staging.sqlite")
        let database = try CRMDatabase(path: "\(dir)/crm.sqlite")
        _ = try database.publish(stagingPath: "\(dir)/staging.sqlite", runID: "run-1")
        let ids = try database.connection.query("SELECT id, customer_key FROM customers ORDER BY id")
        try makeStaging(at: "\(dir)/staging2.sqlite")
        let second = try database.publish(stagingPath: "\(dir)/staging2.sqlite", runID: "run-2")
        #expect(second == PublishSummary())
        #expect(try database.connection.query("SELECT id, customer_key FROM customers ORDER BY id") == ids)
    }

    @Test func aLaterRunUpdatesChangedFieldsInPlace() throws {
        let dir = try makeDirectory()
        try makeStaging(at: "\(dir)/s1.sqlite")
        let database = try CRMDatabase(path: "\(dir)/crm.sqlite")
        _ = try database.publish(stagingPath: "\(dir)/s1.sqlite", runID: "run-1")
        try makeStaging(at: "\(dir)/s2.sqlite", nameOfFirst: "王晓红")
        let summary = try database.publish(stagingPath: "\(dir)/s2.sqlite", runID: "run-2")
        #expect(summary.customersInserted == 0)
        #expect(summary.customersUpdated == 1)
        #expect(try database.connection.query("SELECT name FROM customers WHERE customer_key = 'tel:+8613800138001'").first?.first?.text == "王晓红")
    }

    @Test func aFailingPublishLeavesTheDatabaseAsItWas() throws {
        let dir = try makeDirectory()
        let database = try CRMDatabase(path: "\(dir)/crm.sqlite")
        try makeStaging(at: "\(dir)/s1.sqlite")
        // Break the staging file after the first statements would have run: a missing table.
        let broken = try SQLiteConnection(path: "\(dir)/s1.sqlite")
        try broken.execute("DROP TABLE stg_rejects")
        #expect(throws: SQLiteError.self) { try database.publish(stagingPath: "\(dir)/s1.sqlite", runID: "run-1") }
        #expect(try database.connection.scalarInt("SELECT COUNT(*) FROM customers") == 0)
        #expect(try database.connection.scalarInt("SELECT COUNT(*) FROM stores") == 0)
    }

    /// A first load inserts with foreign keys off and checks them once at the end; enforcement is
    /// back on afterwards, and the check names the table of a dangling row without its values.
    @Test func aFirstLoadChecksForeignKeysOnceAndEnforcesThemAfterwards() throws {
        let dir = try makeDirectory()
        try makeStaging(at: "\(dir)/staging.sqlite")
        let database = try CRMDatabase(path: "\(dir)/crm.sqlite")
        _ = try database.publish(stagingPath: "\(dir)/staging.sqlite", runID: "run-1")
        #expect(try database.connection.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try database.connection.query("PRAGMA foreign_key_check").isEmpty)
        #expect(throws: SQLiteError.self) {
            try database.connection.execute("""
                INSERT INTO customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id)
                VALUES (999, '+8613900139999', 'mobile', '13900139999', 'src', 'a.csv', 'line 9', 'run-1')
                """)
        }
        try database.connection.execute("PRAGMA foreign_keys = OFF")
        try database.connection.execute("""
            INSERT INTO customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id)
            VALUES (999, '+8613900139999', 'mobile', '13900139999', 'src', 'a.csv', 'line 9', 'run-1')
            """)
        do {
            try database.checkForeignKeys()
            Issue.record("a phone of a customer that does not exist passed the check")
        } catch let error as SQLiteError {
            #expect(error.message.contains("customer_phones (1 rows)"))
            #expect(!error.description.contains("13900139999"))
        }
    }

    @Test func embeddedSchemasMatchTheFilesInSchemas() throws {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        for (file, sql) in EmbeddedSchemas.all {
            let onDisk = try String(contentsOf: root.appendingPathComponent("schemas/sqlite/\(file)"), encoding: .utf8)
            #expect(onDisk.trimmingCharacters(in: .newlines) == sql, "run scripts/embed-schemas after editing schemas/sqlite/\(file)")
        }
    }
}
