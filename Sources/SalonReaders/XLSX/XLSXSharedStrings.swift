/// The shared strings table (`xl/sharedStrings.xml`): the one table Excel requires a reader to hold,
/// loaded under `XLSXLimits.maxSharedStringsBytes`. Rich text runs are concatenated; phonetic
/// guides (`rPh`) are left out, as Excel shows them.
struct XLSXSharedStrings {
    private(set) var strings: [String] = []

    init() {}

    init(archive: XLSXArchive, part: String, limits: XLSXLimits) throws {
        let cap = limits.maxSharedStringsBytes
        guard let bytes = try archive.read(part, maxBytes: cap, tooLarge: XLSXFailure(
            code: .xlsxSharedStringsTooLarge, message: "the shared strings table is larger than \(cap) bytes",
            fix: "split the workbook, or raise the cap if the file is trusted"))
        else {
            throw XLSXFailure.missingPart(part)
        }
        let reader = try XLSXPartReader(part: part, bytes: bytes)
        var current = ""
        var inItem = false
        var inText = false
        // Depth of an open rPh element, whose text is a reading aid, not the value.
        var phoneticDepth: Int?
        while let event = try reader.next() {
            switch event {
            case .element(let name, let depth):
                if name == "si" {
                    inItem = true
                    current = ""
                } else if name == "rPh", phoneticDepth == nil {
                    phoneticDepth = depth
                } else if name == "t" {
                    inText = true
                }
            case .end(let name, let depth):
                if name == "t" {
                    inText = false
                } else if name == "rPh", depth == phoneticDepth {
                    phoneticDepth = nil
                } else if name == "si", inItem {
                    inItem = false
                    strings.append(current)
                }
            case .text(let text):
                if inItem && inText && phoneticDepth == nil { current += text }
            }
        }
    }

    subscript(index: Int) -> String? {
        index >= 0 && index < strings.count ? strings[index] : nil
    }
}
