/// A worksheet's header row: where it is and the column names it gives.
///
/// A header cell merged across several columns names only its first column; the covered columns,
/// like empty header cells, are named by their letter ("F"), so no name is duplicated.
struct SpreadsheetMLHeader: Sendable {
    /// How many non-empty rows a sheet buffers before its header is decided.
    static let lookAhead = 20
    /// How many following rows a header candidate is checked against.
    private static let consistencyRows = 10

    /// 1-based spreadsheet row of the header.
    let rowNumber: Int
    let columns: [String]
    let schema: RecordSchema

    init(row: SpreadsheetMLRow) {
        rowNumber = row.number
        var width = 0
        for cell in row.cells where !cell.isBlank {
            width = max(width, cell.column + cell.mergeAcross)
        }
        var names = (1...max(width, 1)).map(SpreadsheetMLAddress.columnLetters)
        if width == 0 { names = [] }
        for cell in row.cells where !cell.isBlank && cell.column <= width {
            names[cell.column - 1] = cell.text.trimmingWhitespace()
        }
        columns = names
        schema = RecordSchema(columns: names)
    }

    /// Picks the header among a sheet's first non-empty rows: the first row with the most distinct
    /// label cells (ss:Type String or untyped: a header never holds a Number or DateTime) whose
    /// columns hold at least half of the following rows' cells. Title rows above the header hold
    /// one label, data rows hold numbers and dates, so the header stands out.
    /// - Returns: an index into `rows` (0 when `rows` is empty).
    static func detect(in rows: [SpreadsheetMLRow]) -> Int {
        var best = 0
        var bestScore = 0
        for (index, row) in rows.enumerated() where row.issue == nil {
            var labels = Set<String>()
            var span = 0
            for cell in row.cells where !cell.isBlank {
                span = max(span, cell.column + cell.mergeAcross)
                if cell.kind == .string || cell.kind == .none || cell.kind == .other {
                    labels.insert(cell.text.trimmingWhitespace())
                }
            }
            guard labels.count > bestScore, isConsistent(span: span, with: rows[(index + 1)...]) else { continue }
            best = index
            bestScore = labels.count
        }
        return best
    }

    private static func isConsistent(span: Int, with following: ArraySlice<SpreadsheetMLRow>) -> Bool {
        var inside = 0
        var total = 0
        for row in following.prefix(consistencyRows) {
            for cell in row.cells where !cell.isBlank {
                total += 1
                if cell.column <= span { inside += 1 }
            }
        }
        return total == 0 || inside * 2 >= total
    }
}

extension String {
    /// The text without leading and trailing ASCII white space (spaces, tabs, line breaks).
    func trimmingWhitespace() -> String {
        let bytes = utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}
