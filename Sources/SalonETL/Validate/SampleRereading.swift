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
    /// Every format that loads records has one.
    static func rereader(for format: PipelineSpec.Format) -> any SampleRereading {
        switch format {
        case .csv, .posCSV: return CSVSampleRereader()
        case .paperIntake: return CSVSampleRereader(defaultHeaderRow: 1)
        case .wechatpayCSV: return WeChatPayBillSampleRereader()
        case .spreadsheetml: return SpreadsheetMLSampleRereader()
        case .xlsx: return XLSXSampleRereader()
        case .sqlDump: return SQLDumpSampleRereader()
        case .wechatTXT, .wechatCSV, .whatsappTXT: return ChatSampleRereader()
        }
    }
}

/// CSV family (csv, pos-csv, paper-intake): the layout is sniffed again, then a `CSVRecordCursor`
/// walks forward through the file, seeking to byte offsets where the file has them (UTF-8).
struct CSVSampleRereader: SampleRereading {
    /// The header row when the pipeline gives none: 1 for the paper-intake template.
    var defaultHeaderRow: Int?

    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        let layout = try CSVSniffer.sniff(path: path, options: Self.options(source, defaultHeaderRow: defaultHeaderRow))
        return try Self.rows(path: path, layout: layout, locations: locations)
    }

    static func options(_ source: PipelineSpec.Source, defaultHeaderRow: Int? = nil) -> CSVReadOptions {
        CSVReadOptions(
            sourceID: source.id, encoding: source.read.encoding.flatMap(TextEncoding.init(name:)),
            delimiter: source.read.delimiter, headerRow: source.read.headerRow ?? defaultHeaderRow)
    }

    /// The requested records, one forward pass.
    static func rows(path: String, layout: CSVLayout, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
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
