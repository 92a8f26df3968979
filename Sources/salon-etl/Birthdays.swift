import ArgumentParser
import Foundation
import SalonCore
import SalonETL
import SalonStore

struct Birthdays: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List upcoming birthdays (Gregorian and lunar) for greetings; phones masked, opted-out customers left out.")

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "First day of the window (2024-04-01); default today in Asia/Shanghai.")
    var from: String?

    @Option(help: "Days after --from to include (0 = that day only).")
    var days = 7

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw failure(reporting: SalonError(.configuration, "no CRM database here", location: db, fix: "pass --db PATH"))
        }
        let list: UpcomingBirthdays
        do {
            let connection = try CRMDatabase.readOnlyConnection(path: db)
            list = try UpcomingBirthdays.list(connection, from: from ?? UpcomingBirthdays.today(), days: days)
        } catch let error as SalonError {
            throw failure(reporting: error)
        } catch let error as SQLiteError {
            throw failure(reporting: SalonError(.database, "cannot read the customers", location: db, cause: error))
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
