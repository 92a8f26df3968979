/// Reads a POS cashier export (`format: pos-csv`): one row per receipt line, read by the CSV
/// reader, plus a check that the file is whole.
///
/// Cashier exports are copied off the till while the POS may still be writing them, so the last
/// line can be cut. Such a line (no line break after it, or a quoted field still open at the end)
/// is a `pos.truncated_line` reject, never a record: a cut cell cannot be told from a whole one
/// ("128.00" cut to "12" still parses), and the line comes again in the next export, which the
/// import upserts by receipt number. `endedCleanly` tells the import job not to mark the file done.
public final class POSRecordReader: RecordReader {
    public var layout: CSVLayout { csv.layout }
    public var fileSize: Int64 { csv.fileSize }
    public var bytesRead: Int64 { csv.bytesRead }
    /// Whether the file ends with a complete line. Known from the file's tail when the reader
    /// opens; it turns false during reading if a quoted field is still open at the end. Final once
    /// `next()` has returned nil.
    public private(set) var endedCleanly: Bool

    private let csv: CSVRecordReader
    /// Events of the most recent physical row, held back until the next row shows it was not last.
    private var pending: [ReaderEvent] = []
    private var ready: [ReaderEvent] = []
    private var readyIndex = 0
    private var finished = false

    /// - Throws: as `CSVRecordReader.init(path:options:)`.
    public convenience init(path: String, options: CSVReadOptions) throws {
        try self.init(csv: CSVRecordReader(path: path, options: options), path: path)
    }

    convenience init(path: String, options: CSVReadOptions, chunkSize: Int) throws {
        try self.init(csv: CSVRecordReader(path: path, options: options, chunkSize: chunkSize), path: path)
    }

    private init(csv: CSVRecordReader, path: String) {
        self.csv = csv
        let detection = csv.layout.encoding
        endedCleanly = LineBreakTail.endsWithLineBreak(
            path: path, encoding: detection.encoding,
            bomLength: detection.hasBOM ? detection.encoding.byteOrderMark.count : 0)
    }

    public func next() throws -> ReaderEvent? {
        while true {
            if readyIndex < ready.count {
                defer { readyIndex += 1 }
                return ready[readyIndex]
            }
            if finished { return nil }
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            guard let event = try csv.next() else {
                finished = true
                if !endedCleanly, let cut = truncatedReject(pending) {
                    ready.append(cut)
                } else {
                    swap(&ready, &pending)
                }
                pending.removeAll()
                continue
            }
            if case .reject(let reject) = event, reject.code == .csvUnterminatedQuote { endedCleanly = false }
            if let first = pending.first, Self.provenance(first).line != Self.provenance(event).line {
                swap(&ready, &pending)
            }
            pending.append(event)
        }
    }

    /// One reject standing for every event of the cut last row.
    private func truncatedReject(_ events: [ReaderEvent]) -> ReaderEvent? {
        guard let first = events.first else { return nil }
        var text = ""
        for event in events {
            switch event {
            case .record(let record): text = record.originalText
            case .reject(let reject): text = reject.originalText
            case .warning: continue
            }
        }
        return .reject(Reject(
            code: .posTruncatedLine,
            message: "the file ends inside this line (no line break after it); it is left for the next export",
            stage: .read, provenance: Self.provenance(first), originalText: text))
    }

    private static func provenance(_ event: ReaderEvent) -> Provenance {
        switch event {
        case .record(let record): record.provenance
        case .reject(let reject): reject.provenance
        case .warning(let warning): warning.provenance
        }
    }
}
