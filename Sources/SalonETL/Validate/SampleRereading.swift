import SalonCore
import SalonReaders

/// Re-reads sampled records of one file at the locations their provenance records, through the
/// readers' independent locators (not the streaming readers). One conformance per format; add a
/// format by adding a type and a case in `SampleRereaders.rereader(for:)`.
protocol SampleRereading {
    /// The column names and the cells of the requested rows (1-based lines or spreadsheet rows),
    /// read in one pass in line order. A row that is not found is missing from `rows`.
    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
}

enum SampleRereaders {
    /// nil for formats without a re-reader yet: their sampled records count as not checked.
    static func rereader(for format: PipelineSpec.Format) -> (any SampleRereading)? {
        switch format {
        case .csv: return CSVSampleRereader()
        case .spreadsheetml: return SpreadsheetMLSampleRereader()
        case .paperIntake, .xlsx, .sqlDump, .posCSV, .wechatpayCSV, .wechatTXT, .wechatCSV, .whatsappTXT: return nil
        }
    }
}

/// CSV family: the layout is sniffed again, then a `CSVRecordCursor` walks forward through the
/// file, seeking to byte offsets where the file has them (UTF-8).
struct CSVSampleRereader: SampleRereading {
    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        let options = CSVReadOptions(
            sourceID: source.id, encoding: source.read.encoding.flatMap(TextEncoding.init(name:)),
            delimiter: source.read.delimiter, headerRow: source.read.headerRow)
        let layout = try CSVSniffer.sniff(path: path, options: options)
        let cursor = try CSVRecordCursor(path: path, layout: layout)
        var rows: [Int: [String]] = [:]
        for location in locations.sorted(by: { $0.line < $1.line }) {
            rows[location.line] = try cursor.record(line: location.line, byteOffset: location.byteOffset)
        }
        return (layout.columns, rows)
    }
}

/// SpreadsheetML: the sheet's header is sniffed again and the rows are read in one pass.
struct SpreadsheetMLSampleRereader: SampleRereading {
    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        guard let sheet else { return ([], [:]) }
        let layout = try SpreadsheetMLSniffer.sniff(
            path: path, options: SpreadsheetMLReadOptions(sourceID: source.id, sheets: [sheet], headerRow: source.read.headerRow))
        let columns = layout.sheets.first?.columns ?? []
        let rows = try SpreadsheetMLRecordLocator.readRows(path: path, sheet: sheet, rows: Set(locations.map(\.line)))
        return (columns, rows)
    }
}
