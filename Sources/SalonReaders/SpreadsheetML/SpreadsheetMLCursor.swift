import CSalonXML

/// Owns one `salon_xml_pipe` handle (the row reader run ahead on its own thread) and turns its events into Swift values. The reader, the
/// sniffer and the locator all walk a workbook through it; the handle is freed in `deinit`.
final class SpreadsheetMLCursor: WorkbookCursor {
    /// What the cursor meets while walking the workbook.
    enum Event {
        /// A worksheet starts; `position` is 1-based in workbook order.
        case sheet(name: String, position: Int)
        case row(SpreadsheetMLRow)
    }

    let path: String
    private let handle: OpaquePointer
    private var sheetCount = 0
    /// The sheet currently being walked, for locating failures.
    private(set) var sheetName: String?

    /// Opens the file (`salon_xml_pipe_open`).
    /// - Throws: `SalonError.io` when the file cannot be opened.
    init(path: String) throws {
        self.path = path
        var status: Int32 = 0
        guard let handle = salon_xml_pipe_open(path, &status) else {
            throw SalonError(
                .io, status == SALON_XML_NO_MEMORY ? "out of memory opening the workbook" : "cannot open the workbook",
                location: path, fix: "check that the file exists and is readable")
        }
        self.handle = handle
    }

    deinit {
        salon_xml_pipe_close(handle)
    }

    /// Bytes of the file parsed so far (`salon_xml_pipe_bytes_consumed`).
    var bytesConsumed: Int64 { Int64(salon_xml_pipe_bytes_consumed(handle)) }

    /// The next worksheet or row, nil at the end of the workbook (`salon_xml_pipe_next`).
    /// - Throws: `SpreadsheetMLFailure` when the document turns out malformed or declares a
    ///   DOCTYPE; `SalonError` when it is not a SpreadsheetML workbook at all.
    func next() throws -> Event? {
        let status = salon_xml_pipe_next(handle)
        switch status {
        case Int32(SALON_XML_END):
            return nil
        case Int32(SALON_XML_SHEET):
            sheetCount += 1
            let name = String(cString: salon_xml_pipe_sheet_name(handle))
            sheetName = name
            return .sheet(name: name, position: sheetCount)
        case Int32(SALON_XML_ROW):
            return .row(currentRow())
        default:
            throw failure(status)
        }
    }

    /// Skips the rest of the current worksheet (`salon_xml_pipe_skip_sheet`).
    func skipSheet() throws {
        let status = salon_xml_pipe_skip_sheet(handle)
        if status != 0 { throw failure(status) }
    }

    private func failure(_ status: Int32) -> any Error {
        let detail = PIIMask.text(String(cString: salon_xml_pipe_error_message(handle)))
        let line = Int(salon_xml_pipe_error_line(handle))
        switch status {
        case Int32(SALON_XML_DOCTYPE):
            return SpreadsheetMLFailure(kind: .doctypeForbidden, detail: detail, line: line)
        case Int32(SALON_XML_MALFORMED):
            return SpreadsheetMLFailure(kind: .malformed, detail: detail, line: line)
        case Int32(SALON_XML_NOT_SPREADSHEET):
            return SalonError(
                .unsupported, "not an Excel 2003 XML workbook: the root element is not a Workbook in "
                    + "urn:schemas-microsoft-com:office:spreadsheet",
                location: path, fix: "read it with the reader for its format")
        default:
            return SalonError(.internalError, "out of memory reading the workbook", location: path)
        }
    }

    private func currentRow() -> SpreadsheetMLRow {
        var count: Int32 = 0
        let cells = salon_xml_pipe_row_cells(handle, &count)
        let text = UnsafeRawPointer(salon_xml_pipe_row_text(handle)!)
        var row = SpreadsheetMLRow(number: Int(salon_xml_pipe_row_number(handle)), cells: [], issue: nil)
        row.cells.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let cell = cells![index]
            let bytes = UnsafeRawBufferPointer(start: text + cell.text_offset, count: cell.text_length)
            row.cells.append(
                SpreadsheetMLCell(
                    column: cell.column, text: String(decoding: bytes, as: UTF8.self), kind: Self.kind(cell.type),
                    mergeAcross: cell.merge_across, mergeDown: cell.merge_down))
        }
        let flags = salon_xml_pipe_row_flags(handle)
        if flags & Int32(SALON_XML_ROW_INDEX_OUT_OF_RANGE) != 0 {
            row.issue = .indexOutOfRange(salon_xml_pipe_row_bad_index(handle))
        } else if flags & Int32(SALON_XML_ROW_TEXT_TOO_LONG) != 0 {
            row.issue = .textTooLong
        }
        return row
    }

    private static func kind(_ type: Int32) -> SpreadsheetMLCell.Kind {
        switch type {
        case Int32(SALON_XML_TYPE_STRING): return .string
        case Int32(SALON_XML_TYPE_NUMBER): return .number
        case Int32(SALON_XML_TYPE_DATETIME): return .dateTime
        case Int32(SALON_XML_TYPE_BOOLEAN): return .boolean
        case Int32(SALON_XML_TYPE_ERROR): return .error
        case Int32(SALON_XML_TYPE_NONE): return .none
        default: return .other
        }
    }
}
