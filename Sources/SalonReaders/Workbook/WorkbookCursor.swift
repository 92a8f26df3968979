/// A walk through a workbook's sheets and rows, whatever the file format: the SpreadsheetML and
/// the xlsx readers share the record reader, sniffer and locator built on it, so both formats
/// detect headers, select sheets and reject rows the same way.
protocol WorkbookCursor: AnyObject {
    /// The file as the caller named it, for messages and provenance.
    var path: String { get }
    /// The sheet currently being walked, for locating failures.
    var sheetName: String? { get }
    /// How far through the file the walk is, in file bytes, for progress.
    var bytesConsumed: Int64 { get }
    /// The next worksheet or row; nil at the end of the workbook.
    /// - Throws: a `WorkbookFailure` when the rest of the file cannot be read.
    func next() throws -> SpreadsheetMLCursor.Event?
    /// Skips the rest of the current worksheet.
    func skipSheet() throws
}
