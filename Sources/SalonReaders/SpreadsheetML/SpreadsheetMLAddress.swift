/// A1-style cell addresses, for messages and for naming unnamed columns the way users see them.
enum SpreadsheetMLAddress {
    /// "A" for 1, "Z" for 26, "AA" for 27.
    static func columnLetters(_ column: Int) -> String {
        var remaining = column
        var scalars: [UnicodeScalar] = []
        while remaining > 0 {
            let digit = (remaining - 1) % 26
            scalars.append(UnicodeScalar(UInt8(65 + digit)))
            remaining = (remaining - 1) / 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    /// "B18" for row 18, column 2.
    static func reference(row: Int, column: Int) -> String {
        columnLetters(column) + String(row)
    }
}
