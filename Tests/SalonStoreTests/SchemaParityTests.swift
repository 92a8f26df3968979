import Foundation
import Testing
@testable import SalonStore

/// schemas/postgres is the twin of schemas/sqlite: every numbered file, table, column and unique
/// key exists on both sides, so a schema change made for one database cannot forget the other.
@Suite struct SchemaParityTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// Tables with their columns, and unique keys as "table(col, col)", read from CREATE TABLE and
    /// CREATE UNIQUE INDEX statements.
    struct Shape: Equatable {
        var columns: [String: [String]] = [:]
        var uniqueKeys: Set<String> = []
    }

    static func shape(of sql: String) -> Shape {
        var shape = Shape()
        let text: String = sql.split(separator: "\n").map { line -> String in
            guard let comment = line.range(of: "--") else { return String(line) }
            return String(line[..<comment.lowerBound])
        }.joined(separator: "\n")
        for statement in text.split(separator: ";") {
            let words = statement.split(whereSeparator: { $0.isWhitespace })
            let upper = words.map { $0.uppercased() }
            if upper.starts(with: ["CREATE", "TABLE"]), let open = statement.firstIndex(of: "(") {
                let table = String(words[upper.firstIndex(of: "EXISTS").map { $0 + 1 } ?? 2])
                var body = statement[statement.index(after: open)...]
                body = body[..<(body.lastIndex(of: ")") ?? body.endIndex)]
                for definition in splitTopLevel(body) {
                    let parts = definition.split(whereSeparator: { $0.isWhitespace }).map(String.init)
                    guard let first = parts.first else { continue }
                    if first.uppercased() == "UNIQUE" {
                        shape.uniqueKeys.insert("\(table)\(normalizedList(definition))")
                    } else if !["PRIMARY", "CHECK", "FOREIGN", "CONSTRAINT"].contains(first.uppercased()) {
                        shape.columns[table, default: []].append(first)
                        if parts.contains(where: { $0.uppercased() == "UNIQUE" }) { shape.uniqueKeys.insert("\(table)(\(first))") }
                    }
                }
            } else if upper.starts(with: ["CREATE", "UNIQUE", "INDEX"]), let on = upper.firstIndex(of: "ON") {
                shape.uniqueKeys.insert("\(words[on + 1])\(normalizedList(statement[statement.firstIndex(of: "(")!...]))")
            }
        }
        return shape
    }

    static func splitTopLevel(_ body: Substring) -> [Substring] {
        var parts: [Substring] = [], depth = 0, start = body.startIndex
        for index in body.indices {
            switch body[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(body[start..<index])
                start = body.index(after: index)
            default: break
            }
        }
        parts.append(body[start...])
        return parts
    }

    static func normalizedList<S: StringProtocol>(_ text: S) -> String {
        guard let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") else { return "" }
        let names = text[text.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return "(\(names.joined(separator: ", ")))"
    }

    static func numberedFiles(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("schemas/\(folder)").path)
            .filter { $0.hasSuffix(".sql") && $0.first?.isNumber == true }.sorted()
    }

    @Test func everyNumberedSchemaFileHasItsPostgresTwin() throws {
        let sqlite = try Self.numberedFiles("sqlite"), postgres = try Self.numberedFiles("postgres")
        #expect(!sqlite.isEmpty)
        #expect(Set(sqlite).subtracting(postgres).isEmpty, "add schemas/postgres/ twins for \(Set(sqlite).subtracting(postgres).sorted())")
        #expect(Set(postgres).subtracting(sqlite).isEmpty, "add schemas/sqlite/ twins for \(Set(postgres).subtracting(sqlite).sorted())")
    }

    @Test func tablesColumnsAndUniqueKeysAgree() throws {
        for file in try Self.numberedFiles("sqlite") {
            let sqliteText = try String(contentsOf: Self.root.appendingPathComponent("schemas/sqlite/\(file)"), encoding: .utf8)
            let sqlite = Self.shape(of: sqliteText)
            let pgURL = Self.root.appendingPathComponent("schemas/postgres/\(file)")
            guard let pgText = try? String(contentsOf: pgURL, encoding: .utf8) else { continue }
            let postgres = Self.shape(of: pgText)
            // A file may hold only indexes (012); any other file must yield tables.
            let indexesOnly = !sqliteText.contains("CREATE TABLE") && !sqliteText.contains("ALTER TABLE")
            #expect(!sqlite.columns.isEmpty || indexesOnly, "\(file): no tables parsed")
            for table in Set(sqlite.columns.keys).union(postgres.columns.keys).sorted() {
                let a = sqlite.columns[table], b = postgres.columns[table]
                #expect(a != nil, "\(file): table \(table) exists only in PostgreSQL")
                #expect(b != nil, "\(file): table \(table) exists only in SQLite")
                if let a, let b {
                    #expect(Set(a).subtracting(b).isEmpty, "\(file): \(table) columns only in SQLite: \(Set(a).subtracting(b).sorted())")
                    #expect(Set(b).subtracting(a).isEmpty, "\(file): \(table) columns only in PostgreSQL: \(Set(b).subtracting(a).sorted())")
                }
            }
            #expect(sqlite.uniqueKeys == postgres.uniqueKeys, "\(file): unique keys differ")
        }
    }

    @Test func theParserSeesAColumnMissingOnOneSide() {
        let sqlite = Self.shape(of: "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, a TEXT, b REAL, UNIQUE (a, b));")
        let postgres = Self.shape(of: "CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, a TEXT, -- b is gone\n UNIQUE (a));")
        #expect(sqlite.columns == ["t": ["id", "a", "b"]])
        #expect(postgres.columns == ["t": ["id", "a"]])
        #expect(sqlite.uniqueKeys == ["t(a, b)"])
        #expect(postgres.uniqueKeys == ["t(a)"])
    }

    @Test func embeddedPostgresSchemasMatchTheFiles() throws {
        #expect(EmbeddedSchemas.postgres.map(\.file) == (try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("schemas/postgres").path).filter { $0.hasSuffix(".sql") }.sorted()))
        for (file, sql) in EmbeddedSchemas.postgres {
            let onDisk = try String(contentsOf: Self.root.appendingPathComponent("schemas/postgres/\(file)"), encoding: .utf8)
            #expect(onDisk.trimmingCharacters(in: .newlines) == sql, "run scripts/embed-schemas after editing schemas/postgres/\(file)")
        }
    }
}
