import Foundation
import SalonCore
import SalonNormalizers
import SalonStore

/// `salon-etl forget PHONE|CUSTOMER_ID`: erases a customer's personal data from the CRM database
/// and from every run workspace, keeping only anonymous aggregates, and records the erasure
/// (customer id and counts, nothing erased) in the audit log.
///
/// The source files themselves are not touched: they belong to the salon's old system, and a new
/// run over them would load the customer again, so the forget list of the old system matters too.
public enum CustomerForgetter {
    public enum Target: Sendable, Equatable {
        /// E.164.
        case phone(String)
        case customerID(Int64)
    }

    public struct Result: Sendable {
        public var customerID: Int64?
        /// The phone as masked for messages.
        public var maskedSubject: String
        public var database: [ErasureCount]
        public var workspace: [ErasureCount]
        /// Files under the workspace that mention the customer but are not ours to rewrite.
        public var leftAlone: [String]
    }

    /// A customer id (`42`, `customer:42`) or a phone in any form the normalizer accepts.
    /// - Throws: `SalonError(.configuration)` when it is neither.
    public static func target(_ text: String) throws -> Target {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let idText = trimmed.hasPrefix("customer:") ? String(trimmed.dropFirst(9)) : trimmed
        if idText.count < 7, let id = Int64(idText), id > 0 { return .customerID(id) }
        if let phone = PhoneNormalizer.parse(trimmed, defaultRegion: .cn).phones.first {
            return .phone(phone.e164)
        }
        throw SalonError(
            .configuration, "'\(PIIMask.text(text))' is neither a customer id nor a phone number",
            fix: "give a phone (13800138001, +86 138 0013 8001) or a customer id (42)")
    }

    /// Erases the customer. The database part is one transaction with its audit row; the
    /// workspace is scrubbed after it and recorded in a second audit row.
    /// - Parameter postgresURL: a PostgreSQL CRM to erase from instead of the SQLite file at
    ///   `databasePath`.
    /// - Throws: `SalonError(.configuration)` when the database does not exist or the id is unknown.
    public static func forget(
        _ target: Target, databasePath: String, postgresURL: String? = nil, workspaceRoot: String?
    ) throws -> Result {
        let store: ErasureStore
        if let postgresURL {
            let database = try PostgresCRMDatabase(url: postgresURL)
            try database.useKeys(nil)
            store = .postgres(database, shown: PostgresURL.redacted(postgresURL))
        } else {
            guard FileManager.default.fileExists(atPath: databasePath) else {
                throw SalonError(.configuration, "no CRM database here", location: databasePath, fix: "pass --db PATH or --postgres URL")
            }
            store = .sqlite(try CRMDatabase(path: databasePath), shown: databasePath)
        }
        var tokens = ErasureTokens()
        var records: Set<SourceRecordKey> = []
        var customerID: Int64?
        var masked: String
        switch target {
        case .phone(let e164):
            tokens.addPhone(e164)
            masked = PIIMask.phone(e164)
            let holders = try store.customers(withPhone: e164)
            guard holders.count <= 1 else {
                throw SalonError(
                    .configuration,
                    "\(holders.count) customers hold \(masked): " + holders.map { "customer:\($0)" }.joined(separator: ", "),
                    location: store.shown,
                    fix: "check which of them asked to be forgotten, then run: salon-etl forget customer:ID")
            }
            customerID = holders.first
        case .customerID(let id):
            customerID = id
            masked = "customer:\(id)"
        }
        var databaseCounts: [ErasureCount] = []
        if let id = customerID {
            guard let erasure = try store.erasure(of: id) else {
                throw SalonError(.configuration, "no customer with id \(id)", location: store.shown)
            }
            for number in erasure.tokens.nationalNumbers { tokens.addPhone(number) }
            for name in erasure.tokens.names { tokens.addName(name) }
            records = erasure.sourceRecords
            if case .customerID = target, let first = erasure.tokens.nationalNumbers.first { masked = PIIMask.phone(first) }
            databaseCounts = try erasure.erase()
        }
        var workspaceCounts: [ErasureCount] = []
        var leftAlone: [String] = []
        if let workspaceRoot, FileManager.default.fileExists(atPath: workspaceRoot) {
            var scrubber = WorkspaceScrubber(tokens: tokens, records: records)
            workspaceCounts = try scrubber.scrub(root: workspaceRoot)
            leftAlone = scrubber.leftAlone
        }
        let subject = customerID.map { "customer:\($0)" } ?? "phone:\(masked)"
        let detail = "workspace: " + (workspaceCounts.isEmpty ? "nothing found"
            : "\(workspaceCounts.reduce(0) { $0 + $1.rows }) rows or lines in \(Set(workspaceCounts.map { $0.place.split(separator: "/").first ?? "" }).count) runs")
            + (leftAlone.isEmpty ? "" : "; \(leftAlone.count) files not scrubbed")
        try store.target.recordAudit(action: AuditLog.Action.erase, subject: subject, detail: detail, runID: nil, at: Date())
        return Result(
            customerID: customerID, maskedSubject: masked, database: databaseCounts, workspace: workspaceCounts, leftAlone: leftAlone)
    }
}
