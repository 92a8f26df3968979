/// The part of `xl/styles.xml` the reader needs: which cell formats (`cellXfs`, by index = a
/// cell's s= attribute) show dates.
struct XLSXStyles {
    private var dateStyles: [Bool] = []

    init() {}

    init(archive: XLSXArchive, part: String) throws {
        guard let bytes = try archive.read(part, maxBytes: 64 << 20, tooLarge: .zipBomb("\(part) is larger than 64 MiB"))
        else { return }
        let reader = try XLSXPartReader(part: part, bytes: bytes)
        var customDates: [Int: Bool] = [:]
        // Depth of the open cellXfs element; its xf children are the cell formats (cellStyleXfs
        // and dxfs hold look-alike xf elements that must not count).
        var cellFormatsDepth: Int?
        while let event = try reader.next() {
            guard case .element(let name, let depth) = event else { continue }
            if let open = cellFormatsDepth, depth <= open { cellFormatsDepth = nil }
            if name == "numFmt", let id = reader.attribute("numFmtId").flatMap({ Int($0) }) {
                customDates[id] = XLSXNumberFormat.isDateCode(reader.attribute("formatCode") ?? "")
            } else if name == "cellXfs" {
                cellFormatsDepth = depth
            } else if name == "xf", let open = cellFormatsDepth, depth == open + 1 {
                let id = reader.attribute("numFmtId").flatMap { Int($0) } ?? 0
                dateStyles.append(customDates[id] ?? XLSXNumberFormat.isBuiltInDate(id))
            }
        }
    }

    /// Whether a cell with this style shows a date.
    func isDate(style: Int) -> Bool {
        style >= 0 && style < dateStyles.count && dateStyles[style]
    }
}
