/// One cell as the file states it. Texts stay as written: a Number is "13800138000" or "1280.5",
/// a DateTime "1990-03-05T00:00:00.000", a Boolean "1"/"0"; typing is the normalizers' job.
struct SpreadsheetMLCell: Sendable {
    /// ss:Type of the cell's Data element.
    enum Kind: Sendable {
        case none, string, number, dateTime, boolean, error, other
    }

    /// 1-based column, honouring ss:Index.
    var column: Int
    var text: String
    var kind: Kind
    /// ss:MergeAcross: how many columns to the right the cell covers.
    var mergeAcross: Int
    /// ss:MergeDown: how many rows below the cell covers.
    var mergeDown: Int

    var isBlank: Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    var isMerged: Bool { mergeAcross > 0 || mergeDown > 0 }

    /// The merged area in A1 notation, e.g. "B18:C19".
    func mergedRange(row: Int) -> String {
        SpreadsheetMLAddress.reference(row: row, column: column) + ":"
            + SpreadsheetMLAddress.reference(row: row + mergeDown, column: column + mergeAcross)
    }
}
