import SalonCore
import SalonReaders

/// Reads one table of a MySQL dump for a pipeline source, and gives each row a key of its own.
///
/// The dump reader's provenance puts a row on its INSERT statement's line, and mysqldump writes a
/// whole table in one multi-row INSERT, so every row would share one record key (`members!41`).
/// Here the row's number within its table takes the line's place (`members!3`): keys stay unique
/// and stable for the upsert, and the byte offset still finds the row in the file.
///
/// A table the dump never declares is a configuration error listing the tables it does declare.
/// Small dumps are checked when opened; a large one at its end, since a table's CREATE TABLE can
/// come after gigabytes of other tables' rows and reading the file twice to find it costs more.
final class SQLDumpTableReader: RecordReader {
    /// Dumps up to this size are checked for the table before any row is read.
    static let upfrontCheckBytes = 8 << 20

    private let reader: SQLDumpRecordReader
    private let table: String
    private let displayPath: String
    private let location: String
    var bytesRead: Int64 { reader.bytesRead }

    init(path: String, displayPath: String, options: SQLDumpReadOptions, table: String, location: String) throws {
        self.table = table
        self.displayPath = displayPath
        self.location = location
        reader = try SQLDumpRecordReader(path: path, options: options)
        if reader.fileSize <= Self.upfrontCheckBytes {
            let tables = try SQLDumpSniffer.tables(path: path, limitBytes: Self.upfrontCheckBytes)
            if tables[table] == nil { throw missingTable(tables) }
        }
    }

    func next() throws -> ReaderEvent? {
        guard let event = try reader.next() else {
            if reader.tables[table] == nil { throw missingTable(reader.tables) }
            return nil
        }
        switch event {
        case .record(var record):
            record.provenance.line = record.provenance.recordIndex
            return .record(record)
        case .reject(var reject):
            reject.provenance.line = reject.provenance.recordIndex
            return .reject(reject)
        case .warning:
            return event
        }
    }

    private func missingTable(_ tables: [String: [String]]) -> SalonError {
        let names = tables.keys.sorted()
        return SalonError(
            .configuration, "the dump has no table '\(table)'; it declares: \(names.isEmpty ? "no tables" : names.joined(separator: ", "))",
            location: "\(displayPath) (\(location))", fix: "set table: to one of the dump's tables")
    }
}
