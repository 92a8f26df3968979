/// A compiled `value_pattern`, shared by every thread that maps notes.
///
/// `Regex<AnyRegexOutput>` is not declared `Sendable` because its outputs may not be; the regex
/// itself is immutable once lowered. It is lowered here, before the mapper is shared, by one
/// throw-away match, so concurrent matches only read it.
final class TagValuePattern: @unchecked Sendable {
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws {
        // Scalar semantics: values are names, not grapheme clusters, and it is several times faster.
        regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        _ = try? regex.prefixMatch(in: "")
    }

    /// The value at the start of `text` and how many scalars the whole match used, or nil.
    func value(atStartOf text: String) -> (value: String, scalarLength: Int)? {
        guard let match = try? regex.prefixMatch(in: text) else { return nil }
        let captured = match["value"]?.substring ?? match[0].substring
        guard let captured else { return nil }
        let value = captured.trimmingSpaces()
        guard !value.isEmpty else { return nil }
        let length = text.unicodeScalars.distance(from: text.startIndex, to: match.range.upperBound)
        return (value, length)
    }
}
