import CSalonXML
import Foundation

/// Walks an xlsx workbook sheet by sheet and row by row, the way `SpreadsheetMLCursor` walks an
/// Excel 2003 XML file, so the shared reader, sniffer and locator serve both formats.
///
/// The archive, workbook, styles and shared strings are opened on the first `next()`, so a file
/// that is not a workbook becomes a reject (`xlsx.not_a_workbook`) rather than an exception. Each
/// selected worksheet is inflated on a producer thread while libxml2 parses it; a skipped sheet is
/// never inflated.
final class XLSXCursor: WorkbookCursor {
    let path: String
    private(set) var sheetName: String?
    private let limits: XLSXLimits

    private var opened: Opened?
    private var sheetIndex = -1
    private var sheetState = SheetState.done
    private var stream: XLSXEntryStream?
    private var handle: OpaquePointer?
    /// Compressed bytes of the sheets already walked, and the current sheet's compressed share per
    /// inflated byte, for a progress figure in file bytes.
    private var finishedCompressedBytes: Int64 = 0
    private var currentCompressedBytes: Int64 = 0
    private var currentRatio = 1.0

    private enum SheetState {
        /// `.sheet` was returned; its rows start on the next call unless it is skipped.
        case announced
        case streaming
        case done
    }

    private struct Opened {
        var archive: XLSXArchive
        var workbook: XLSXWorkbook
        var styles: XLSXStyles
        var sharedStrings: XLSXSharedStrings
    }

    init(path: String, limits: XLSXLimits) {
        self.path = path
        self.limits = limits
    }

    deinit {
        closeSheet()
    }

    var bytesConsumed: Int64 {
        finishedCompressedBytes + Int64(Double(stream?.bytesDelivered ?? 0) * currentRatio)
    }

    /// - Throws: `XLSXFailure` for a file that is not a readable workbook, `SpreadsheetMLFailure`
    ///   for a worksheet whose XML is malformed or declares a DOCTYPE.
    func next() throws -> SpreadsheetMLCursor.Event? {
        let opened = try openIfNeeded()
        while true {
            if sheetState == .announced { try startSheet(opened) }
            if sheetState == .streaming, let handle {
                let status = salon_xlsx_sheet_next(handle)
                if status == Int32(SALON_XLSX_ROW) { return .row(currentRow(handle, opened: opened)) }
                if status != Int32(SALON_XLSX_END) { throw failure(status, handle: handle) }
                closeSheet()
            }
            sheetIndex += 1
            guard sheetIndex < opened.workbook.sheets.count else { return nil }
            let sheet = opened.workbook.sheets[sheetIndex]
            sheetName = sheet.name
            sheetState = .announced
            return .sheet(name: sheet.name, position: sheetIndex + 1)
        }
    }

    /// Skips the rest of the current sheet; right after `.sheet` it is never inflated at all.
    func skipSheet() throws {
        closeSheet()
    }

    private func openIfNeeded() throws -> Opened {
        if let opened { return opened }
        let budget = XLSXInflationBudget(limits: limits)
        let archive = try XLSXArchive(path: path, budget: budget)
        let workbook = try XLSXWorkbook(archive: archive)
        let styles = try workbook.stylesPart.map { try XLSXStyles(archive: archive, part: $0) } ?? XLSXStyles()
        let strings = try workbook.sharedStringsPart.map { try XLSXSharedStrings(archive: archive, part: $0, limits: limits) }
            ?? XLSXSharedStrings()
        let value = Opened(archive: archive, workbook: workbook, styles: styles, sharedStrings: strings)
        opened = value
        return value
    }

    private func startSheet(_ opened: Opened) throws {
        sheetState = .done
        let part = opened.workbook.sheets[sheetIndex].part
        guard let sizes = opened.archive.sizes(of: part) else { throw XLSXFailure.missingPart(part) }
        currentRatio = sizes.uncompressed > 0 ? Double(sizes.compressed) / Double(sizes.uncompressed) : 1
        let stream = XLSXEntryStream(
            url: opened.archive.url, part: part, compressedSize: sizes.compressed, budget: opened.archive.budget)
        // The stream outlives the handle (closeSheet frees the handle first), so an unretained
        // context is safe.
        guard let handle = salon_xlsx_sheet_open(XLSXEntryStream.readCallback, Unmanaged.passUnretained(stream).toOpaque())
        else { throw SalonError(.internalError, "out of memory reading the workbook", location: path) }
        self.stream = stream
        self.handle = handle
        currentCompressedBytes = sizes.compressed
        sheetState = .streaming
    }

    private func closeSheet() {
        if let handle { salon_xlsx_sheet_close(handle) }
        handle = nil
        stream = nil
        finishedCompressedBytes += currentCompressedBytes
        currentCompressedBytes = 0
        sheetState = .done
    }

    private func failure(_ status: Int32, handle: OpaquePointer) -> any Error {
        if let failure = stream?.failure { return failure }
        let part = stream?.part ?? ""
        let detail = PIIMask.text(String(cString: salon_xlsx_sheet_error_message(handle)))
        let line = Int(salon_xlsx_sheet_error_line(handle))
        switch status {
        case Int32(SALON_XLSX_DOCTYPE):
            return SpreadsheetMLFailure(kind: .doctypeForbidden, detail: part, line: line)
        case Int32(SALON_XLSX_NOT_WORKSHEET):
            return XLSXFailure.notAWorkbook("\(part) is not a worksheet (its root element is not <worksheet>)")
        case Int32(SALON_XLSX_NO_MEMORY):
            return SalonError(.internalError, "out of memory reading the workbook", location: path)
        default:
            return SpreadsheetMLFailure(kind: .malformed, detail: "\(part): \(detail)", line: line)
        }
    }

    private func currentRow(_ handle: OpaquePointer, opened: Opened) -> SpreadsheetMLRow {
        var count: Int32 = 0
        let cells = salon_xlsx_row_cells(handle, &count)
        let text = UnsafeRawPointer(salon_xlsx_row_text(handle)!)
        let number = Int(salon_xlsx_row_number(handle))
        var row = SpreadsheetMLRow(number: number, cells: [], issue: nil)
        row.cells.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let cell = cells![index]
            let raw = String(decoding: UnsafeRawBufferPointer(start: text + cell.text_offset, count: cell.text_length), as: UTF8.self)
            var kind = SpreadsheetMLCell.Kind.string
            var value = raw
            switch Int(cell.type) {
            case Int(SALON_XLSX_CELL_SHARED):
                if let shared = Int(raw.trimmingWhitespace()).flatMap({ opened.sharedStrings[$0] }) {
                    value = shared
                } else if row.issue == nil {
                    row.issue = .rejected(
                        .xlsxBadSharedString,
                        "cell \(SpreadsheetMLAddress.reference(row: number, column: cell.column)) refers to shared "
                            + "string \(raw), past the table's \(opened.sharedStrings.strings.count) strings")
                }
            case Int(SALON_XLSX_CELL_NUMBER):
                kind = .number
                if opened.styles.isDate(style: cell.style),
                    let iso = XLSXSerialDate.isoText(serial: raw, date1904: opened.workbook.date1904)
                {
                    kind = .dateTime
                    value = iso
                }
            case Int(SALON_XLSX_CELL_BOOLEAN): kind = .boolean
            case Int(SALON_XLSX_CELL_ERROR): kind = .error
            case Int(SALON_XLSX_CELL_DATE): kind = .dateTime
            case Int(SALON_XLSX_CELL_OTHER): kind = .other
            default: kind = .string
            }
            row.cells.append(SpreadsheetMLCell(column: cell.column, text: value, kind: kind, mergeAcross: 0, mergeDown: 0))
        }
        let flags = salon_xlsx_row_flags(handle)
        if flags & Int32(SALON_XLSX_ROW_INDEX_OUT_OF_RANGE) != 0 {
            row.issue = .indexOutOfRange(salon_xlsx_row_bad_index(handle))
        } else if flags & Int32(SALON_XLSX_ROW_TEXT_TOO_LONG) != 0 {
            row.issue = .textTooLong
        }
        return row
    }
}
