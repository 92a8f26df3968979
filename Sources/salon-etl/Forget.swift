import ArgumentParser
import Foundation
import SalonCore
import SalonETL
import SalonStore

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase a customer's personal data from the CRM database and every run workspace.",
        discussion: """
        Finds the customer by phone (any common spelling) or customer id, removes or anonymises \
        their rows in one transaction, scrubs staging databases, reject files, reports and review \
        sheets under the workspace, and records the erasure (customer id and counts only) in the \
        audit log. Card balances are kept only as per-store sums. With --postgres the CRM is a \
        PostgreSQL database, erased with the same rules. Exit codes: 0 erased, 1 refused \
        or nothing found, 2 usage error, 3 runtime failure.
        """)

    @Argument(help: "The customer's phone (13800138001, +86 138 0013 8001) or id.")
    var customer: String

    @Option(help: "The CRM database (SQLite).")
    var db = "out/crm.sqlite"

    @Option(help: "A PostgreSQL CRM instead: postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    @Option(help: "The workspace root whose run folders are scrubbed.")
    var workspace = "runs"

    @Flag(help: "Do not ask; required when stdin is not a terminal.")
    var yes = false

    func run() throws {
        do {
            let target = try CustomerForgetter.target(customer)
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    FileHandle.standardError.write(Data("error: refusing to erase without --yes (stdin is not a terminal)\n".utf8))
                    throw ExitCode(1)
                }
                let shown = postgres.map(PostgresURL.redacted) ?? db
                FileHandle.standardError.write(Data("Erase \(PIIMask.text(customer)) from \(shown) and \(workspace)? This cannot be undone. Type yes: ".utf8))
                guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                    print("nothing erased")
                    throw ExitCode(1)
                }
            }
            let result = try CustomerForgetter.forget(target, databasePath: db, postgresURL: postgres, workspaceRoot: workspace)
            let who = result.customerID.map { "customer \($0) (\(result.maskedSubject))" } ?? "\(result.maskedSubject) (no customer in the database)"
            print("erased \(who)")
            for count in result.database { print("  database  \(count.place): \(count.rows)") }
            for count in result.workspace { print("  workspace \(count.place): \(count.rows)") }
            for file in result.leftAlone { print("  NOT scrubbed (not a format this tool writes): \(file)") }
            print("recorded in the audit log")
            if result.customerID == nil && result.workspace.isEmpty { throw ExitCode(1) }
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}
