import SalonNormalizers
import SalonStore

extension RunState {
    /// The run's identity index: the pipeline's auto-merge threshold, and the records a person kept
    /// apart in the target database (a `separate` decision or an unmerge), so this run neither
    /// merges nor queues them again.
    static func makeIdentityIndex(spec: PipelineSpec, databasePath: String) throws -> IdentityIndex {
        var keptApart: [String: String] = [:]
        if !databasePath.isEmpty {
            for record in try CRMDatabase.keptApartRecords(databasePath: databasePath) {
                let identity = IdentityIndex.recordIdentity(sourceID: record.sourceID, file: record.file, recordKey: record.recordKey)
                keptApart[identity] = record.customerKey
            }
        }
        return IdentityIndex(autoMergeAt: spec.resolve.autoMergeAt, keptApart: keptApart)
    }

    /// The same rule for staged customers matching customers already in the database, with names
    /// folded to Simplified script as the normalizer folds them for the index (`matchSurname`).
    static func matchRule(_ spec: PipelineSpec) -> MatchRule {
        let converter = CustomerRecordNormalizer.sharedScriptConverter
        return MatchRule(autoMergeAt: spec.resolve.autoMergeAt, foldName: { converter?.convert($0) ?? $0 })
    }
}
