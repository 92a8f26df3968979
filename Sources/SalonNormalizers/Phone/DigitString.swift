/// A short run of decimal digits held as an integer plus its length, so leading zeros survive and
/// prefixes are cheap arithmetic instead of String slicing. Phone numbers never need more than 19
/// digits; longer runs are flagged and only ever reported as invalid.
struct DigitString: Hashable, Sendable {
    private(set) var value: UInt64 = 0
    private(set) var count: Int = 0
    /// More than 19 digits were appended; `value` holds the first 19.
    private(set) var overflow = false

    static let maxDigits = 19

    init() {}

    /// Parses an ASCII digit literal; used by tables and tests.
    init(_ text: String) {
        for byte in text.utf8 where WidthFolding.isDigit(byte) { append(byte - 0x30) }
    }

    /// A run from an integer and its length (`count` may exceed the integer's digits: leading zeros).
    init(_ value: UInt64, count: Int) {
        self.value = value
        self.count = count
    }

    mutating func append(_ digit: UInt8) {
        guard count < Self.maxDigits else {
            overflow = true
            count += 1
            return
        }
        value = value &* 10 &+ UInt64(digit)
        count += 1
    }

    mutating func append(_ other: DigitString) {
        guard !other.overflow, count + other.count <= Self.maxDigits else {
            for index in 0..<min(other.count, Self.maxDigits) { append(other.digit(at: index)) }
            if other.overflow { overflow = true }
            return
        }
        value = value &* Self.powerOfTen(other.count) &+ other.value
        count += other.count
    }

    /// The first `length` digits as a run of their own.
    func truncated(to length: Int) -> DigitString {
        guard length < count else { return self }
        return DigitString(prefix(length), count: length)
    }

    /// The digit at `index` (0 = leftmost).
    func digit(at index: Int) -> UInt8 {
        UInt8(value / Self.powerOfTen(count - 1 - index) % 10)
    }

    /// The first `length` digits as an integer.
    func prefix(_ length: Int) -> UInt64 {
        guard length < count else { return value }
        return value / Self.powerOfTen(count - length)
    }

    /// Whether the run starts with the `length`-digit number `prefix` (leading zeros count).
    func hasPrefix(_ prefix: UInt64, length: Int) -> Bool {
        count >= length && self.prefix(length) == prefix
    }

    /// The run without its first `length` digits.
    func dropFirst(_ length: Int) -> DigitString {
        var rest = DigitString()
        guard length < count else { return rest }
        rest.count = count - length
        rest.value = value % Self.powerOfTen(rest.count)
        return rest
    }

    /// The digits as ASCII text, leading zeros included.
    var text: String { text(prefixedWith: nil) }

    /// The digits as ASCII text after an optional ASCII byte (`+` for E.164), built in place.
    func text(prefixedWith lead: UInt8?) -> String {
        let offset = lead == nil ? 0 : 1
        return String(unsafeUninitializedCapacity: count + offset) { buffer in
            if let lead { buffer[0] = lead }
            var rest = value
            var index = count - 1
            while index >= 0 {
                buffer[index + offset] = 0x30 + UInt8(rest % 10)
                rest /= 10
                index -= 1
            }
            return count + offset
        }
    }

    /// 10^exponent for 0...19; a loop rather than a static table, whose lazy initialisation
    /// check showed up in profiles of the phone scanner.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        var power: UInt64 = 1
        for _ in 0..<exponent { power &*= 10 }
        return power
    }
}
