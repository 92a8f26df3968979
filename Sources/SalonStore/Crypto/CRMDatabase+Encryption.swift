import Foundation
import SalonCore

/// Encryption at rest for the CRM database (schema 013): which key a database uses, turning it
/// on, and rotating keys. The SQL of publish and of the readers goes through `FieldCipher`.
extension CRMDatabase {
    /// Sealed under the data key in `crypto_keys.check_value`: opening it back proves the key.
    static let keyCheckText = "salon-etl key check"

    /// Columns that hold sealed text in an encrypted database (besides the blind-indexed phones).
    static let sealedColumns: [(table: String, column: String)] = [
        ("customer_phones", "original"), ("chat_messages", "text"), ("chat_messages", "original_text"),
        ("chat_facts", "text"), ("rejects", "original_text"), ("merge_snapshots", "phones"),
        ("review_corrections", "keyed_text"), ("review_corrections", "proposed"),
    ]

    /// The fingerprint of the key in use, nil for a database that is not encrypted.
    public func activeKeyID() throws -> String? {
        try connection.query("SELECT key_id FROM crypto_keys WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1").first?.first?.text
    }

    /// True when phones and personal text are stored sealed.
    public var isEncrypted: Bool { connection.fieldCipher?.ring != nil }

    /// The ring in use, nil for a database that is not encrypted.
    public var keyRing: KeyRing? { connection.fieldCipher?.ring }

    /// Checks the keys against the database and installs the SQL functions. An encrypted database
    /// opened without keys takes the configured ones (`KeySource`); none, or other ones, is an error.
    func installFieldCipher(keys: KeyRing?) throws {
        try Self.installFieldCipher(on: connection, keys: keys)
    }

    /// A read-only connection to a CRM database with the SQL functions of its keys, for readers
    /// that must not migrate or write (birthdays). The same key checks as opening it.
    public static func readOnlyConnection(path: String, keys: KeyRing? = nil) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        try installFieldCipher(on: connection, keys: keys)
        return connection
    }

    static func installFieldCipher(on connection: SQLiteConnection, keys: KeyRing?) throws {
        let hasKeys = try connection.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'crypto_keys'") == 1
        guard hasKeys, let row = try connection.query(
            "SELECT key_id, check_value FROM crypto_keys WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1").first,
            let keyID = row[0].text
        else {
            _ = try FieldCipher.install(on: connection, ring: nil)
            return
        }
        guard let ring = try keys ?? KeySource.configured() else {
            throw SalonError(
                .configuration, "\(connection.path) is encrypted (key \(keyID)), but no keys are configured: \(KeySource.searched())",
                fix: "set \(KeySource.keyFileVariable) to the key file it was encrypted with, or \(KeySource.dataKeyVariable) and \(KeySource.indexKeyVariable)")
        }
        try Self.verify(ring, keyID: keyID, check: row[1].text ?? "", path: connection.path)
        _ = try FieldCipher.install(on: connection, ring: ring)
    }

    static func verify(_ ring: KeyRing, keyID: String, check: String, path: String) throws {
        guard ring.keyID == keyID, (try? ring.open(check)) == keyCheckText else {
            throw SalonError(
                .configuration, "wrong keys for \(path): it was encrypted with key \(keyID), the keys from \(ring.origin) are key \(ring.keyID)",
                fix: "set \(KeySource.keyFileVariable) to the key file of key \(keyID) (after a rotation the previous keys are in <key file>.previous)")
        }
    }

    /// Turns encryption on for a database that holds no phones yet; a no-op when it is on already.
    /// - Throws: `SalonError` (configuration) for a database that already holds plain phones:
    ///   `salon-etl keys rotate` encrypts it in place.
    public func enableEncryption(_ ring: KeyRing) throws {
        if let current = connection.fieldCipher?.ring {
            guard current.keyID == ring.keyID else {
                throw SalonError(.configuration, "\(connection.path) is encrypted with key \(current.keyID), not \(ring.keyID)")
            }
            return
        }
        guard try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM customer_phones) OR EXISTS (SELECT 1 FROM customers)") == 0 else {
            throw SalonError(
                .configuration, "\(connection.path) holds phones in plain text (it was written without encryption)",
                fix: "encrypt it once with `salon-etl keys rotate --db \(connection.path)`, or set `privacy: { encrypt_phones: false }` in the pipeline")
        }
        try connection.transaction { try recordKey(ring, replacing: nil) }
        connection.fieldCipher?.ring = ring
    }

    private func recordKey(_ ring: KeyRing, replacing old: String?) throws {
        let now = AuditLog.timestamp(Date())
        if let old {
            try connection.execute("UPDATE crypto_keys SET retired_at = ?2 WHERE key_id = ?1", [.text(old), .text(now)])
        }
        try connection.execute(
            "INSERT INTO crypto_keys (key_id, created_at, check_value) VALUES (?1, ?2, ?3)",
            [.text(ring.keyID), .text(now), .text(ring.seal(Self.keyCheckText))])
    }

    /// Re-encrypts every phone and sealed text under `next` in one transaction (a plain database
    /// is encrypted), records the new key and an audit entry, and compacts the file so no value
    /// under the old key (or in plain text) stays in free pages or the WAL.
    /// - Parameter next: the new keys; nil decrypts the database back to plain values (for a
    ///   copy handed to a tool that cannot hold the keys).
    /// - Returns: values re-encrypted.
    @discardableResult
    public func rotateKeys(to next: KeyRing?) throws -> Int {
        func blind(_ phone: String) -> String { next?.blindIndex(phone) ?? phone }
        func seal(_ text: String) -> String { next?.seal(text) ?? text }
        let old = connection.fieldCipher?.ring
        let oldID = try activeKeyID()
        func plain(_ value: SQLiteValue) throws -> String? {
            guard let text = value.text else { return nil }
            return try old?.open(text) ?? text
        }
        try connection.execute("PRAGMA secure_delete = ON")
        let count = try connection.transaction { () -> Int in
            var count = 0
            // Old blind index (or plain E.164) to the phone: what customer keys are rewritten from.
            var phones: [String: String] = [:]
            for table in ["customer_phones", "chat_facts"] {
                for row in try connection.query("SELECT rowid, e164, e164_sealed FROM \(table) WHERE e164 IS NOT NULL") {
                    guard let token = row[1].text, let phone = try plain(row[2]) ?? row[1].text else { continue }
                    phones[token] = phone
                    try connection.execute(
                        "UPDATE \(table) SET e164 = ?2, e164_sealed = ?3 WHERE rowid = ?1",
                        [row[0], .text(blind(phone)), .text(seal(phone))])
                    count += 1
                }
            }
            for row in try connection.query("SELECT id, customer_key FROM customers WHERE customer_key LIKE 'tel:%'") {
                guard let key = row[1].text else { continue }
                let rest = key.dropFirst(4)
                let token = String(rest.prefix { $0 != "|" })
                let suffix = rest.dropFirst(token.count)
                guard let phone = old == nil ? token : phones[token] else {
                    throw SalonError(
                        .database, "customer \(row[0].int ?? 0) is keyed by a phone no phone row holds; nothing was changed",
                        location: connection.path)
                }
                try connection.execute("UPDATE customers SET customer_key = ?2 WHERE id = ?1", [row[0], .text("tel:" + blind(phone) + suffix)])
                count += 1
            }
            for (table, column) in Self.sealedColumns {
                for row in try connection.query("SELECT rowid, \(column) FROM \(table) WHERE \(column) IS NOT NULL") {
                    guard let text = try plain(row[1]) else { continue }
                    try connection.execute("UPDATE \(table) SET \(column) = ?2 WHERE rowid = ?1", [row[0], .text(seal(text))])
                    count += 1
                }
            }
            if let next {
                try recordKey(next, replacing: oldID)
            } else {
                try connection.execute("UPDATE crypto_keys SET retired_at = ?1 WHERE retired_at IS NULL", [.text(AuditLog.timestamp(Date()))])
            }
            try AuditLog.record(
                connection, action: AuditLog.Action.keyRotation, subject: next.map { "key:\($0.keyID)" } ?? "plain text",
                detail: "from \(oldID.map { "key:\($0)" } ?? "plain text") values=\(count)")
            return count
        }
        connection.fieldCipher?.ring = next
        try SQLiteScrubber.compact(connection)
        return count
    }
}
