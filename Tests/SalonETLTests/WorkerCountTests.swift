import Foundation
import SalonStore
import Testing

/// The published CRM is the same whatever the number of workers reading and normalizing ahead of
/// staging: every CRM table is compared row for row (run ids and the run ledger aside) between a
/// run with one worker and a run with four, sealed values opened.
@Suite(.serialized) struct WorkerCountTests {
    /// Every CRM table as sorted rows of text, without run ids (they name the run, not the data).
    static func dump(_ database: String) throws -> [String: [String]] {
        let db = try CRMDatabase(path: database)
        let keys = try KeySource.readKeyFile(TestSupport.keyFile)
        var tables: [String: [String]] = [:]
        let skipped: Set<String> = ["runs", "audit_log", "source_files"]
        for table in CRMTables.names.sorted() where !skipped.contains(table) {
            let columns = try db.connection.query("SELECT name FROM pragma_table_info(?1)", [.text(table)])
                .compactMap { $0.first?.text }
                .filter { !$0.hasSuffix("run_id") && $0 != "imported_at" && $0 != "reconciled_at" && $0 != "decided_at" }
            guard !columns.isEmpty else { continue }
            // Sealed values carry a fresh nonce each time: they compare opened.
            tables[table] = try db.connection.query("SELECT \(columns.joined(separator: ", ")) FROM \(table)").map { row in
                try row.map { value in
                    guard let text = value.text else { return "NULL" }
                    return text.hasPrefix("enc1:") ? try keys.open(text) : text
                }.joined(separator: "|")
            }.sorted()
        }
        return tables
    }

    func run(_ pipeline: String, workers: Int, in folder: String) throws -> String {
        let database = "\(folder)/crm-\(workers).sqlite"
        let result = try TestSupport.runCLI([
            "run", pipeline, "--db", database, "--workspace", "\(folder)/runs-\(workers)", "--workers", String(workers),
            "--no-progress",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return database
    }

    func expectSameCRM(_ pipeline: String, in folder: String) throws {
        let one = try Self.dump(try run(pipeline, workers: 1, in: folder))
        let four = try Self.dump(try run(pipeline, workers: 4, in: folder))
        #expect(one.keys.sorted() == four.keys.sorted())
        for table in one.keys.sorted() {
            #expect(one[table] == four[table], "\(table) differs between 1 and 4 workers")
        }
        #expect((one["customers"]?.count ?? 0) > 0)
    }

    @Test("the sample estate publishes the same CRM with 1 and 4 workers")
    func sampleMigration() throws {
        let folder = try TestSupport.makeDirectory("workers")
        try expectSameCRM(TestSupport.path("pipelines/sample-migration.yaml"), in: folder)
    }

    /// Several read batches (4,096 rows each) and several normalizer slices per batch: repeats
    /// across batch boundaries merge, namesakes on one phone go to review, bad phones are rejected.
    @Test("a 20,000-row export publishes the same CRM with 1 and 4 workers")
    func largeExport() throws {
        let folder = try TestSupport.makeDirectory("workers")
        var state: UInt64 = 20261128
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
        let given = ["丽", "芳", "娜", "敏", "静", "秀英", "小红", "建国", "伟", "磊"]
        let notes = ["喜欢自然卷", "对染发剂过敏", "头皮敏感", "", "常约Tony", "不要吹太干", "孕期，不做烫染"]
        var csv = "姓名,手机,生日,备注\n"
        for row in 0..<20_000 {
            // About one row in eight repeats an earlier customer's phone, some under another name.
            let repeated = row > 100 && next(8) == 0
            let person = repeated ? next(row) : row
            let phone = person % 97 == 5 ? "1380013\(person % 1000)" : "1\([3, 5, 8][person % 3])\(String(format: "%09d", person * 7919 % 1_000_000_000))"
            let name = repeated && next(4) == 0 ? "\(surnames[next(10)])女士" : "\(surnames[person % 10])\(given[(person / 10) % 10])"
            let birthday = person % 5 == 0 ? "" : "19\(70 + person % 30)-\(String(format: "%02d", 1 + person % 12))-\(String(format: "%02d", 1 + person % 28))"
            csv += "\(name),\(phone),\(birthday),\(notes[person % notes.count])\n"
        }
        try csv.write(toFile: "\(folder)/customers.csv", atomically: true, encoding: .utf8)
        let pipeline = """
            name: workers
            target: { sqlite: crm.sqlite }
            workspace: runs
            sources:
              - id: export
                entity: customers
                store: SH01
                read: { format: csv, path: customers.csv }
                columns: { name: 姓名, phone: 手机, birthday: 生日, notes: 备注 }
            normalize:
              phone: { region: CN }
              tags: \(TestSupport.path("schemas/tags.yaml"))
            validate:
              max_reject_rate: 0.5
            """
        try pipeline.write(toFile: "\(folder)/workers.yaml", atomically: true, encoding: .utf8)
        try expectSameCRM("\(folder)/workers.yaml", in: folder)
    }
}
