/// What `salon-etl inspect` learns about a workbook from the first rows of each sheet.
public struct SpreadsheetMLLayout: Sendable {
    /// The non-empty selected sheets, in workbook order.
    public var sheets: [SheetLayout]

    public init(sheets: [SheetLayout]) {
        self.sheets = sheets
    }
}
