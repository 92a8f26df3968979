import Foundation
import SalonStore
import Testing

/// The PostgreSQL server the tests run against: SALON_TEST_POSTGRES_URL, which scripts/test sets
/// after starting a throwaway cluster (scripts/pg-cluster).
enum PostgresTestSupport {
    static let environment = ProcessInfo.processInfo.environment
    static let baseURL = environment["SALON_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// In CI (CI=true) or with SALON_REQUIRE_POSTGRES=1 a missing server is a failure, not a skip.
    static let required = environment["CI"] == "true" || environment["SALON_REQUIRE_POSTGRES"] == "1"

    /// Whether the PostgreSQL suites run: with a server, or without one when it is required
    /// (so that they fail). Elsewhere they are reported as skipped, with the reason.
    static let enabled = baseURL != nil || required

    static let skipReason: Comment =
        "SALON_TEST_POSTGRES_URL is not set: run bash scripts/test, which starts a throwaway PostgreSQL cluster"

    /// A new empty database on the test server, as a URL; nil (with a recorded failure) when
    /// there is no server although one is required.
    static func freshDatabase(sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        guard let baseURL else {
            Issue.record("PostgreSQL is required here (CI) but SALON_TEST_POSTGRES_URL is not set", sourceLocation: sourceLocation)
            return nil
        }
        let admin = try PostgresConnection(url: baseURL)
        let name = "salon_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try admin.execute("CREATE DATABASE \(name)")
        return url(of: String(name))
    }

    /// The test server's URL with another database name.
    static func url(of database: String) -> String {
        guard let baseURL, let slash = baseURL.lastIndex(of: "/") else { return "" }
        return baseURL[...slash] + database
    }

    /// Rows of a query on a database, values as text.
    static func rows(_ url: String, _ sql: String) throws -> [[String?]] {
        try PostgresConnection(url: url).query(sql)
    }
}
