/// A problem that makes an xlsx file, or the rest of it, unreadable. The record reader yields it as
/// a reject naming the file; `inspect` and the locator throw it as a `SalonError`.
struct XLSXFailure: WorkbookFailure {
    var code: ReasonCode
    var message: String
    var fix: String
    var line: Int { 0 }
    var keepsEarlierRows: Bool { false }

    func salonError(path: String) -> SalonError {
        SalonError(.decoding, "\(code): \(message)", location: path, fix: fix)
    }

    static func notAWorkbook(_ why: String) -> XLSXFailure {
        XLSXFailure(
            code: .xlsxNotAWorkbook, message: why,
            fix: "open the file in Excel and save it again as .xlsx (Excel Workbook), or export CSV")
    }

    static func zipBomb(_ why: String) -> XLSXFailure {
        XLSXFailure(
            code: .xlsxZipBomb, message: why + "; the file is refused, nothing in it is loaded",
            fix: "check where the file came from; a real store export this large can be split into smaller workbooks")
    }

    static func corrupt(_ part: String, cause: any Error) -> XLSXFailure {
        XLSXFailure(
            code: .xlsxCorruptEntry, message: "the zip entry \(part) is damaged (\(cause)); rows before it were kept",
            fix: "copy the file from its source again; if Excel opens it, save it again as .xlsx")
    }

    static func missingPart(_ part: String) -> XLSXFailure {
        XLSXFailure(
            code: .xlsxMissingPart, message: "the workbook refers to \(part), which the archive does not hold",
            fix: "open the file in Excel and save it again as .xlsx")
    }
}
