import ArgumentParser
import Foundation
import SalonETL

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the review queue of possible duplicates, and apply a person's decisions.",
        subcommands: [ReviewExport.self, ReviewApply.self])
}

struct ReviewExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write review.csv and review.html (phones masked) from the database's open review items.")

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    @Option(help: "Folder to write review.csv and review.html into.")
    var out = "."

    func run() throws {
        do {
            print(try ReviewCommands.export(.init(path: db, postgresURL: postgres), to: out))
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}

struct ReviewApply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the merge / separate decisions of a review file in one transaction.",
        discussion: "Every row is checked first; a bad row stops with exit code 2 and nothing is applied. Applying the same file again changes nothing.")

    @Argument(help: "The review file with its decision column filled in (merge | separate | empty).")
    var decisions: String

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    func run() throws {
        do {
            print(try ReviewCommands.apply(decisionsPath: decisions, .init(path: db, postgresURL: postgres)))
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}

struct Unmerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo every merge into a customer, restoring the records as they were.",
        discussion: "Exit code 2 for an unknown customer or one with nothing to undo.")

    @Argument(help: "The id of the customer the records were merged into.")
    var customerID: Int64

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    func run() throws {
        do {
            print(try ReviewCommands.unmerge(customerID: customerID, .init(path: db, postgresURL: postgres)))
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}
