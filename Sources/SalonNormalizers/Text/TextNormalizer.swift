/// Width folding and whitespace clean-up shared by every field normalizer.
///
/// Chinese input methods switch between full-width and half-width forms, so the same phone number
/// or amount arrives as `１３８` or `138`, and cells carry the ideographic space U+3000. Folding them
/// first lets every other normalizer work on plain ASCII bytes.
public enum TextNormalizer {
    /// Folds full-width ASCII (U+FF01…U+FF5E) to ASCII and the ideographic space to a space.
    ///
    /// Returns the input unchanged (no copy) when nothing needs folding, which is the common case.
    public static func foldWidth(_ text: String) -> String {
        var text = text
        let needsFolding = text.withUTF8 { bytes in WidthFolding.containsFoldable(bytes) }
        guard needsFolding else { return text }
        let folded = text.withUTF8 { bytes in WidthFolding.fold(bytes) }
        return String(decoding: folded, as: UTF8.self)
    }

    /// Trims the ends and collapses every run of whitespace (including U+3000, tabs and line
    /// breaks) to one ASCII space.
    public static func collapseWhitespace(_ text: String) -> String {
        var text = text
        // Fast path: no leading, trailing, doubled or non-space whitespace — nothing to change.
        let clean = text.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || last == 0x20 { return false }
            var previousSpace = false
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                    continue
                }
                previousSpace = false
                if byte < 0x20 || byte == 0xE3 || byte == 0xC2 || byte == 0xE2 {
                    if WidthFolding.whitespaceWidth(bytes, at: index) > 0 { return false }
                }
            }
            return true
        }
        if clean { return text }
        var out: [UInt8] = []
        var pendingSpace = false
        var changed = false
        text.withUTF8 { bytes in
            out.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let width = WidthFolding.whitespaceWidth(bytes, at: index)
                if width > 0 {
                    if width > 1 || bytes[index] != 0x20 || pendingSpace || out.isEmpty { changed = true }
                    pendingSpace = true
                    index += width
                    continue
                }
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(bytes[index])
                index += 1
            }
            if pendingSpace { changed = true }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// Width-folds, then collapses whitespace: the form most fields are compared in.
    public static func clean(_ text: String) -> String {
        collapseWhitespace(foldWidth(text))
    }
}
