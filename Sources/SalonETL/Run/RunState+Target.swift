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
            let database = try PostgresCRMDatabase(url: url)
            try database.useKeys(spec.encryptPhones ? try requiredKeys() : nil)
            return database
        }
        let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = try CRMDatabase(path: databasePath)
        if spec.encryptPhones, !database.isEncrypted { try database.enableEncryption(try requiredKeys()) }
        return database
    }

    /// The CRM keys an encrypting run needs; a configuration error naming where they were looked
    /// for when there are none.
    static func requiredKeys() throws -> KeyRing {
        try KeySource.required(purpose: "encrypting phones in the CRM database (privacy.encrypt_phones is on by default)")
    }
}
