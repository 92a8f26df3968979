import Foundation
import SalonStore

extension ImportJob {
    /// The URL of the PostgreSQL database the import writes, unless `--db` names a SQLite file.
    var postgresURL: String? {
        guard options.databasePath == nil, case .postgres(let url) = spec.target else { return nil }
        return url
    }

    /// Takes the import lock of the target: the advisory lock on PostgreSQL, else the `flock` on
    /// `<db>.import.lock` next to the SQLite file (whose folder is created for it).
    func takeLock(database: String) throws -> (release: () -> Void, staleHolder: String?) {
        if let url = postgresURL {
            let lock = try PostgresImportLock(url: url)
            return ({ lock.release() }, nil)
        }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: database).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let lock = try ImportLock(databasePath: database)
        return ({ lock.release() }, lock.clearedStaleHolder)
    }
}
