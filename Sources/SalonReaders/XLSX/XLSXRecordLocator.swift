/// Re-reads one row of an xlsx workbook for the validators' sample re-check, independently of the
/// record reader (see `SpreadsheetMLRecordLocator`).
public enum XLSXRecordLocator {
    /// The texts of columns 1 through the row's last non-empty cell, or nil when there is no such row.
    /// - Parameters:
    ///   - sheet: the worksheet name, or its 1-based position.
    ///   - row: the 1-based spreadsheet row, as in `Provenance.line`.
    /// - Throws: `SalonError` when the file is not a readable workbook or fails before the row.
    public static func readRow(path: String, sheet: String, row: Int, limits: XLSXLimits = XLSXLimits()) throws -> [String]? {
        try SpreadsheetMLRecordLocator.readRow(cursor: XLSXCursor(path: path, limits: limits), sheet: sheet, row: row)
    }

    /// Many rows of one sheet in a single pass: the sheet's zip entry is inflated once, up to the
    /// last requested row (see `SpreadsheetMLRecordLocator.readRows`).
    public static func readRows(path: String, sheet: String, rows: Set<Int>, limits: XLSXLimits = XLSXLimits()) throws -> [Int: [String]] {
        guard !rows.isEmpty else { return [:] }
        return try SpreadsheetMLRecordLocator.readRows(cursor: XLSXCursor(path: path, limits: limits), sheet: sheet, rows: rows)
    }
}
