import Foundation
import SalonStore

extension RunState {
    /// Opens the CRM database the run publishes into: PostgreSQL for a `postgres` target (unless
    /// `--db` names a SQLite file), else SQLite, creating its folder. Called only after the gate
    /// passed, so a failed gate never connects.
    func openTarget() throws -> CRMTarget {
        try Self.openTarget(spec: spec, options: options, databasePath: databasePath)
    }

    static func openTarget(spec: PipelineSpec, options: RunOptions, databasePath: String) throws -> CRMTarget {
        if options.databasePath == nil, case .postgres(let url) = spec.target {
            return try PostgresCRMDatabase(url: url)
        }
        let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try CRMDatabase(path: databasePath)
    }
}
