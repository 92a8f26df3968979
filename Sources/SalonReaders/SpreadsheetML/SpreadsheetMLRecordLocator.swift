/// Re-reads one row of a workbook for the validators' sample re-check, independently of the
/// record reader: no header detection, no merge handling, just the row's cells.
public enum SpreadsheetMLRecordLocator {
    /// The texts of columns 1 through the row's last non-empty cell ("" for absent cells), or nil
    /// when the sheet has no such row (or it is empty). A row with an out-of-range ss:Index yields
    /// its cell texts in document order.
    /// - Parameters:
    ///   - sheet: the worksheet name, or its 1-based position.
    ///   - row: the 1-based spreadsheet row, as in `Provenance.line`.
    /// - Throws: `SalonError` when the file cannot be read, is not SpreadsheetML, declares a
    ///   DOCTYPE, or is malformed before the row.
    public static func readRow(path: String, sheet: String, row: Int) throws -> [String]? {
        try readRow(cursor: SpreadsheetMLCursor(path: path), sheet: sheet, row: row)
    }

    /// One row of any workbook format, walked through its cursor.
    static func readRow(cursor: any WorkbookCursor, sheet: String, row: Int) throws -> [String]? {
        var selector = SpreadsheetMLSheetSelector([sheet])
        var inSheet = false
        do {
            while let event = try cursor.next() {
                switch event {
                case .sheet(let name, let position):
                    if inSheet { return nil }
                    inSheet = selector.accepts(name: name, position: position)
                    if !inSheet { try cursor.skipSheet() }
                case .row(let found):
                    guard inSheet, found.number >= row else { continue }
                    guard found.number == row, !found.isEmpty else { return nil }
                    if found.issue != nil { return found.cells.map(\.text) }
                    return found.values(width: found.lastFilledColumn)
                }
            }
        } catch let failure as any WorkbookFailure {
            throw failure.salonError(path: cursor.path)
        }
        return nil
    }
}
