import CSalonXML

/// Streams the records of an Excel 2003 XML (SpreadsheetML) workbook: one record per non-empty data
/// row below each selected sheet's header, in workbook order.
///
/// - Each record's provenance names the sheet and the spreadsheet row (honouring ss:Index); its
///   original text is the row's cell texts joined by tabs.
/// - Cell texts are kept as written (Number "13800138000", DateTime "1990-03-05T00:00:00.000",
///   Boolean "1"); rich text is flattened, with html:Br and line breaks as "\n".
/// - A merged area (ss:MergeAcross / ss:MergeDown) holds its value in its first cell only; the
///   area's other cells read as "" and each area raises an `xml.merged_cells` warning.
/// - A row with text right of the header's last column is rejected (`xml.extra_cells`), as is a row
///   whose ss:Index reaches past 16384 columns (`xml.index_out_of_range`). Nothing is ever sized from
///   ss:Index or ss:Expanded*Count.
/// - A document with a DOCTYPE is rejected whole (`xml.doctype_forbidden`); a document that stops
///   being well-formed keeps the records of every row completed before the error, then yields
///   `xml.malformed` with the line libxml2 reports (the reject stands for the rest of the file).
///
/// Memory stays bounded: the header is decided from at most `SpreadsheetMLHeader.lookAhead`
/// non-empty rows per sheet; after that each row is handed on as it is read.
public final class SpreadsheetMLRecordReader: RecordReader {
    private let cursor: any WorkbookCursor
    private let options: SpreadsheetMLReadOptions
    private var selector: SpreadsheetMLSheetSelector
    private var sheet: SheetState?
    private var pending: [ReaderEvent] = []
    private var pendingHead = 0
    private var recordIndex = 0
    private var finished = false

    /// The sheet being read: its rows wait in `buffer` until the header is known.
    private struct SheetState {
        var name: String
        var buffer: [SpreadsheetMLRow] = []
        var header: SpreadsheetMLHeader?
    }

    /// Opens the workbook; nothing is parsed until `next()`.
    /// - Throws: `SalonError.io` when the file cannot be opened, `.configuration` for a header row
    ///   below 1.
    public convenience init(path: String, options: SpreadsheetMLReadOptions) throws {
        if let headerRow = options.headerRow, headerRow < 1 {
            throw SalonError(.configuration, "header row \(headerRow) is not a row number", fix: "use a 1-based row")
        }
        self.init(cursor: try SpreadsheetMLCursor(path: path), options: options)
    }

    /// Reads any workbook format through its cursor (the xlsx reader uses this).
    init(cursor: any WorkbookCursor, options: SpreadsheetMLReadOptions) {
        self.cursor = cursor
        self.options = options
        selector = SpreadsheetMLSheetSelector(options.sheets)
    }

    /// Bytes of the file parsed so far, for progress.
    public var bytesRead: Int64 { cursor.bytesConsumed }

    /// The next record, reject or warning; nil after the last.
    /// - Throws: `SalonError` when the file is not a SpreadsheetML workbook, when a requested sheet
    ///   does not exist (at the end) or when `headerRow` names an empty row with data below it.
    public func next() throws -> ReaderEvent? {
        while true {
            if pendingHead < pending.count {
                let event = pending[pendingHead]
                pendingHead += 1
                if pendingHead == pending.count {
                    pending.removeAll(keepingCapacity: true)
                    pendingHead = 0
                }
                return event
            }
            if finished { return nil }
            try advance()
        }
    }

    /// Reads one cursor event and queues what it produces.
    private func advance() throws {
        let event: SpreadsheetMLCursor.Event?
        do {
            event = try cursor.next()
        } catch let failure as any WorkbookFailure {
            // Rows read before the failure still become records.
            finishSheet()
            finished = true
            pending.append(.reject(reject(for: failure)))
            return
        }
        switch event {
        case nil:
            finishSheet()
            finished = true
            try selector.checkAllMatched(path: cursor.path)
        case .sheet(let name, let position):
            finishSheet()
            if selector.accepts(name: name, position: position) {
                sheet = SheetState(name: name)
            } else {
                try skipSheet()
            }
        case .row(let row):
            try take(row)
        }
    }

    private func skipSheet() throws {
        do {
            try cursor.skipSheet()
        } catch let failure as any WorkbookFailure {
            finished = true
            pending.append(.reject(reject(for: failure)))
        }
    }

    private func take(_ row: SpreadsheetMLRow) throws {
        guard let state = sheet, !row.isEmpty else { return }
        if let header = state.header {
            emit(row, header: header, sheet: state.name)
            return
        }
        if let headerRow = options.headerRow {
            // Rows above the chosen header are titles; a row below it before the header means the
            // header row is empty and data would be read under no names.
            guard row.number <= headerRow else { throw missingHeader(headerRow, sheet: state.name) }
            warnMerges(in: row, sheet: state.name)
            if row.number == headerRow { sheet?.header = SpreadsheetMLHeader(row: row) }
            return
        }
        sheet?.buffer.append(row)
        if state.buffer.count + 1 >= SpreadsheetMLHeader.lookAhead { decideHeader() }
    }

    /// Picks the header among the buffered rows and hands on the rows after it.
    private func decideHeader() {
        guard var state = sheet, !state.buffer.isEmpty else { return }
        let rows = state.buffer
        let headerIndex = SpreadsheetMLHeader.detect(in: rows)
        let header = SpreadsheetMLHeader(row: rows[headerIndex])
        state.buffer = []
        state.header = header
        sheet = state
        for row in rows[...headerIndex] { warnMerges(in: row, sheet: state.name) }
        for row in rows[(headerIndex + 1)...] { emit(row, header: header, sheet: state.name) }
    }

    private func finishSheet() {
        if sheet?.header == nil { decideHeader() }
        sheet = nil
    }

    private func missingHeader(_ headerRow: Int, sheet name: String) -> SalonError {
        SalonError(
            .configuration, "row \(headerRow) of sheet \(name) is empty, so it cannot be the header",
            location: cursor.path, fix: "set `read.header_row` to the row with the column names, or leave it out")
    }

    private func provenance(row: Int, sheet name: String) -> Provenance {
        Provenance(sourceID: options.sourceID, file: cursor.path, line: row, recordIndex: recordIndex, sheet: name)
    }

    private func emit(_ row: SpreadsheetMLRow, header: SpreadsheetMLHeader, sheet name: String) {
        recordIndex += 1
        warnMerges(in: row, sheet: name)
        let provenance = provenance(row: row.number, sheet: name)
        let width = header.columns.count
        switch row.issue {
        case .indexOutOfRange(let column):
            let what = column < 0 ? "an ss:Index that is not a number" : "ss:Index \(column)"
            pending.append(
                .reject(
                    Reject(
                        code: .xmlIndexOutOfRange,
                        message: "\(what) is out of range (beyond \(Int(SALON_XML_MAX_COLUMNS)) columns or "
                            + "before the previous cell); the row is not read",
                        stage: .read, provenance: provenance, originalText: row.originalText)))
            return
        case .rejected(let code, let message):
            pending.append(
                .reject(
                    Reject(code: code, message: message, stage: .read, provenance: provenance, originalText: row.originalText)))
            return
        case .textTooLong:
            pending.append(
                .reject(
                    Reject(
                        code: .xmlCellTooLong, message: "a cell holds more than 1 MiB of text", stage: .read,
                        provenance: provenance, originalText: row.originalText)))
            return
        case nil:
            break
        }
        if row.lastFilledColumn > width {
            let extra = row.cells.filter { $0.column > width && !$0.isBlank }
            let first = SpreadsheetMLAddress.reference(row: row.number, column: extra[0].column)
            pending.append(
                .reject(
                    Reject(
                        code: .xmlExtraCells,
                        message: "\(extra.count) non-empty cell(s) right of the header's \(width) columns, from \(first)",
                        stage: .read, provenance: provenance, originalText: row.originalText)))
            return
        }
        let record = Record(
            schema: header.schema, values: row.values(width: width), provenance: provenance,
            originalText: row.originalText)
        pending.append(.record(record))
    }

    private func warnMerges(in row: SpreadsheetMLRow, sheet name: String) {
        for cell in row.cells where cell.isMerged {
            pending.append(
                .warning(
                    Warning(
                        code: .xmlMergedCells,
                        message: "merged cells \(cell.mergedRange(row: row.number)): the value sits in the first "
                            + "cell, the area's other cells read as empty",
                        provenance: provenance(row: row.number, sheet: name))))
        }
    }

    private func reject(for failure: any WorkbookFailure) -> Reject {
        Reject(
            code: failure.code, message: failure.message, stage: .read,
            provenance: Provenance(
                sourceID: options.sourceID, file: cursor.path, line: max(failure.line, 1), recordIndex: recordIndex,
                sheet: cursor.sheetName), originalText: "")
    }
}
