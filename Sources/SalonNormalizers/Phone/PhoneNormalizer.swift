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
        if let plain = plainMobile(text) { return plain }
        return withUnsafeTemporaryAllocation(of: PhoneScanner.Group.self, capacity: PhoneScanner.groupCapacity) { groups in
            var scanner = PhoneScanner(defaultRegion: defaultRegion, groupStorage: groups)
            if let result = text.utf8.withContiguousStorageIfAvailable({ scanner.scan($0) }) {
                return result
            }
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { scanner.scan($0) }
        }
    }

    /// The common case, a cell of exactly 11 ASCII digits that is a valid mobile, without the scanner.
    @inline(__always)
    private static func plainMobile(_ text: String) -> PhoneParseResult? {
        guard text.utf8.count == 11 else { return nil }
        var digits = DigitString()
        for byte in text.utf8 {
            guard WidthFolding.isDigit(byte) else { return nil }
            digits.append(byte - 0x30)
        }
        guard MobileNumberPlan.isMobile(digits) else { return nil }
        var e164 = DigitString(86, count: 2)
        e164.append(digits)
        let phone = NormalizedPhone(
            e164: e164.text(prefixedWith: 0x2B), kind: .mobile, region: .cn, original: text, numericKey: e164.value)
        return PhoneParseResult(phones: [phone])
    }
}
