/// The regions a salon's customers' numbers come from: mainland China, Hong Kong, Macau, Taiwan.
public enum PhoneRegion: String, Sendable, Codable, CaseIterable {
    case cn = "CN", hk = "HK", mo = "MO", tw = "TW"

    /// The ITU country calling code, as E.164 digits.
    public var callingCode: String {
        switch self {
        case .cn: "86"
        case .hk: "852"
        case .mo: "853"
        case .tw: "886"
        }
    }

    /// `callingCode` as an integer, for numeric keys.
    var callingCodeValue: UInt64 {
        switch self {
        case .cn: 86
        case .hk: 852
        case .mo: 853
        case .tw: 886
        }
    }
}
