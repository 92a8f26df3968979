/// How to read an Office Open XML workbook (.xlsx).
public struct XLSXReadOptions: Sendable {
    /// The pipeline's id of the source, copied into every record's provenance.
    public var sourceID: String
    /// Worksheets to read, each by name or by 1-based position, as for SpreadsheetML; nil reads all.
    public var sheets: [String]?
    /// 1-based row of the column names for every selected sheet; nil detects it per sheet.
    public var headerRow: Int?
    public var limits: XLSXLimits

    public init(sourceID: String, sheets: [String]? = nil, headerRow: Int? = nil, limits: XLSXLimits = XLSXLimits()) {
        self.sourceID = sourceID
        self.sheets = sheets
        self.headerRow = headerRow
        self.limits = limits
    }

    /// The same choices in the shape the shared workbook reader takes.
    var workbookOptions: SpreadsheetMLReadOptions {
        SpreadsheetMLReadOptions(sourceID: sourceID, sheets: sheets, headerRow: headerRow)
    }
}
