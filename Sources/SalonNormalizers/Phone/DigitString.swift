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
        guard !other.overflow else {
            overflow = true
            count += other.count
            return
        }
        for index in 0..<other.count { append(other.digit(at: index)) }
    }

    /// The digit at `index` (0 = leftmost).
    func digit(at index: Int) -> UInt8 {
        UInt8(value / Self.powersOfTen[count - 1 - index] % 10)
    }

    /// The first `length` digits as an integer.
    func prefix(_ length: Int) -> UInt64 {
        guard length < count else { return value }
        return value / Self.powersOfTen[count - length]
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
        rest.value = value % Self.powersOfTen[rest.count]
        return rest
    }

    /// The digits as ASCII text, leading zeros included.
    var text: String {
        var bytes = [UInt8](repeating: 0x30, count: count)
        var rest = value
        var index = count - 1
        while index >= 0, rest > 0 {
            bytes[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let powersOfTen: [UInt64] = {
        var powers: [UInt64] = [1]
        for _ in 1...maxDigits { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}
