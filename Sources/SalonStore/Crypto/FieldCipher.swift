import CSQLite
import Foundation

/// The SQL face of a `KeyRing` on one SQLite connection: `salon_blind(x)`, `salon_blind_key(x)`,
/// `salon_seal(x)` and `salon_open(x)`, so publish statements copy prepared columns in one pass
/// (`INSERT … SELECT salon_blind(p.e164), salon_seal(p.e164) …`) and each value is computed once.
///
/// Without a ring (a database that is not encrypted) every function returns its argument, so the
/// same SQL serves both. NULL stays NULL.
public final class FieldCipher {
    /// The ring in use; nil while the database is not encrypted.
    public var ring: KeyRing?

    init(ring: KeyRing?) { self.ring = ring }

    /// Installs the functions on a connection; the connection keeps the cipher alive.
    static func install(on connection: SQLiteConnection, ring: KeyRing?) throws -> FieldCipher {
        let cipher = FieldCipher(ring: ring)
        connection.fieldCipher = cipher
        let context = Unmanaged.passUnretained(cipher).toOpaque()
        // seal draws a fresh nonce per call, so it alone is not deterministic.
        let functions: [(String, Int32, @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void)] = [
            ("salon_blind", SQLITE_DETERMINISTIC, { ctx, _, argv in FieldCipher.applyToBytes(ctx, argv) { $0.withBlindToken(of: $1, $2) } }),
            ("salon_blind_key", SQLITE_DETERMINISTIC, { ctx, _, argv in
                FieldCipher.applyToBytes(ctx, argv) { $0.withBlindCustomerKey(of: $1, $2) }
            }),
            ("salon_seal", 0, { ctx, _, argv in FieldCipher.applyToBytes(ctx, argv) { $0.withSealed($1, $2) } }),
            ("salon_open", SQLITE_DETERMINISTIC, { ctx, _, argv in FieldCipher.apply(ctx, argv) { try $0.open($1) } }),
        ]
        for (name, flags, function) in functions {
            let rc = sqlite3_create_function_v2(
                connection.handle, name, 1, SQLITE_UTF8 | flags, context, function, nil, nil, nil)
            guard rc == SQLITE_OK else { throw SQLiteError(resultCode: rc, message: "cannot register \(name)", sql: nil) }
        }
        return cipher
    }

    /// Blind-indexes or seals a cell's bytes straight into the result (no String either side).
    private static func applyToBytes(
        _ ctx: OpaquePointer?, _ argv: UnsafeMutablePointer<OpaquePointer?>?,
        _ transform: (KeyRing, UnsafeRawBufferPointer, (UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) {
        guard let argv, let value = argv[0], sqlite3_value_type(value) != SQLITE_NULL else { return sqlite3_result_null(ctx) }
        let cipher = Unmanaged<FieldCipher>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue()
        guard let ring = cipher.ring else { return sqlite3_result_value(ctx, value) }
        // By length, not to the first NUL: a NUL is ordinary text inside a cell.
        let text = sqlite3_value_text(value)
        let bytes = UnsafeRawBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
        transform(ring, bytes) { result in
            guard let base = result.baseAddress, !result.isEmpty else { return sqlite3_result_text(ctx, "", 0, sqliteTransient) }
            sqlite3_result_text(ctx, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(result.count), sqliteTransient)
        }
    }

    private static func apply(
        _ ctx: OpaquePointer?, _ argv: UnsafeMutablePointer<OpaquePointer?>?, _ transform: (KeyRing, String) throws -> String
    ) {
        guard let argv, let value = argv[0], sqlite3_value_type(value) != SQLITE_NULL else { return sqlite3_result_null(ctx) }
        let cipher = Unmanaged<FieldCipher>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue()
        guard let ring = cipher.ring else { return sqlite3_result_value(ctx, value) }
        // By length, not to the first NUL: a NUL is ordinary text inside a cell.
        let count = Int(sqlite3_value_bytes(value))
        let text = sqlite3_value_text(value).map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
        do {
            var result = try transform(ring, text)
            result.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return sqlite3_result_text(ctx, "", 0, sqliteTransient) }
                sqlite3_result_text(ctx, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), sqliteTransient)
            }
        } catch {
            sqlite3_result_error(ctx, "\(error)", -1)
        }
    }
}
