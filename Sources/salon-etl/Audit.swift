import ArgumentParser
import Foundation
import SalonCore
import SalonStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the audit log: runs, publishes, merges, review decisions, key rotations, PII views, erasures.",
        discussion: """
        With --postgres the CRM is a PostgreSQL database, listed the same way. Exit codes: 0 listed, \
        2 usage error or no CRM database, 3 runtime failure.
        """)

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    @Option(help: "Only entries at or after this date or time (2024-03-01, 2024-03-01T10:00).")
    var since: String?

    @Option(help: "Only this action (run.start, pii.view, customer.erase…), or a prefix ending in '.' (run.).")
    var action: String?

    @Flag(help: "Print JSON (one array) instead of a table.")
    var json = false

    func run() throws {
        let entries = try readingCRM("the audit log", db: db, postgres: postgres) {
            try AuditLog.entries(CRMReader.open(path: db, postgresURL: postgres, opensSealedValues: false), since: since, action: action)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            return
        }
        for entry in entries {
            print([entry.at, entry.osUser, entry.action, entry.subject, entry.runID ?? "-", entry.detail].joined(separator: "  "))
        }
    }
}
