/// Which 11-digit mainland numbers are mobiles.
///
/// Derived by hand from the `mobile` nationalNumberPattern of libphonenumber's CN metadata
/// (../shared/corpus/libphonenumber-cn/PhoneNumberMetadata.CN.xml):
/// `1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}`.
/// A test compiles that pattern and checks this table on every 5-digit prefix, so an update of the
/// metadata that changes the plan fails loudly instead of silently rejecting customers.
enum MobileNumberPlan {
    /// Three-digit blocks in which every number is a mobile.
    static let fullBlocks: [Int] = [
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
        145, 147,
        150, 151, 152, 153, 155, 156, 157, 158, 159,
        162, 165, 166, 167,
        170, 171, 172, 173, 175, 176, 177, 178,
        180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
        190, 191, 192, 193, 195, 196, 197, 198, 199,
    ]

    /// Longer prefixes inside otherwise unassigned blocks (161 is mostly unused, 1740x is the
    /// maritime satellite range).
    static let partialPrefixes: [String] = ["1610", "17400", "17401", "17402", "17403", "17404", "17405"]

    /// Per 1xx block: 0 unassigned, 1 all mobile, 2 look at `partialPrefixes`.
    private static let blockState: [UInt8] = {
        var state = [UInt8](repeating: 0, count: 100)
        for block in fullBlocks { state[block - 100] = 1 }
        for prefix in partialPrefixes { state[Int(DigitString(prefix).prefix(3)) - 100] = 2 }
        return state
    }()

    private static let partialValues: [(prefix: UInt64, length: Int)] = partialPrefixes.map {
        let digits = DigitString($0)
        return (digits.value, digits.count)
    }

    /// Whether an 11-digit national number starting with 1 is in a mobile range.
    static func isMobile(_ national: DigitString) -> Bool {
        guard national.count == 11, national.digit(at: 0) == 1 else { return false }
        switch blockState[Int(national.prefix(3)) - 100] {
        case 1: return true
        case 2: return partialValues.contains { national.hasPrefix($0.prefix, length: $0.length) }
        default: return false
        }
    }
}
