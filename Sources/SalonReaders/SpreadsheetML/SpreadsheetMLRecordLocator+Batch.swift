extension SpreadsheetMLRecordLocator {
    /// Re-reads many rows of one sheet in a single pass (`readRow` reads the workbook from the
    /// start for every row). Each found row is given as `readRow` gives it; rows that are absent
    /// or empty are missing from the result.
    /// - Parameters:
    ///   - sheet: the worksheet name, or its 1-based position.
    ///   - rows: 1-based spreadsheet rows, as in `Provenance.line`.
    /// - Throws: `SalonError` as `readRow` does.
    public static func readRows(path: String, sheet: String, rows: Set<Int>) throws -> [Int: [String]] {
        guard !rows.isEmpty else { return [:] }
        return try readRows(cursor: SpreadsheetMLCursor(path: path), sheet: sheet, rows: rows)
    }

    /// Many rows of one sheet of any workbook format, walked once through its cursor.
    static func readRows(cursor: any WorkbookCursor, sheet: String, rows: Set<Int>) throws -> [Int: [String]] {
        guard let last = rows.max() else { return [:] }
        var selector = SpreadsheetMLSheetSelector([sheet])
        var inSheet = false
        var found: [Int: [String]] = [:]
        do {
            while let event = try cursor.next() {
                switch event {
                case .sheet(let name, let position):
                    if inSheet { return found }
                    inSheet = selector.accepts(name: name, position: position)
                    if !inSheet { try cursor.skipSheet() }
                case .row(let row):
                    guard inSheet else { continue }
                    if row.number > last { return found }
                    guard rows.contains(row.number), !row.isEmpty else { continue }
                    found[row.number] = row.issue != nil ? row.cells.map(\.text) : row.values(width: row.lastFilledColumn)
                }
            }
        } catch let failure as any WorkbookFailure {
            throw failure.salonError(path: cursor.path)
        }
        return found
    }
}
