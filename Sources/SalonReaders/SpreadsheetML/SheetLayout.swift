/// The layout of one worksheet: where its header is, its column names and a few data rows.
public struct SheetLayout: Sendable {
    /// The worksheet's ss:Name.
    public var name: String
    /// 1-based spreadsheet row of the header.
    public var headerRow: Int
    /// Column names; an empty or merge-covered header cell is named by its column letter ("F").
    public var columns: [String]
    /// The first data rows after the header, one text per column.
    public var sampleRows: [[String]]

    public init(name: String, headerRow: Int, columns: [String], sampleRows: [[String]]) {
        self.name = name
        self.headerRow = headerRow
        self.columns = columns
        self.sampleRows = sampleRows
    }
}
