import Foundation
import SalonCore

/// Where the CRM keys come from: the environment (`SALON_ETL_DATA_KEY` and `SALON_ETL_INDEX_KEY`,
/// base64) or a key file (`SALON_ETL_KEY_FILE`, else `~/.config/salon-etl/keys`), mode 0600.
/// Never from a pipeline file or the database.
public enum KeySource {
    public static let dataKeyVariable = "SALON_ETL_DATA_KEY"
    public static let indexKeyVariable = "SALON_ETL_INDEX_KEY"
    public static let keyFileVariable = "SALON_ETL_KEY_FILE"

    /// The key file to read or create: `$SALON_ETL_KEY_FILE`, else `~/.config/salon-etl/keys`.
    public static func keyFilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment[keyFileVariable], !path.isEmpty { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/salon-etl/keys"
    }

    /// What was looked at, for a "keys missing" message.
    public static func searched(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "\(dataKeyVariable)/\(indexKeyVariable) are not set and there is no key file at \(keyFilePath(environment: environment))"
    }

    /// The configured keys, or nil when none are configured (no variables, no key file).
    /// - Throws: `SalonError` (configuration) when keys are configured but unusable: one variable
    ///   of two, bad base64, a key file readable by others or missing a line.
    public static func configured(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KeyRing? {
        let data = environment[dataKeyVariable].flatMap { $0.isEmpty ? nil : $0 }
        let index = environment[indexKeyVariable].flatMap { $0.isEmpty ? nil : $0 }
        if data != nil || index != nil {
            let origin = "the environment (\(dataKeyVariable), \(indexKeyVariable))"
            guard let data, let index else {
                let missing = data == nil ? dataKeyVariable : indexKeyVariable
                throw SalonError(
                    .configuration, "\(missing) is not set, but \(missing == dataKeyVariable ? indexKeyVariable : dataKeyVariable) is",
                    fix: "set both variables (base64 of 32 bytes each), or neither and use a key file")
            }
            return try KeyRing(dataKey: try decode(data, name: dataKeyVariable), indexKey: try decode(index, name: indexKeyVariable), origin: origin)
        }
        let path = keyFilePath(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try readKeyFile(path)
    }

    /// The configured keys; a clear configuration error naming what is missing when there are none.
    public static func required(environment: [String: String] = ProcessInfo.processInfo.environment, purpose: String) throws -> KeyRing {
        guard let ring = try configured(environment: environment) else {
            throw SalonError(
                .configuration, "\(purpose) needs the CRM keys: \(searched(environment: environment))",
                fix: "run `salon-etl keys init` once (or set \(keyFileVariable) to the key file the database was encrypted with)")
        }
        return ring
    }

    /// Reads a key file: `data_key=` and `index_key=` lines (base64), `#` comments.
    public static func readKeyFile(_ path: String) throws -> KeyRing {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw SalonError(
                .configuration, "key file \(path) is readable by others (mode \(String(mode, radix: 8)))",
                fix: "chmod 600 \(path)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SalonError(.configuration, "key file \(path) cannot be read", fix: "check the path in \(keyFileVariable)")
        }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        guard let data = values["data_key"], let index = values["index_key"] else {
            let missing = values["data_key"] == nil ? "data_key" : "index_key"
            throw SalonError(.configuration, "key file \(path) has no \(missing)= line", fix: "restore the file from its backup")
        }
        return try KeyRing(
            dataKey: try decode(data, name: "\(path): data_key"), indexKey: try decode(index, name: "\(path): index_key"), origin: path)
    }

    /// Writes a key file with mode 0600 (created so, never widened), refusing to overwrite one.
    public static func writeKeyFile(_ ring: KeyRing, to path: String) throws {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else {
            throw SalonError(
                .configuration, "key file \(path) already exists", fix: "keep it; a database encrypted with it cannot be read without it")
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let keys = ring.encodedKeys
        let text = """
            # salon-etl CRM keys (key \(ring.keyID)). Keep this file private (mode 0600) and backed up:
            # phones in a database encrypted with it cannot be read without it.
            data_key=\(keys.data)
            index_key=\(keys.index)

            """
        guard manager.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SalonError(.io, "cannot write key file \(path)")
        }
    }

    static func decode(_ text: String, name: String) throws -> Data {
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw SalonError(
                .configuration, "\(name) is not a key: base64 of 32 bytes expected", fix: "create keys with `salon-etl keys init`")
        }
        return data
    }
}
