/// Reason codes of the SpreadsheetML reader.
extension ReasonCode {
    /// The file declares a DOCTYPE or entities; it is refused whole so nothing is ever expanded.
    public static let xmlDoctypeForbidden: ReasonCode = "xml.doctype_forbidden"
    /// The XML stops being well-formed (or its encoding is unusable); rows before it were read.
    public static let xmlMalformed: ReasonCode = "xml.malformed"
    /// A cell's ss:Index (or its merge) lies beyond Excel's 16384 columns, is not a number, or goes
    /// backwards.
    public static let xmlIndexOutOfRange: ReasonCode = "xml.index_out_of_range"
    /// A row has non-empty cells to the right of the last header column.
    public static let xmlExtraCells: ReasonCode = "xml.extra_cells"
    /// A cell holds more text than any real spreadsheet cell (over 1 MiB).
    public static let xmlCellTooLong: ReasonCode = "xml.cell_too_long"
    /// Warning: a merged area; only its first cell holds the value.
    public static let xmlMergedCells: ReasonCode = "xml.merged_cells"
}
