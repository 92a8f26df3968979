/// What `xl/workbook.xml` and its relationships say: the worksheets in order, the date system and
/// where the shared strings and styles are.
struct XLSXWorkbook {
    struct Sheet {
        var name: String
        /// The worksheet's zip entry, e.g. "xl/worksheets/sheet1.xml".
        var part: String
    }

    var sheets: [Sheet] = []
    /// `workbookPr date1904`: serials count from 1904-01-01 (old Mac workbooks).
    var date1904 = false
    var sharedStringsPart: String?
    var stylesPart: String?

    /// - Throws: `XLSXFailure.notAWorkbook` when the package has no workbook part.
    init(archive: XLSXArchive) throws {
        let root = try XLSXRelationships(of: "", archive: archive)
        let workbookPart = root.target(ofType: "officeDocument") ?? "xl/workbook.xml"
        guard let bytes = try archive.read(workbookPart, maxBytes: 64 << 20, tooLarge: .zipBomb("\(workbookPart) is larger than 64 MiB"))
        else {
            throw XLSXFailure.notAWorkbook("the zip archive has no \(workbookPart), so it is not an Excel workbook")
        }
        let relationships = try XLSXRelationships(of: workbookPart, archive: archive)
        sharedStringsPart = relationships.target(ofType: "sharedStrings")
        stylesPart = relationships.target(ofType: "styles")
        let reader = try XLSXPartReader(part: workbookPart, bytes: bytes)
        while let event = try reader.next() {
            guard case .element(let name, _) = event else { continue }
            switch name {
            case "workbookPr":
                let flag = reader.attribute("date1904")
                date1904 = flag == "1" || flag == "true"
            case "sheet":
                // Chart sheets and dialog sheets have no rows; only worksheet relationships count.
                guard let id = reader.attribute("id"), let relationship = relationships.byID[id],
                    relationship.type == "worksheet"
                else { continue }
                sheets.append(Sheet(name: reader.attribute("name") ?? "", part: relationship.target))
            default:
                continue
            }
        }
    }
}
