/// One row of a worksheet as the file states it: only the cells it lists, at their columns.
struct SpreadsheetMLRow: Sendable {
    /// Why the row cannot become a record, found while parsing it.
    enum Issue: Sendable, Equatable {
        /// A cell's ss:Index or merge reaches this column (beyond the limit, not a number: -1, or
        /// going backwards).
        case indexOutOfRange(Int)
        case textTooLong
        /// A format-specific problem (an xlsx shared-string index past the table, say).
        case rejected(ReasonCode, String)
    }

    /// 1-based spreadsheet row number, honouring ss:Index.
    var number: Int
    /// Cells in document order; columns rise strictly unless `issue` says otherwise.
    var cells: [SpreadsheetMLCell]
    var issue: Issue?

    /// True when no cell holds anything but white space.
    var isEmpty: Bool { cells.allSatisfy(\.isBlank) }

    /// The rightmost column holding text (0 for an empty row).
    var lastFilledColumn: Int {
        cells.last(where: { !$0.isBlank })?.column ?? 0
    }

    /// Texts of columns 1...width; absent cells and the covered cells of merged areas are "".
    func values(width: Int) -> [String] {
        var values = [String](repeating: "", count: width)
        for cell in cells where cell.column >= 1 && cell.column <= width {
            values[cell.column - 1] = cell.text
        }
        return values
    }

    /// The row's cell texts joined by tabs, with "" for skipped columns up to the last filled one.
    /// A row with a bad index lists its cells in document order instead, so a hostile ss:Index
    /// cannot make it allocate.
    var originalText: String {
        if issue != nil { return cells.map(\.text).joined(separator: "\t") }
        let last = lastFilledColumn
        var text = ""
        text.reserveCapacity(cells.reduce(last) { $0 + $1.text.utf8.count })
        var column = 1
        for cell in cells where cell.column <= last {
            // One tab per column boundary crossed, so skipped columns stay visible as empty fields.
            while column < cell.column {
                text.append("\t")
                column += 1
            }
            text.append(cell.text)
        }
        return text
    }
}
