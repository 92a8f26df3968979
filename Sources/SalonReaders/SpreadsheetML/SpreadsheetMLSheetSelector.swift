/// Decides which worksheets a read covers, as they stream past.
struct SpreadsheetMLSheetSelector {
    private let requested: [String]?
    private var matched: Set<String> = []

    /// - Parameter requested: names or 1-based positions; `nil` selects every sheet.
    init(_ requested: [String]?) {
        self.requested = requested
    }

    /// Whether the sheet is selected. A requested text selects the sheet with that exact name, or
    /// the sheet at that position when it is a number ("2" is the second sheet unless a sheet is
    /// named "2"; yearly sheets named "2023" are matched by name).
    mutating func accepts(name: String, position: Int) -> Bool {
        guard let requested else { return true }
        if requested.contains(name) {
            matched.insert(name)
            return true
        }
        let key = String(position)
        if requested.contains(key), !requested.contains(where: { $0 == key && matched.contains($0) }) {
            matched.insert(key)
            return true
        }
        return false
    }

    /// Requested names or positions that matched no sheet; checked at the end of the workbook.
    /// - Throws: `SalonError.configuration` naming them.
    func checkAllMatched(path: String) throws {
        guard let requested else { return }
        let missing = requested.filter { !matched.contains($0) }
        guard !missing.isEmpty else { return }
        throw SalonError(
            .configuration, "no worksheet named or numbered \(missing.joined(separator: ", "))", location: path,
            fix: "list the sheets with `salon-etl inspect` and correct `read.sheets`")
    }
}
