/// How to read an Excel 2003 XML (SpreadsheetML) workbook.
public struct SpreadsheetMLReadOptions: Sendable {
    /// The pipeline's id of the source, copied into every record's provenance.
    public var sourceID: String
    /// Worksheets to read, each by name or by 1-based position ("2"); a name that matches wins.
    /// `nil` reads every worksheet that has data, which is what sheets-per-year workbooks need.
    public var sheets: [String]?
    /// 1-based spreadsheet row that holds the column names, for every selected sheet; `nil`
    /// detects it per sheet (title rows above the header are skipped).
    public var headerRow: Int?

    public init(sourceID: String, sheets: [String]? = nil, headerRow: Int? = nil) {
        self.sourceID = sourceID
        self.sheets = sheets
        self.headerRow = headerRow
    }
}
