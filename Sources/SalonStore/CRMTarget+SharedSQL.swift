/// Statements written once for both targets: the SQL the two dialects share (no `IS NOT`, no
/// `GLOB`, no `$n`), with `?1`, `?2`, … placeholders. Values are bound as text, which SQLite's
/// column affinity and PostgreSQL's parameter typing both turn into the column's type.
extension CRMDatabase {
    public func sharedQuery(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        try connection.sharedQuery(sql, parameters)
    }

    public func sharedTransaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction("IMMEDIATE", body)
    }
}

extension PostgresCRMDatabase {
    public func sharedQuery(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        try KeyRing.openSealed(connection.query(Self.numberedParameters(sql), parameters), with: keyRing)
    }

    public func sharedTransaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(body)
    }

    /// `?1` → `$1`: a `?` followed by a digit, outside string literals.
    static func numberedParameters(_ sql: String) -> String {
        var bytes = Array(sql.utf8)
        var quoted = false
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "'") { quoted.toggle() }
            if !quoted, bytes[index] == UInt8(ascii: "?"), index + 1 < bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1]) {
                bytes[index] = UInt8(ascii: "$")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
