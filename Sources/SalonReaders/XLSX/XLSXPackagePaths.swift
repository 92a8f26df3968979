/// Resolves relationship targets to zip entry names the way OPC defines them: relative to the
/// folder of the part that owns the relationship, or from the package root when they start with "/".
enum XLSXPackagePaths {
    /// The relationships part of `part` ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels").
    static func relationships(of part: String) -> String {
        let (folder, name) = split(part)
        return (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
    }

    /// `target` as seen from `part`, with "." and ".." segments folded.
    static func resolve(_ target: String, from part: String) -> String {
        var segments: [Substring] = []
        if !target.hasPrefix("/") {
            segments = split(part).folder.split(separator: "/")
        }
        for segment in target.split(separator: "/") {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    private static func split(_ part: String) -> (folder: String, name: String) {
        guard let slash = part.lastIndex(of: "/") else { return ("", part) }
        return (String(part[..<slash]), String(part[part.index(after: slash)...]))
    }
}
