import ArgumentParser
import Foundation
import SalonCore
import SalonStore

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the audit log: runs, publishes, merges, review decisions, key rotations, PII views, erasures.")

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "Only entries at or after this date or time (2024-03-01, 2024-03-01T10:00).")
    var since: String?

    @Option(help: "Only this action (run.start, pii.view, customer.erase…), or a prefix ending in '.' (run.).")
    var action: String?

    @Flag(help: "Print JSON (one array) instead of a table.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw failure(reporting: SalonError(.configuration, "no CRM database here", location: db, fix: "pass --db PATH"))
        }
        do {
            let connection = try SQLiteConnection(path: db, readOnly: true)
            let entries = try AuditLog.entries(connection, since: since, action: action)
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
        } catch let error as SQLiteError {
            throw failure(reporting: SalonError(.database, "cannot read the audit log", location: db, cause: error))
        }
    }
}
