import ArgumentParser
import Foundation
import SalonCore
import SalonETL
import SalonStore

struct Birthdays: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List upcoming birthdays (Gregorian and lunar) for greetings; phones masked, opted-out customers left out.",
        discussion: """
        With --postgres the CRM is a PostgreSQL database, listed the same way; the phones of an \
        encrypted one are opened with the configured keys (SALON_ETL_KEY_FILE, see `salon-etl keys`). \
        Exit codes: 0 listed, 2 usage error, no CRM database or missing keys, 3 runtime failure.
        """)

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    @Option(help: "First day of the window (2024-04-01); default today in Asia/Shanghai.")
    var from: String?

    @Option(help: "Days after --from to include (0 = that day only).")
    var days = 7

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let list = try readingCRM("the customers", db: db, postgres: postgres) {
            try UpcomingBirthdays.list(
                CRMReader.open(path: db, postgresURL: postgres, opensSealedValues: true), from: from ?? UpcomingBirthdays.today(), days: days)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(list.entries), as: UTF8.self))
        } else {
            for entry in list.entries {
                print([entry.next, "+\(entry.daysAway)d", entry.name ?? "(无名)", entry.phoneMasked ?? "-", entry.birthday,
                       entry.memberLevel ?? ""].joined(separator: "  "))
            }
        }
        if list.optedOut > 0 {
            FileHandle.standardError.write(Data("\(list.optedOut) customers who opted out of marketing are not listed\n".utf8))
        }
    }
}
