#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `inspect` needs to know about a dump without reading it all.
public enum SQLDumpSniffer {
    /// Marks that open mysqldump and MariaDB dumps or appear in their first statements.
    private static let markers = [
        "-- MySQL dump", "-- MariaDB dump", "/*!40101 SET", "/*!40014 SET", "CREATE TABLE", "INSERT INTO", "DROP TABLE IF EXISTS",
        "LOCK TABLES",
    ].map { Array($0.utf8) }

    /// Whether the first 8 KiB hold a mark of a MySQL dump.
    public static func looksLikeSQLDump(path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var head = [UInt8](repeating: 0, count: 8192)
        let count = head.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        head.removeSubrange(count...)
        return markers.contains { marker in
            head.count >= marker.count && (0...(head.count - marker.count)).contains { start in
                head[start] == marker[0] && head[start..<(start + marker.count)].elementsEqual(marker)
            }
        }
    }

    /// Tables and their columns declared in the first `limitBytes` bytes (rows are skipped).
    /// - Throws: as `SQLDumpRecordReader.init(path:options:)`.
    public static func tables(path: String, limitBytes: Int) throws -> [String: [String]] {
        let reader = try SQLDumpRecordReader(path: path, options: SQLDumpReadOptions(sourceID: "inspect", tables: []))
        reader.stopAfterBytes = Int64(limitBytes)
        while try reader.next() != nil {}
        return reader.tables
    }
}
