import Foundation
import SalonCore

/// `salon-etl keys rotate` on PostgreSQL, with the rules of `CRMDatabase.rotateKeys`: every blind
/// index, customer key and sealed text is rewritten under the new keys in one transaction, the key
/// record and an audit entry go in the same transaction, and the database never sees a key.
extension PostgresCRMDatabase {
    /// Re-encrypts the database under `next` (a database written without encryption is encrypted).
    /// Rows are addressed by `ctid`, which stays valid within the transaction for a row not yet
    /// updated; each row is updated once.
    /// - Parameters:
    ///   - current: the keys the database is encrypted with (nil: the configured ones).
    ///   - next: the new keys.
    /// - Returns: values rewritten.
    public func rotateKeys(from current: KeyRing?, to next: KeyRing) throws -> Int {
        let encrypted = try connection.scalarInt("SELECT COUNT(*) FROM crypto_keys WHERE retired_at IS NULL") ?? 0 > 0
        // Checks `current` against the database's key record (a wrong key stops here).
        if encrypted { try useKeys(current) }
        let old = encrypted ? keyRing : nil
        let oldID = try connection.query(
            "SELECT key_id FROM crypto_keys WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1").first?.first ?? nil
        func plain(_ value: String?) throws -> String? {
            guard let value else { return nil }
            return try old?.open(value) ?? value
        }
        let count = try connection.transaction { () -> Int in
            var count = 0
            // Old blind index (or plain E.164) to the phone: what customer keys are rewritten from.
            var phones: [String: String] = [:]
            for table in ["customer_phones", "chat_facts"] {
                for row in try connection.query("SELECT ctid::text, e164, e164_sealed FROM \(table) WHERE e164 IS NOT NULL") {
                    guard let token = row[1], let phone = try plain(row[2]) ?? row[1] else { continue }
                    phones[token] = phone
                    _ = try connection.execute(
                        "UPDATE \(table) SET e164 = $2, e164_sealed = $3 WHERE ctid = $1::tid",
                        [row[0], next.blindIndex(phone), next.seal(phone)])
                    count += 1
                }
            }
            for row in try connection.query("SELECT id, customer_key FROM customers WHERE customer_key LIKE 'tel:%'") {
                guard let key = row[1] else { continue }
                let rest = key.dropFirst(4)
                let token = String(rest.prefix { $0 != "|" })
                let suffix = rest.dropFirst(token.count)
                guard let phone = old == nil ? token : phones[token] else {
                    throw SalonError(
                        .database, "customer \(row[0] ?? "") is keyed by a phone no phone row holds; nothing was changed",
                        location: "the PostgreSQL CRM database")
                }
                _ = try connection.execute(
                    "UPDATE customers SET customer_key = $2 WHERE id = $1::bigint", [row[0], "tel:" + next.blindIndex(phone) + suffix])
                count += 1
            }
            for (table, column) in CRMDatabase.sealedColumns {
                for row in try connection.query("SELECT ctid::text, \(column) FROM \(table) WHERE \(column) IS NOT NULL") {
                    guard let text = try plain(row[1]) else { continue }
                    _ = try connection.execute("UPDATE \(table) SET \(column) = $2 WHERE ctid = $1::tid", [row[0], next.seal(text)])
                    count += 1
                }
            }
            let now = AuditLog.timestamp(Date())
            if let oldID {
                _ = try connection.execute("UPDATE crypto_keys SET retired_at = $2 WHERE key_id = $1", [oldID, now])
            }
            _ = try connection.execute(
                "INSERT INTO crypto_keys (key_id, created_at, check_value) VALUES ($1, $2, $3)",
                [next.keyID, now, next.seal(CRMDatabase.keyCheckText)])
            try recordAudit(
                action: AuditLog.Action.keyRotation, subject: "key:\(next.keyID)",
                detail: "from \(oldID.map { "key:\($0)" } ?? "plain text") values=\(count)", runID: nil, at: Date())
            return count
        }
        keyRing = next
        return count
    }
}
