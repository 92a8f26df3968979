import Foundation
import ZIPFoundation

/// Recognizes xlsx workbooks and reports their layout for `salon-etl inspect`.
public enum XLSXSniffer {
    /// Whether the file is an xlsx workbook: it starts with a zip local file header and its
    /// archive holds `xl/workbook.xml`. Only the central directory is read.
    public static func isXLSX(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        let head = (try? handle.read(upToCount: 4)).map { [UInt8]($0) } ?? []
        try? handle.close()
        guard head == XLSXArchive.zipMagic,
            let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil)
        else { return false }
        return archive["xl/workbook.xml"] != nil
    }

    /// The header row, columns and first data rows of each selected non-empty sheet; only the
    /// first rows of each sheet are inflated.
    /// - Throws: `SalonError` when the file is not a readable workbook or a sheet's XML is refused.
    public static func sniff(path: String, options: XLSXReadOptions) throws -> SpreadsheetMLLayout {
        try SpreadsheetMLSniffer.sniff(cursor: XLSXCursor(path: path, limits: options.limits), options: options.workbookOptions)
    }
}
