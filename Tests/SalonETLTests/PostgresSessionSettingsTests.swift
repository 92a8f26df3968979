import Foundation
import Testing
@testable import SalonStore

/// The publish transaction's own settings on PostgreSQL: larger sort memory and no JIT for the
/// transaction only, changeable (or left to the server) through the environment, and a value
/// that is not a size never reaches the server as SQL.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresSessionSettingsTests {
    func settings(_ database: PostgresCRMDatabase) throws -> [String?] {
        try ["work_mem", "maintenance_work_mem", "jit"].map { try database.connection.query("SHOW \($0)").first?.first ?? nil }
    }

    @Test func thePublishTransactionSetsItsOwnMemoryAndJITAndTheEnvironmentOverridesThem() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let database = try PostgresCRMDatabase(url: url)
        let server = try settings(database)
        let inside = try database.connection.transaction {
            try database.tuneForBulkPublish(environment: [:])
            return try settings(database)
        }
        #expect(inside == ["256MB", "512MB", "off"])
        #expect(try settings(database) == server, "SET LOCAL: the session is as it was after the transaction")

        let chosen = try database.connection.transaction {
            try database.tuneForBulkPublish(environment: ["SALON_ETL_PG_WORK_MEM": "64MB", "SALON_ETL_PG_MAINTENANCE_WORK_MEM": ""])
            return try settings(database)
        }
        #expect(chosen == ["64MB", server[1], "off"])

        // A value is bound, not spliced: text that is not a size is refused by the server and the
        // table it names is untouched.
        #expect(throws: PostgresError.self) {
            try database.connection.transaction {
                try database.tuneForBulkPublish(environment: ["SALON_ETL_PG_WORK_MEM": "1MB'; DROP TABLE customers; --"])
            }
        }
        #expect(try database.connection.query("SELECT to_regclass('customers') IS NOT NULL") == [["t"]])
    }
}
