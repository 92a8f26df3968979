/// Turns a phone cell as people typed it into E.164 numbers.
///
/// One cell may hold several numbers ("13800138000/13900139000", "手机… 座机…"), separators of every
/// kind, full-width digits, Excel artefacts ("13800138000.0", "1.38E+10", a leading apostrophe)
/// and prefixes (+86, 0086, trunk 0, IP-dial 17951). Bad data never throws: what cannot be used comes
/// back as a `FieldIssue` with a `phone.*` reason code, and every quoted number is masked.
public enum PhoneNormalizer {
    /// Parses every number in `text`.
    /// - Parameters:
    ///   - text: the raw cell.
    ///   - defaultRegion: where a number without country code is assumed to be; with `.hk` or
    ///     `.mo` an 8-digit local number belongs to that region. An explicit + prefix always wins.
    public static func parse(_ text: String, defaultRegion: PhoneRegion = .cn) -> PhoneParseResult {
        var scanner = PhoneScanner(defaultRegion: defaultRegion)
        if let result = text.utf8.withContiguousStorageIfAvailable({ scanner.scan($0) }) {
            return result
        }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { scanner.scan($0) }
    }
}
