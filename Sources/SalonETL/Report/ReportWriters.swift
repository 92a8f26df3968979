import Foundation
import SalonCore

/// Writes files the way a workspace needs them: owner-only permissions (0600), since reports and
/// reject files describe customers.
enum PrivateFile {
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try data.write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    static func createDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }
}

extension RunReport {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The report as pretty JSON with snake_case keys.
    public func jsonData() throws -> Data {
        try Self.makeEncoder().encode(self)
    }

    public static func decode(from data: Data) throws -> RunReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in SnakeCaseKey(snake: path.last!.stringValue) }
        return try decoder.decode(RunReport.self, from: data)
    }
}

/// Reverses `.convertToSnakeCase` for our property names, whose acronyms are upper case
/// (`run_id` → `runID`, `rejects_jsonl` → `rejectsJSONL`), which `.convertFromSnakeCase` cannot do.
struct SnakeCaseKey: CodingKey {
    static let acronyms: Set<String> = ["id", "json", "jsonl", "html", "csv", "rss"]
    var stringValue: String
    var intValue: Int? { nil }

    init(snake: String) {
        let parts = snake.split(separator: "_")
        guard let first = parts.first else {
            stringValue = snake
            return
        }
        stringValue = String(first) + parts.dropFirst().map { part in
            Self.acronyms.contains(String(part)) ? part.uppercased() : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }

    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
