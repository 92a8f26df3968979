/// Streams the records of an Office Open XML workbook (.xlsx): one record per non-empty data row
/// below each selected sheet's header, in workbook order, exactly as `SpreadsheetMLRecordReader`
/// does for Excel 2003 XML (same header detection, sheet selection, provenance `Sheet!row` and
/// reject codes).
///
/// - Cell texts: shared and inline strings (rich text runs joined, phonetic guides left out),
///   formula string results, numbers as written ("13800138000"), booleans "1"/"0", error cells as
///   their text ("#N/A", which the normalizers then reject as a field), and numbers whose cell
///   format is a date (built-in 14–22, 27–36, 45–47, 50–58, or a custom format with date tokens)
///   as ISO dates ("1990-03-05", "…T14:30:00"), in the 1900 or 1904 date system the workbook uses.
/// - Cell references (r="C7") and row numbers (r="12") may skip; nothing is sized from them or
///   from <dimension>. A reference that goes backwards or past Excel's limits rejects its row
///   (`xml.index_out_of_range`), as does a shared-string index past the table
///   (`xlsx.bad_shared_string`).
/// - Whole-file problems become one reject naming the file: `xlsx.not_a_workbook`,
///   `xlsx.encrypted`, `xlsx.zip_bomb`, `xlsx.too_many_entries`, `xlsx.missing_part`,
///   `xlsx.corrupt_entry`, `xlsx.shared_strings_too_large`, and for sheet XML `xml.malformed` and
///   `xml.doctype_forbidden`. Rows read before a failure stay records.
///
/// Memory: the shared strings table (capped) and one row at a time; each worksheet is inflated on
/// a producer thread a few 64 KiB chunks ahead of the parser.
public final class XLSXRecordReader: RecordReader {
    private let cursor: XLSXCursor
    private let reader: SpreadsheetMLRecordReader

    /// Prepares the read; the file is opened on the first `next()`, so a file that is not a
    /// workbook comes back as a reject.
    /// - Throws: `SalonError.configuration` for a header row below 1.
    public init(path: String, options: XLSXReadOptions) throws {
        if let headerRow = options.headerRow, headerRow < 1 {
            throw SalonError(.configuration, "header row \(headerRow) is not a row number", fix: "use a 1-based row")
        }
        cursor = XLSXCursor(path: path, limits: options.limits)
        reader = SpreadsheetMLRecordReader(cursor: cursor, options: options.workbookOptions)
    }

    /// Compressed file bytes behind the rows read so far, for progress.
    public var bytesRead: Int64 { cursor.bytesConsumed }

    /// The next record, reject or warning; nil after the last.
    /// - Throws: `SalonError.configuration` when a requested sheet does not exist (at the end) or
    ///   `headerRow` names an empty row with data below it; `SalonError.io` when the file cannot be
    ///   opened at all.
    public func next() throws -> ReaderEvent? {
        try reader.next()
    }
}
