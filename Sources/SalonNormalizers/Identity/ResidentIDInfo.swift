/// What a valid resident ID number (公民身份号码) tells about its holder.
public struct ResidentIDInfo: Sendable, Hashable {
    /// 18 characters, check character as uppercase X; 15-digit legacy numbers are upgraded.
    public var normalized: String
    public var birthday: PartialDate
    /// From the sequence code: odd male, even female.
    public var gender: Gender
    /// The six-digit administrative division code of the place of registration.
    public var regionCode: String

    public init(normalized: String, birthday: PartialDate, gender: Gender, regionCode: String) {
        self.normalized = normalized
        self.birthday = birthday
        self.gender = gender
        self.regionCode = regionCode
    }
}
