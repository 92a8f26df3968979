import Foundation
import SalonCore

/// Encryption at rest on PostgreSQL: the same key record (`crypto_keys`) and value formats as
/// `CRMDatabase+Encryption`; values are prepared while the staging rows are copied.
extension PostgresCRMDatabase {
    /// Checks the keys against the database and uses them for publishing. A database with a key
    /// record needs its keys (passed, or configured); `keys` on a database without one turns
    /// encryption on, which is refused once it holds customers in plain text.
    /// - Parameter keys: the run's keys, or nil when the pipeline opts out of encryption.
    public func useKeys(_ keys: KeyRing?) throws {
        let path = "the PostgreSQL CRM database"
        if let row = try connection.query(
            "SELECT key_id, check_value FROM crypto_keys WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1").first,
            let keyID = row[0]
        {
            guard let ring = try keys ?? KeySource.configured() else {
                throw SalonError(
                    .configuration, "\(path) is encrypted (key \(keyID)), but no keys are configured: \(KeySource.searched())",
                    fix: "set \(KeySource.keyFileVariable) to the key file it was encrypted with")
            }
            try CRMDatabase.verify(ring, keyID: keyID, check: row[1] ?? "", path: path)
            keyRing = ring
            return
        }
        guard let keys else { return }
        guard try connection.scalarInt("SELECT COUNT(*) FROM (SELECT 1 FROM customers LIMIT 1) c") == 0 else {
            throw SalonError(
                .configuration, "\(path) holds phones in plain text (it was written without encryption)",
                fix: "set `privacy: { encrypt_phones: false }` in the pipeline to keep publishing into it")
        }
        _ = try connection.execute(
            "INSERT INTO crypto_keys (key_id, created_at, check_value) VALUES ($1, $2, $3)",
            [keys.keyID, AuditLog.timestamp(Date()), keys.seal(CRMDatabase.keyCheckText)])
        keyRing = keys
    }
}
