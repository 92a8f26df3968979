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
        // Built byte by byte into one allocation: this runs for every record of large workbooks,
        // where String appends (each checking capacity and re-validating) were a visible cost.
        let last = issue == nil ? lastFilledColumn : Int.max
        var tabs = 0
        var textBytes = 0
        var column = 1
        for (position, cell) in cells.enumerated() where cell.column <= last {
            if issue != nil {
                tabs += position == 0 ? 0 : 1
            } else {
                // One tab per column boundary crossed, so skipped columns stay visible as empty fields.
                tabs += max(0, cell.column - column)
                column = max(column, cell.column)
            }
            textBytes += cell.text.utf8.count
        }
        if tabs + textBytes == 0 { return "" }
        return String(unsafeUninitializedCapacity: tabs + textBytes) { buffer in
            var written = 0
            var column = 1
            for (position, cell) in cells.enumerated() where cell.column <= last {
                let crossed = issue != nil ? (position == 0 ? 0 : 1) : max(0, cell.column - column)
                for _ in 0..<crossed {
                    buffer[written] = 0x09
                    written += 1
                }
                column = max(column, cell.column)
                var text = cell.text
                text.withUTF8 { bytes in
                    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
                    (buffer.baseAddress! + written).update(from: source, count: bytes.count)
                    written += bytes.count
                }
            }
            return written
        }
    }
}
