/// Recognizes Excel 2003 XML workbooks and reports their layout for `salon-etl inspect`.
public enum SpreadsheetMLSniffer {
    /// How many data rows per sheet `sniff` returns as samples.
    static let sampleCount = 5

    /// Whether the file is a SpreadsheetML workbook: its root element is a Workbook in
    /// urn:schemas-microsoft-com:office:spreadsheet. The mso-application processing instruction is
    /// not required (machine-written files omit it) and not trusted alone. A file with a DOCTYPE is
    /// never a workbook we read.
    public static func isSpreadsheetML(path: String) -> Bool {
        guard let cursor = try? SpreadsheetMLCursor(path: path) else { return false }
        do {
            _ = try cursor.next()
            return true
        } catch {
            return false
        }
    }

    /// Reads the first rows of each selected non-empty sheet (at most `SpreadsheetMLHeader.lookAhead`
    /// non-empty rows, then skips the rest of the sheet) and reports header row, columns and samples.
    /// - Throws: `SalonError` when the file cannot be read, is not SpreadsheetML, declares a DOCTYPE
    ///   or is malformed before anything could be sampled.
    public static func sniff(path: String, options: SpreadsheetMLReadOptions) throws -> SpreadsheetMLLayout {
        try sniff(cursor: SpreadsheetMLCursor(path: path), options: options)
    }

    /// The layout of any workbook format, walked through its cursor.
    static func sniff(cursor: any WorkbookCursor, options: SpreadsheetMLReadOptions) throws -> SpreadsheetMLLayout {
        let path = cursor.path
        var selector = SpreadsheetMLSheetSelector(options.sheets)
        var sheets: [SheetLayout] = []
        var current: (name: String, rows: [SpreadsheetMLRow])?

        func finish() {
            guard let (name, rows) = current, !rows.isEmpty else { return }
            let headerIndex = options.headerRow.flatMap { number in rows.firstIndex { $0.number == number } }
                ?? SpreadsheetMLHeader.detect(in: rows)
            let header = SpreadsheetMLHeader(row: rows[headerIndex])
            let samples = rows[(headerIndex + 1)...].prefix(sampleCount).map { $0.values(width: header.columns.count) }
            sheets.append(SheetLayout(name: name, headerRow: header.rowNumber, columns: header.columns, sampleRows: samples))
            current = nil
        }

        do {
            while let event = try cursor.next() {
                switch event {
                case .sheet(let name, let position):
                    finish()
                    if selector.accepts(name: name, position: position) {
                        current = (name, [])
                    } else {
                        try cursor.skipSheet()
                    }
                case .row(let row):
                    guard current != nil, !row.isEmpty, row.issue == nil else { continue }
                    current?.rows.append(row)
                    if let rows = current?.rows, isSampled(rows, headerRow: options.headerRow) {
                        finish()
                        try cursor.skipSheet()
                    }
                }
            }
        } catch let failure as any WorkbookFailure {
            guard failure.keepsEarlierRows, !sheets.isEmpty || current != nil else {
                throw failure.salonError(path: path)
            }
            // A malformed tail does not hide the layout of what came before it.
        }
        finish()
        try selector.checkAllMatched(path: path)
        return SpreadsheetMLLayout(sheets: sheets)
    }

    /// Enough rows to decide the header and show samples below it.
    private static func isSampled(_ rows: [SpreadsheetMLRow], headerRow: Int?) -> Bool {
        guard let headerRow else { return rows.count >= SpreadsheetMLHeader.lookAhead }
        guard let index = rows.firstIndex(where: { $0.number >= headerRow }) else { return false }
        return rows.count - index > sampleCount
    }
}
