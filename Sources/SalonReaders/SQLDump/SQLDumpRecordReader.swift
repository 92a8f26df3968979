#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the rows of a MySQL dump (mysqldump output) as records, one per row of a multi-row
/// `INSERT`, with column names from the table's `CREATE TABLE` (or the INSERT's column list).
///
/// The dump is read in chunks and never held whole; only the row being parsed is kept (its text
/// for rejects, up to 1 MiB, and one value at a time, up to 16 MiB). Nothing in the dump is ever
/// executed: values are data, so SQL inside a string literal comes back as that literal's text.
/// Comments, `SET`, `LOCK`/`UNLOCK`, `DROP` and other statements are skipped.
///
/// Provenance: `line` is the line of the INSERT statement, `recordIndex` the row's number within
/// its table (rejected rows count too, so numbers stay stable), `sheet` the table name (so the
/// record key reads `customers!42`), `byteOffset` the row's `(` in a UTF-8 dump.
///
/// NULL: a NULL value is `""` in `values` (what every normalizer treats as an empty cell), and
/// `nullColumns` lists the positions that were NULL in the record `next()` returned last, for a
/// consumer that must tell `NULL` from `''`.
public final class SQLDumpRecordReader: RecordReader {
    static let defaultMaxValueBytes = 16 << 20
    static let defaultRowTextLimit = 1 << 20

    /// Columns per table found so far (from CREATE TABLE, else from an INSERT's column list).
    public private(set) var tables: [String: [String]] = [:]
    /// Bytes of the file consumed so far, for progress.
    public var bytesRead: Int64 { input.bytesRead }
    public let fileSize: Int64
    /// Positions of the values that were SQL NULL in the record last returned by `next()`.
    public private(set) var nullColumns: [Int] = []

    let maxValueBytes: Int
    let rowTextLimit: Int
    /// Stop at the first statement that starts past this many bytes (for `SQLDumpSniffer`).
    var stopAfterBytes: Int64?

    let input: SQLDumpInput
    private let options: SQLDumpReadOptions
    private let path: String
    private let tableFilter: Set<String>?
    private let hasFileOffsets: Bool
    private var schemas: [String: RecordSchema] = [:]
    private var rowCounts: [String: Int] = [:]
    private var warnedNoColumns: Set<String> = []
    var scratch: [UInt8] = []
    var values: [String] = []
    var rowNulls: [Int] = []
    /// The head of a row too long to keep whole, once the reader stopped keeping it.
    var detachedRowHead: [UInt8]?
    private var insert: InsertStatement?
    private var queued: ReaderEvent?
    private var finished = false

    /// The INSERT whose rows are being read.
    private struct InsertStatement {
        var table: String
        var columns: [String]?
        var line: Int
        /// Rows of this table before this statement's next row.
        var rowCount: Int
        /// Resolved once per statement: looking it up per row hashed the column list each time.
        var schema: RecordSchema?
        /// A row was read; a `,` or `;` comes next.
        var afterRow = false
    }

    /// Ends the current INSERT, keeping its table's row count for the next statement.
    private func endInsert() {
        if let statement = insert { rowCounts[statement.table] = statement.rowCount }
        insert = nil
    }

    /// Opens `path`.
    /// - Throws: `SalonError(.io)` if the file cannot be read, `.decoding` if the encoding has no
    ///   decoder.
    public convenience init(path: String, options: SQLDumpReadOptions) throws {
        try self.init(
            path: path, options: options, chunkSize: 1 << 20, maxValueBytes: Self.defaultMaxValueBytes,
            rowTextLimit: Self.defaultRowTextLimit)
    }

    /// - Parameters: chunkSize, maxValueBytes, rowTextLimit: tests pass small ones to cut values
    ///   at chunk boundaries and reach the limits with small files.
    init(path: String, options: SQLDumpReadOptions, chunkSize: Int, maxValueBytes: Int, rowTextLimit: Int) throws {
        self.path = path
        self.options = options
        self.maxValueBytes = maxValueBytes
        self.rowTextLimit = rowTextLimit
        tableFilter = options.tables.map(Set.init)
        let file = try CSVInputFile.open(path)
        fileSize = CSVInputFile.size(file)
        let encoding = options.encoding ?? .utf8
        var head = [UInt8](repeating: 0, count: 4)
        let headCount = head.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4, file) }
        let bom = encoding.byteOrderMark
        let bomLength = !bom.isEmpty && headCount >= bom.count && head.starts(with: bom) ? bom.count : 0
        fseeko(file, off_t(bomLength), SEEK_SET)
        var decoder: TextDecoder?
        if encoding != .utf8 {
            do { decoder = try TextDecoder(encoding: encoding) } catch {
                fclose(file)
                throw error
            }
        }
        hasFileOffsets = decoder == nil
        input = SQLDumpInput(file: file, path: path, startOffset: Int64(bomLength), decoder: decoder, chunkSize: chunkSize)
    }

    public func next() throws -> ReaderEvent? {
        if let queued {
            self.queued = nil
            return queued
        }
        while !finished {
            if insert != nil {
                if let event = try nextRowEvent() { return event }
                continue
            }
            if let stop = stopAfterBytes, input.bytesRead > stop { break }
            guard try skipSpaces() else { break }
            let line = input.line(at: input.position)
            let byte = input.buffer[input.position]
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "#"), UInt8(ascii: "/"):
                if try !skipComment() { _ = try skipStatement(collect: false) }
            case UInt8(ascii: ";"):
                input.position += 1
            default:
                guard SQLDumpLexing.isWordByte(byte) else {
                    _ = try skipStatement(collect: false)
                    continue
                }
                let word = try readWord().uppercased()
                switch word {
                case "INSERT", "REPLACE": try beginInsert(line: line)
                case "CREATE": try readCreateTable()
                default: _ = try skipStatement(collect: false)
                }
            }
        }
        finished = true
        return nil
    }

    // MARK: - Statements

    /// `INSERT [LOW_PRIORITY|DELAYED|HIGH_PRIORITY] [IGNORE] [INTO] t [(a, b)] VALUES`; anything
    /// else (INSERT … SELECT, INSERT … SET, a table not asked for) is skipped.
    private func beginInsert(line: Int) throws {
        var name = try readIdentifier()
        while let word = name?.uppercased(), ["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"].contains(word) {
            name = try readIdentifier()
        }
        while try skipSpaces(), input.buffer[input.position] == UInt8(ascii: ".") {
            input.position += 1
            name = try readIdentifier()
        }
        guard let table = name else {
            _ = try skipStatement(collect: false)
            return
        }
        var columns: [String]?
        if try skipSpaces(), input.buffer[input.position] == UInt8(ascii: "(") {
            input.position += 1
            var list: [String] = []
            while let column = try readIdentifier() {
                list.append(column)
                guard try skipSpaces(), input.buffer[input.position] == UInt8(ascii: ",") else { break }
                input.position += 1
            }
            guard try skipSpaces(), input.buffer[input.position] == UInt8(ascii: ")") else {
                _ = try skipStatement(collect: false)
                return
            }
            input.position += 1
            columns = list
            if tables[table] == nil { tables[table] = list }
        }
        guard try skipSpaces(), ["VALUES", "VALUE"].contains(try readWord().uppercased()),
            tableFilter?.contains(table) ?? true
        else {
            _ = try skipStatement(collect: false)
            return
        }
        insert = InsertStatement(table: table, columns: columns ?? tables[table], line: line, rowCount: rowCounts[table, default: 0])
    }

    private func readCreateTable() throws {
        let rest = try skipStatement(collect: true)
        guard let parsed = SQLDumpCreateTable.parse(Array("CREATE ".utf8) + rest) else { return }
        tables[parsed.table] = parsed.columns
    }

    /// The next row of the current INSERT as an event; nil when the statement ended.
    private func nextRowEvent() throws -> ReaderEvent? {
        guard var statement = insert else { return nil }
        guard try skipSpaces() else {
            endInsert()
            return nil
        }
        let byte = input.buffer[input.position]
        if statement.afterRow {
            switch byte {
            case UInt8(ascii: ","):
                input.position += 1
                statement.afterRow = false
                insert = statement
                return nil
            case UInt8(ascii: ";"):
                input.position += 1
            case UInt8(ascii: "O"), UInt8(ascii: "o"):
                // ON DUPLICATE KEY UPDATE …: not rows.
                _ = try skipStatement(collect: false)
            default:
                let rest = try skipStatement(collect: true)
                endInsert()
                let provenance = Provenance(
                    sourceID: options.sourceID, file: path, line: statement.line,
                    recordIndex: statement.rowCount, sheet: statement.table)
                return .reject(Reject(
                    code: .sqlSyntax, message: "expected \",\" or \";\" after a row; the rest of this INSERT statement is skipped",
                    stage: .read, provenance: provenance, originalText: String(decoding: rest.prefix(4096), as: UTF8.self)))
            }
            endInsert()
            return nil
        }
        statement.afterRow = true
        statement.rowCount += 1
        let rowCount = statement.rowCount
        insert = statement
        let rowOffset = input.base + Int64(input.position)
        let provenance = Provenance(
            sourceID: options.sourceID, file: path, line: statement.line, recordIndex: rowCount, sheet: statement.table,
            byteOffset: hasFileOffsets ? rowOffset : nil)
        input.keep = input.position
        detachedRowHead = nil
        let outcome: TupleOutcome
        if byte == UInt8(ascii: "(") {
            outcome = try parseTuple()
        } else {
            outcome = .syntax("a row must start with \"(\"")
        }
        let text = rowText()
        input.keep = Int.max
        func reject(_ code: ReasonCode, _ message: String) -> ReaderEvent {
            .reject(Reject(code: code, message: message, stage: .read, provenance: provenance, originalText: text))
        }
        switch outcome {
        case .complete:
            return recordEvent(statement: statement, provenance: provenance, text: text)
        case .tooLong:
            return reject(.sqlValueTooLong, "the row has a value longer than \(maxValueBytes) bytes")
        case .unterminated:
            finished = true
            endInsert()
            return reject(.sqlUnterminatedString, "a string opened in this row is not closed before the end of the file")
        case .syntax(let detail):
            endInsert()
            _ = try skipStatement(collect: false)
            return reject(.sqlSyntax, "\(detail); the rest of this INSERT statement is skipped")
        }
    }

    private func rowText() -> String {
        if let head = detachedRowHead { return String(decoding: head, as: UTF8.self) + "…" }
        return String(decoding: UnsafeBufferPointer(start: input.buffer + input.keep, count: input.position - input.keep), as: UTF8.self)
    }

    private func recordEvent(statement: InsertStatement, provenance: Provenance, text: String) -> ReaderEvent {
        var warning: ReaderEvent?
        let columns: [String]
        if let known = statement.columns {
            columns = known
        } else {
            columns = (0..<values.count).map { "column_\($0 + 1)" }
            if warnedNoColumns.insert(statement.table).inserted {
                warning = .warning(Warning(
                    code: .sqlNoColumns,
                    message: "no CREATE TABLE for `\(statement.table)` before its rows and no column list: columns are named column_1…",
                    provenance: provenance))
            }
        }
        guard values.count == columns.count else {
            return .reject(Reject(
                code: .sqlColumnCount,
                message: "the row has \(values.count) values but `\(statement.table)` has \(columns.count) columns",
                stage: .read, provenance: provenance, originalText: text))
        }
        let schema: RecordSchema
        if let cached = statement.schema, cached.columns.count == columns.count {
            schema = cached
        } else {
            let key = statement.table + "\u{1F}" + columns.joined(separator: "\u{1F}")
            schema = schemas[key] ?? RecordSchema(columns: columns)
            schemas[key] = schema
            insert?.schema = schema
        }
        let record = ReaderEvent.record(Record(schema: schema, values: values, provenance: provenance, originalText: text))
        nullColumns = rowNulls
        guard let warning else { return record }
        queued = record
        return warning
    }

    // MARK: - Buffer access

    /// Refills the input. A row kept for its original text is let go, but for its head, once it
    /// passes `rowTextLimit`, so a huge row cannot grow the buffer without bound.
    func more() throws -> Bool {
        if input.keep != Int.max, input.position - input.keep > rowTextLimit {
            detachedRowHead = Array(UnsafeBufferPointer(start: input.buffer + input.keep, count: min(4096, input.position - input.keep)))
            input.keep = Int.max
        }
        return try input.refill()
    }

    @inline(__always)
    func available(_ n: Int) throws -> Bool {
        while input.position + n > input.count {
            guard try more() else { return false }
        }
        return true
    }

    /// Skips whitespace; false at the end of input.
    @inline(__always)
    func skipSpaces() throws -> Bool {
        if input.position < input.count, !SQLDumpLexing.isSpace(input.buffer[input.position]) { return true }
        while try available(1) {
            if !SQLDumpLexing.isSpace(input.buffer[input.position]) { return true }
            input.position += 1
        }
        return false
    }

    /// Skips a `-- …`, `# …` or `/* … */` comment (including `/*!40101 … */`) at the position;
    /// false when the bytes there open no comment.
    private func skipComment() throws -> Bool {
        let first = input.buffer[input.position]
        if first == UInt8(ascii: "#") {
            try skipPast(UInt8(ascii: "\n"))
            return true
        }
        guard try available(2) else { return false }
        let second = input.buffer[input.position + 1]
        if first == UInt8(ascii: "-"), second == UInt8(ascii: "-") {
            try skipPast(UInt8(ascii: "\n"))
            return true
        }
        guard first == UInt8(ascii: "/"), second == UInt8(ascii: "*") else { return false }
        input.position += 2
        while true {
            try skipPast(UInt8(ascii: "*"))
            guard try available(1) else { return true }
            if input.buffer[input.position] == UInt8(ascii: "/") {
                input.position += 1
                return true
            }
        }
    }

    /// Moves past the next `byte` (`memchr`), or to the end of input.
    private func skipPast(_ byte: UInt8) throws {
        while try available(1) {
            let start = UnsafeRawPointer(input.buffer + input.position)
            if let hit = memchr(start, Int32(byte), input.count - input.position) {
                input.position += (UnsafeRawPointer(hit) - start) + 1
                return
            }
            input.position = input.count
        }
    }

    /// Skips to just past the statement's `;` outside quotes. With `collect`, returns the bytes
    /// skipped (up to 1 MiB; CREATE TABLE statements are far smaller).
    private func skipStatement(collect: Bool) throws -> [UInt8] {
        var collected: [UInt8] = []
        var quote: UInt8 = 0
        var escaped = false
        while try available(1) {
            let bytes = input.buffer
            let end = input.count
            let start = input.position
            var index = start
            var done = false
            while index < end {
                let byte = bytes[index]
                index += 1
                if escaped {
                    escaped = false
                } else if quote != 0 {
                    if byte == quote {
                        quote = 0
                    } else if byte == UInt8(ascii: "\\"), quote != UInt8(ascii: "`") {
                        escaped = true
                    }
                } else if byte == UInt8(ascii: ";") {
                    done = true
                    break
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                    quote = byte
                }
            }
            if collect, collected.count < 1 << 20 {
                collected.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: index - start - (done ? 1 : 0)))
            }
            input.position = index
            if done { break }
        }
        return collected
    }
}
