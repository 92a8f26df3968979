import Foundation
import Testing
import SalonCore
@testable import SalonETL
@testable import SalonStore

/// `salon-etl audit --postgres` and `salon-etl birthdays --postgres` against a real server
/// (SALON_TEST_POSTGRES_URL): the sample estate is published into PostgreSQL and into SQLite, and
/// the commands list on PostgreSQL what the database holds and what they list on SQLite.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresAuditBirthdaysTests {
    /// The sample estate published into a fresh PostgreSQL database (encrypted with the test keys).
    func makePostgresEstate() throws -> String? {
        guard let url = try PostgresTestSupport.freshDatabase() else { return nil }
        let run = try PostgresPublishTests().runInWorkspace(into: .postgres(url: url))
        #expect(run.outcome.exitCode == 0, "\(run.outcome.report.error ?? "")")
        return url
    }

    /// The same estate published into a new SQLite file.
    func makeSQLiteEstate() throws -> String {
        let path = try TestSupport.makeDirectory("pg-twin-birthdays") + "/crm.sqlite"
        let run = try PostgresPublishTests().runInWorkspace(into: .sqlite(path: path))
        #expect(run.outcome.exitCode == 0, "\(run.outcome.report.error ?? "")")
        return path
    }

    /// The CLI's JSON back into its types: snake case to the property names (`run_id` → `runID`,
    /// which `.convertFromSnakeCase` would make `runId`).
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let words = path.last!.stringValue.split(separator: "_").map(String.init)
            let name = words.enumerated().map { index, word in
                index == 0 ? word : word == "id" ? "ID" : word.prefix(1).uppercased() + word.dropFirst()
            }.joined()
            return AnyKey(name)
        }
        return try decoder.decode(type, from: Data(json.utf8))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The audit log as the database holds it, in the CLI's JSON shape.
    func auditRows(_ url: String) throws -> [AuditEntry] {
        try PostgresTestSupport.rows(url, "SELECT id, at, os_user, action, subject, detail, run_id FROM audit_log ORDER BY id").map {
            AuditEntry(
                id: Int64($0[0] ?? "") ?? -1, at: $0[1] ?? "", osUser: $0[2] ?? "", action: $0[3] ?? "", subject: $0[4] ?? "",
                detail: $0[5] ?? "", runID: $0[6])
        }
    }

    @Test func auditListsThePostgresLogAsItIsStoredAndFiltersItAsOnSQLite() throws {
        guard let url = try makePostgresEstate() else { return }
        let sqlite = try makeSQLiteEstate()
        try PostgresCRMDatabase(url: url).recordAudit(
            action: AuditLog.Action.piiView, subject: "run:test", detail: "rows=3", runID: nil, at: Date())
        let stored = try auditRows(url)
        #expect(stored.map(\.action) == ["run.start", "publish", "run.end", "pii.view"])

        let all = try TestSupport.runCLI(["audit", "--postgres", url, "--json"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try decode([AuditEntry].self, all.stdout) == stored)
        #expect(stored[1].detail.contains("customers_inserted=44"))

        // The table: one line per entry, fields as on SQLite.
        let table = try TestSupport.runCLI(["audit", "--postgres", url])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.split(separator: "\n").map(String.init) == stored.map {
            [$0.at, $0.osUser, $0.action, $0.subject, $0.runID ?? "-", $0.detail].joined(separator: "  ")
        })

        // Filters give the same actions as on the SQLite twin (which has no pii.view entry).
        for filter in [["--action", "run."], ["--action", "RUN."], ["--action", "publish"], ["--action", "run.end"],
                       ["--since", "2999-01-01"], ["--since", "2000-01-01"]]
        {
            let onPostgres = try TestSupport.runCLI(["audit", "--postgres", url, "--json"] + filter)
            let onSQLite = try TestSupport.runCLI(["audit", "--db", sqlite, "--json"] + filter)
            #expect(onPostgres.status == 0 && onSQLite.status == 0, "\(filter): \(onPostgres.stderr) \(onSQLite.stderr)")
            let postgresActions = try decode([AuditEntry].self, onPostgres.stdout).map(\.action).filter { $0 != "pii.view" }
            #expect(postgresActions == (try decode([AuditEntry].self, onSQLite.stdout).map(\.action)), "\(filter)")
        }
        func listed(_ filter: [String]) throws -> [AuditEntry] {
            try decode([AuditEntry].self, TestSupport.runCLI(["audit", "--postgres", url, "--json"] + filter).stdout)
        }
        let runs = try listed(["--action", "run."])
        #expect(runs == stored.filter { $0.action.hasPrefix("run.") })
        #expect(runs.map(\.action) == ["run.start", "run.end"])
        #expect(try listed(["--action", "pii.view"]) == [stored[3]])
        #expect(try listed(["--since", stored[3].at]) == stored.filter { $0.at >= stored[3].at })
        let none = try TestSupport.runCLI(["audit", "--postgres", url, "--since", "2999-01-01"])
        #expect(none.status == 0 && none.stdout.isEmpty)
    }

    @Test func birthdaysListTheSameCustomersAndDaysAsOnSQLiteWithPhonesOpenedAndMasked() throws {
        guard let url = try makePostgresEstate() else { return }
        let sqlite = try makeSQLiteEstate()
        // Encrypted: the database holds blind indexes, so the phones shown were opened here.
        #expect(try PostgresTestSupport.rows(url, "SELECT COUNT(*) FROM customer_phones WHERE e164 LIKE '+86%'") == [["0"]])
        let keys = try PostgresPublishTests.keys()
        let firstPhones = Dictionary(
            try PostgresTestSupport.rows(url, """
                SELECT customer_id, e164_sealed FROM customer_phones p
                WHERE id = (SELECT MIN(id) FROM customer_phones o WHERE o.customer_id = p.customer_id)
                """).map { (Int64($0[0] ?? "") ?? -1, PIIMask.localPhone(try keys.open($0[1] ?? ""))) },
            uniquingKeysWith: { first, _ in first })

        var listed = 0
        for (from, days) in [("2024-04-10", "7"), ("2024-01-01", "366"), ("2024-04-13", "0"), ("2024-12-20", "30")] {
            let window = ["--from", from, "--days", days]
            let onPostgres = try TestSupport.runCLI(["birthdays", "--postgres", url, "--json"] + window)
            let onSQLite = try TestSupport.runCLI(["birthdays", "--db", sqlite, "--json"] + window)
            #expect(onPostgres.status == 0, "\(onPostgres.stderr)")
            #expect(onSQLite.status == 0, "\(onSQLite.stderr)")
            let entries = try decode([UpcomingBirthdays.Entry].self, onPostgres.stdout)
            #expect(entries == (try decode([UpcomingBirthdays.Entry].self, onSQLite.stdout)), "\(window)")
            #expect(onPostgres.stderr == onSQLite.stderr, "the same opted-out count")
            for entry in entries {
                #expect(entry.phoneMasked == firstPhones[entry.customerID], "customer \(entry.customerID)")
            }
            #expect(onPostgres.stdout.firstMatch(of: /\d{11}/) == nil)

            let table = try TestSupport.runCLI(["birthdays", "--postgres", url] + window)
            #expect(table.status == 0)
            #expect(table.stdout == (try TestSupport.runCLI(["birthdays", "--db", sqlite] + window)).stdout)
            #expect(table.stdout.firstMatch(of: /\d{11}/) == nil)
            listed += entries.count
        }
        // The whole year lists every customer with a birthday who did not opt out, with a phone.
        let year = try decode([UpcomingBirthdays.Entry].self, TestSupport.runCLI(
            ["birthdays", "--postgres", url, "--json", "--from", "2024-01-01", "--days", "366"]).stdout)
        let withBirthday = try PostgresTestSupport.rows(
            url, "SELECT COUNT(*) FROM customers WHERE birthday IS NOT NULL AND COALESCE(marketing_opt_out, 0) = 0")
        #expect(withBirthday == [[String(year.count)]])
        #expect(year.contains { $0.next == "2024-04-13" && $0.daysAway == 103 && $0.birthday == "农历 --03-05" })
        #expect(year.contains { $0.phoneMasked?.contains("****") == true })
        #expect(listed > year.count, "the windows list customers")
    }

    @Test func aMissingDatabaseOrServerOrKeysIsAClearErrorWithoutThePassword() throws {
        guard let empty = try PostgresTestSupport.freshDatabase() else { return }
        // A database that holds no CRM is not turned into one.
        for command in [["audit"], ["birthdays"]] {
            let result = try TestSupport.runCLI(command + ["--postgres", empty])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no CRM database here"))
        }
        #expect(try PostgresTestSupport.rows(empty, "SELECT to_regclass('customers') IS NULL") == [["t"]])

        // A misspelt database name is a mistake in the command (exit 2, saying what to check); no
        // server listening is a runtime failure (exit 3). Both name the URL.
        let missing = PostgresTestSupport.url(of: "salon_no_such_database")
        let unreachable = "postgresql://salon@127.0.0.1:1/crm"
        for command in [["audit"], ["birthdays"], ["review", "export"], ["unmerge", "1"]] {
            let misspelt = try TestSupport.runCLI(command + ["--postgres", missing])
            #expect(misspelt.status == 2, "\(command): \(misspelt.stderr)")
            #expect(misspelt.stderr.hasPrefix("error: \(missing): no such database on the PostgreSQL server"), "\(misspelt.stderr)")
            #expect(misspelt.stderr.contains("check the database name"))
            let down = try TestSupport.runCLI(command + ["--postgres", unreachable])
            #expect(down.status == 3, "\(command): \(down.stderr)")
            #expect(down.stderr.hasPrefix("error: \(unreachable): cannot open the PostgreSQL CRM database"), "\(down.stderr)")
        }

        // The name is also looked up in pg_database, for servers whose message is not in English.
        #expect(PostgresCRMDatabase.isMissingDatabase(url: missing))
        #expect(!PostgresCRMDatabase.isMissingDatabase(url: empty))
        #expect(!PostgresCRMDatabase.isMissingDatabase(url: unreachable), "no server: cannot be told")

        // A password in the URL is refused before connecting, and never printed.
        let withPassword = "postgresql://salon:s3cret-pw@127.0.0.1:1/crm"
        for command in [["audit"], ["birthdays"]] {
            let result = try TestSupport.runCLI(command + ["--postgres", withPassword])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("postgresql://salon:***@127.0.0.1:1/crm"))
            #expect(!result.stderr.contains("s3cret-pw"))
        }

        // An encrypted CRM without keys: birthdays needs them (exit 2), the audit log does not.
        guard let url = try makePostgresEstate() else { return }
        let dir = try TestSupport.makeDirectory("pg-no-keys")
        let environment = ["SALON_ETL_KEY_FILE": dir + "/no-such-keys", "HOME": dir]
        let birthdays = try EncryptionAtRestTests.runCLI(["birthdays", "--postgres", url], environment: environment)
        #expect(birthdays.status == 2)
        #expect(birthdays.stderr.contains("no keys are configured") && birthdays.stderr.contains("no-such-keys"))
        let audit = try EncryptionAtRestTests.runCLI(["audit", "--postgres", url], environment: environment)
        #expect(audit.status == 0, "\(audit.stderr)")
    }
}
