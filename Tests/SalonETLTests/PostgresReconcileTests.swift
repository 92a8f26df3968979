import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// `salon-etl reconcile` against a CRM on a real PostgreSQL server (SALON_TEST_POSTGRES_URL): the
/// sample dual-run day with its three planted differences gives the same result, the same
/// reconcile_runs rows and the same cutover decision as against the same CRM in SQLite.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresReconcileTests {
    /// The dual-run pipeline reading the planted old-system export, writing into `target`.
    func dualRunSpec(target: PipelineSpec.Target) throws -> PipelineSpec {
        var spec = try PipelineLoader.load(path: TestSupport.path("pipelines/dual-run.yaml"))
        spec.target = target
        spec.sources[0].read.path = TestSupport.path("samples/dual-run/SH01_20240301_旧系统.csv")
        return spec
    }

    @Test func thePlantedDifferencesAreFoundInPostgresAsInSQLite() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let sqlitePath = try TestSupport.makeDirectory("pg-reconcile") + "/crm.sqlite"
        let publish = PostgresPublishTests()
        #expect(try publish.run(into: .sqlite(path: sqlitePath)).exitCode == 0)
        #expect(try publish.run(into: .postgres(url: url)).exitCode == 0)

        let workspace = try TestSupport.makeDirectory("pg-reconcile-runs")
        let inSQLite = try DualRunReconciliation.run(
            spec: try dualRunSpec(target: .sqlite(path: sqlitePath)), databasePath: nil, workspaceRoot: workspace)
        let inPostgres = try DualRunReconciliation.run(
            spec: try dualRunSpec(target: .postgres(url: url)), databasePath: nil, workspaceRoot: workspace)
        #expect(inPostgres.exitCode == DualRunReconciliation.ExitCode.differences)
        #expect(inPostgres.result == inSQLite.result)
        #expect(inPostgres.cutover == inSQLite.cutover)
        #expect(inPostgres.result.receiptExceptions.map { "\($0.kind.rawValue):\(($0.old ?? $0.new)?.number ?? "")" }
            == ["amount_different:R20240301003", "missing_in_new:R20240301006", "missing_in_old:R20240301004"])
        let runs = "SELECT store_code, day, old_receipts, new_receipts, exceptions, clean FROM reconcile_runs ORDER BY id"
        #expect(try PostgresTestSupport.rows(url, runs) == [["SH01", "2024-03-01", "5", "5", "3", "0"]])
        #expect(try PostgresTestSupport.rows(url, runs)
            == SQLiteConnection(path: sqlitePath, readOnly: true).query(runs).map { $0.map(\.text) })
        // The report names the database without anything libpq could read a secret from.
        let report = try String(contentsOfFile: inPostgres.reportJSON, encoding: .utf8)
        #expect(report.contains(PostgresURL.redacted(url)))
    }

    @Test func sharedStatementsBindTheSameOnBothTargets() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let sqlite = try CRMDatabase(path: try TestSupport.makeDirectory("pg-shared") + "/crm.sqlite")
        let postgres = try PostgresCRMDatabase(url: url)
        // A ? inside a string literal is text, not a parameter.
        let sql = "SELECT ?1 || '?2', ?2, COUNT(*) FROM stores WHERE code = ?2"
        for target in [sqlite, postgres] as [CRMTarget] {
            #expect(try target.sharedQuery(sql, ["店", "SH01"]) == [["店?2", "SH01", "0"]])
        }
    }
}
