import Foundation
import SalonStore
import Testing

/// Runs the sample migration into an encrypted CRM database and reads its raw bytes (and its -wal
/// or -journal file) the way `strings` would: no phone or ID number the samples hold may appear
/// in any plain spelling. Then checks that erasure, key rotation and key errors work on it.
@Suite struct EncryptionAtRestTests {
    /// A sample migration run with the test keys: the database and the phones it holds.
    static func sampleRun() throws -> (dir: String, database: String, phones: [String]) {
        let dir = try TestSupport.makeDirectory("crypt")
        let database = "\(dir)/crm.sqlite"
        let result = try TestSupport.runCLI([
            "run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", database, "--workspace", "\(dir)/runs",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let plain = try SQLiteConnection(path: TestSupport.plainCopy(of: database), readOnly: true)
        let phones = try plain.query("""
            SELECT e164 FROM customer_phones UNION SELECT e164 FROM chat_facts WHERE e164 IS NOT NULL
            """).compactMap { $0.first?.text }
        return (dir, database, phones)
    }

    /// Identifiers the tool generates, which hold digits but no personal data: run ids, sealed and
    /// blind-index tokens, hex digests and the test keys' id. Each becomes a space, because a
    /// database file puts columns side by side without separators: a run id `…Z-b189` followed by
    /// the next column's `20261128…` reads as `18920261128`, a mobile to the patterns, and so does
    /// a key id ending `…f192` before its creation date `2026-12-08…`.
    static func withoutGeneratedTokens(_ text: String) -> String {
        let generated = try! NSRegularExpression(
            pattern: #"[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4}|(?:enc1:|bix1:)[A-Za-z0-9+/=_-]+|[0-9a-f]{32,}"#)
        let stripped = generated.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        guard let keyID = try? KeySource.readKeyFile(TestSupport.keyFile).keyID else { return stripped }
        return stripped.replacingOccurrences(of: keyID, with: " ")
    }

    /// The spellings a phone could be stored in: E.164, without the plus, national digits, and
    /// the +86 form with spaces.
    static func spellings(_ e164: String) -> [String] {
        let code = e164.hasPrefix("+86") ? 3 : 4
        let national = String(e164.dropFirst(code))
        var forms = [e164, String(e164.dropFirst()), national]
        if national.count == 11 {
            let d = Array(national)
            forms.append("\(e164.prefix(code)) \(String(d[0..<3])) \(String(d[3..<7])) \(String(d[7...]))")
        }
        return forms
    }

    @Test("the encrypted CRM database holds no phone or ID number in plain text")
    func rawBytesRevealNoPhone() throws {
        let run = try Self.sampleRun()
        // Every distinct blind index opened to a distinct phone: the plain copy lost none.
        let tokens = try SQLiteConnection(path: run.database, readOnly: true).scalarInt("""
            SELECT COUNT(*) FROM (SELECT e164 FROM customer_phones UNION SELECT e164 FROM chat_facts WHERE e164 IS NOT NULL)
            """)
        #expect(Int64(run.phones.count) == tokens)
        #expect(run.phones.count >= 30)
        let manager = FileManager.default
        let files = [run.database, run.database + "-wal", run.database + "-journal"].filter { manager.fileExists(atPath: $0) }
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for phone in run.phones {
                for form in Self.spellings(phone) {
                    #expect(bytes.range(of: Data(form.utf8)) == nil, "\(file) holds \(form.prefix(5))…")
                }
            }
            let leaks = PIIScanTests.Leak.find(in: Self.withoutGeneratedTokens(String(decoding: bytes, as: UTF8.self)))
            #expect(leaks.isEmpty, "\(file): \(leaks.count) plain numbers")
        }
        // The phones are there all the same, for those holding the keys.
        #expect(run.phones.contains("+8613800138001"))
    }

    @Test("forget finds a customer by phone through the blind index and erases them")
    func forgetWorksOnEncryptedData() throws {
        let run = try Self.sampleRun()
        let held = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        #expect(try held.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE e164 = '+8613800138003'") == 1)
        // 138 0013 8003 is one customer's alone (a shared phone is refused, see PrivacyTests).
        let result = try TestSupport.runCLI(["forget", "138 0013 8003", "--db", run.database, "--workspace", "\(run.dir)/runs", "--yes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("erased customer"))
        let plain = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        #expect(try plain.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE e164 = '+8613800138003'") == 0)
        #expect(try plain.scalarInt("SELECT COUNT(*) FROM customers") ?? 0 > 0)
    }

    @Test("rotate re-encrypts under new keys in one go; the old keys, or none, are a clear error (exit 2)")
    func rotationAndKeyErrors() throws {
        let run = try Self.sampleRun()
        let keyFile = run.dir + "/keys"
        try FileManager.default.copyItem(atPath: TestSupport.keyFile, toPath: keyFile)
        let before = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        let rotated = try TestSupport.runCLI(["keys", "rotate", "--db", run.database, "--key-file", keyFile])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(FileManager.default.fileExists(atPath: keyFile + ".previous"))

        let oldKeys = try TestSupport.runCLI(["birthdays", "--db", run.database])
        #expect(oldKeys.status == 2)
        #expect(oldKeys.stderr.contains("wrong keys"))

        let reopened = try CRMDatabase(path: run.database, keys: try KeySource.readKeyFile(keyFile))
        #expect(try AuditLog.entries(reopened.connection, action: AuditLog.Action.keyRotation).count == 1)
        let copy = try TestSupport.makeDirectory("rotated") + "/crm.sqlite"
        try reopened.connection.execute("VACUUM INTO ?1", [.text(copy)])
        try CRMDatabase(path: copy, keys: try KeySource.readKeyFile(keyFile)).rotateKeys(to: nil)
        let after = try SQLiteConnection(path: copy, readOnly: true)
        let phones = "SELECT customer_id, e164, original FROM customer_phones ORDER BY id"
        #expect(try after.query(phones) == before.query(phones))
        #expect(try after.query("SELECT id, customer_key FROM customers ORDER BY id") == before.query("SELECT id, customer_key FROM customers ORDER BY id"))

        let environment = ["SALON_ETL_KEY_FILE": run.dir + "/no-such-keys", "HOME": run.dir]
        let missing = try Self.runCLI(["keys", "status", "--db", run.database], environment: environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no keys are configured") && missing.stderr.contains("no-such-keys"))
    }

    /// Without keys, a run that would encrypt phones stops before reading any source (exit 2, the
    /// message naming where keys were looked for), rather than after staging everything; a dry
    /// run, which publishes nothing, needs no keys.
    @Test func aRunWithoutKeysStopsBeforeStaging() throws {
        let dir = try TestSupport.makeDirectory("nokeys")
        let environment = ["SALON_ETL_KEY_FILE": dir + "/no-such-keys", "HOME": dir]
        let arguments = [
            "run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs",
        ]
        let refused = try Self.runCLI(arguments, environment: environment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("needs the CRM keys") && refused.stderr.contains("no-such-keys"))
        #expect(refused.stderr.contains("salon-etl keys init"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/crm.sqlite"))
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: "\(dir)/runs")) ?? []
        #expect(runs.allSatisfy { !FileManager.default.fileExists(atPath: "\(dir)/runs/\($0)/staging.sqlite") })

        let dryRun = try Self.runCLI(arguments + ["--dry-run"], environment: environment)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")

        // A periodic import stops the same way, before it creates its folder.
        let project = try ImportJobTests().makeProject()
        try FileManager.default.copyItem(
            atPath: "\(ImportJobTests.samples)/inbox/SH01_20240301.csv", toPath: "\(project)/inbox/SH01_20240301.csv")
        let importing = try Self.runCLI(["import", "\(project)/pos-daily.yaml", "--workspace", "\(project)/runs"], environment: environment)
        #expect(importing.status == 2)
        #expect(importing.stderr.contains("needs the CRM keys"))
        #expect(!FileManager.default.fileExists(atPath: "\(project)/runs"))
        #expect(!FileManager.default.fileExists(atPath: "\(project)/crm.sqlite"))
    }

    /// The CLI with a changed environment (the test process keeps its own keys).
    static func runCLI(_ arguments: [String], environment: [String: String]) throws -> TestSupport.CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return TestSupport.CommandResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: data, as: UTF8.self))
    }
}
