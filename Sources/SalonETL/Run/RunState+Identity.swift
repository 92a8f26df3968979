import SalonNormalizers
import SalonStore

extension RunState {
    /// The run's identity index: the pipeline's auto-merge threshold, and the records a person kept
    /// apart in the target database (a `separate` decision or an unmerge), so this run neither
    /// merges nor queues them again. `keptApartUnread` is true when a PostgreSQL server could not
    /// be reached to read them: the run goes on (a failed gate never needs the server), and the
    /// publish refuses if the database turns out to hold any (`checkKeptApartWereRead`).
    static func makeIdentityIndex(spec: PipelineSpec, options: RunOptions, databasePath: String) throws
        -> (index: IdentityIndex, keptApartUnread: Bool)
    {
        var keptApart: [String: String] = [:]
        var unread = false
        if !databasePath.isEmpty {
            var records: [(sourceID: String, file: String, recordKey: String, customerKey: String)] = []
            if options.databasePath == nil, case .postgres(let url) = spec.target {
                do {
                    records = try PostgresCRMDatabase.keptApartRecords(url: url)
                } catch is PostgresError {
                    unread = true
                }
            } else {
                records = try CRMDatabase.keptApartRecords(databasePath: databasePath)
            }
            for record in records {
                let identity = IdentityIndex.recordIdentity(sourceID: record.sourceID, file: record.file, recordKey: record.recordKey)
                keptApart[identity] = record.customerKey
            }
        }
        return (IdentityIndex(autoMergeAt: spec.resolve.autoMergeAt, keptApart: keptApart), unread)
    }

    /// Refuses to publish into a database holding records a person kept apart when they could not
    /// be read as the run started: this run may have merged them again.
    func checkKeptApartWereRead(_ database: any CRMTarget) throws {
        guard keptApartUnread,
            let count = try database.sharedQuery("SELECT COUNT(*) FROM identity_separations", []).first?.first ?? nil,
            count != "0"
        else { return }
        throw SalonError(
            .database, "the database holds \(count) records a person kept apart, which could not be read when the run started",
            location: PostgresURL.redacted(databasePath), fix: "run the pipeline again now that the server can be reached")
    }

    /// The same rule for staged customers matching customers already in the database, with names
    /// folded to Simplified script as the normalizer folds them for the index (`matchSurname`).
    static func matchRule(_ spec: PipelineSpec) -> MatchRule {
        let converter = CustomerRecordNormalizer.sharedScriptConverter
        return MatchRule(autoMergeAt: spec.resolve.autoMergeAt, foldName: { converter?.convert($0) ?? $0 })
    }
}
