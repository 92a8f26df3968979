/// How two descriptions of a customer compare, field by field: a score from 0 to 1 and a one-line
/// explanation that a person deciding a review item can check against the two records.
///
/// Each field agrees, disagrees or is unknown (one side has no value). The score is the weight of
/// the agreeing fields over the weight of the fields known on both sides, so a missing value never
/// counts against a match and a record holding only a phone still matches its owner fully. The
/// weights say how much a field identifies a person: a phone most, then the full name. Birthdays
/// are often keyed carelessly, so one phone and one full name outweigh a differing birthday and
/// gender (2.0 against 0.2: 0.91), while a phone alone does not (1.02 against 0.15: 0.87). A
/// gender is often keyed wrongly and a customer visits several stores, so those weigh little.
public struct MatchScore: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case phone, surname, givenName = "given_name", birthday, gender, store

        /// How much agreement on this field says "same person".
        public var weight: Double {
            switch self {
            case .phone: 1.0
            case .surname: 0.4
            case .givenName: 0.6
            case .birthday: 0.15
            case .gender: 0.05
            case .store: 0.02
            }
        }
    }

    /// The auto-merge threshold when a pipeline names none (`resolve.auto_merge_at`).
    public static let defaultAutoMergeAt = 0.9

    public enum Outcome: String, Sendable {
        case agrees, disagrees, unknown
    }

    public var phone: Outcome
    public var surname: Outcome
    public var givenName: Outcome
    public var birthday: Outcome
    public var gender: Outcome
    public var store: Outcome

    public init(
        phone: Outcome, surname: Outcome, givenName: Outcome, birthday: Outcome, gender: Outcome, store: Outcome
    ) {
        self.phone = phone
        self.surname = surname
        self.givenName = givenName
        self.birthday = birthday
        self.gender = gender
        self.store = store
    }

    /// Compares two profiles; `phone` says whether the pair shares a phone (the block found them
    /// by phone), has none in common, or cannot tell (one side has no phone).
    public init(phone: Outcome, _ a: MatchProfile, _ b: MatchProfile) {
        self.init(
            phone: phone, surname: Self.compare(a.surname, b.surname), givenName: Self.compare(a.givenName, b.givenName),
            birthday: MatchProfile.compareBirthdays(a.birthday, b.birthday),
            gender: Self.compare(UInt32(a.gender), UInt32(b.gender)), store: Self.compare(a.store, b.store))
    }

    /// Each field with its outcome, in a fixed order.
    public var comparisons: [(field: Field, outcome: Outcome)] {
        [(.phone, phone), (.surname, surname), (.givenName, givenName), (.birthday, birthday), (.gender, gender), (.store, store)]
    }

    /// Agreeing weight over known weight; 0 when no field is known on both sides.
    public var score: Double {
        var agreeing = 0.0
        var known = 0.0
        for (field, outcome) in comparisons {
            switch outcome {
            case .agrees:
                agreeing += field.weight
                known += field.weight
            case .disagrees: known += field.weight
            case .unknown: break
            }
        }
        return known > 0 ? agreeing / known : 0
    }

    /// The score rounded to two places, as stored and shown.
    public var roundedScore: Double { (score * 100).rounded() / 100 }

    /// Two different people for certain: both sides name a surname, or a given name, and they differ
    /// (often a mother and daughter sharing a phone). Such a pair is never merged automatically,
    /// whatever the score and the threshold.
    public var clearlyDifferentPeople: Bool { surname == .disagrees || givenName == .disagrees }

    /// The rule for every candidate pair, within a run and against customers already in the CRM
    /// database: at or above the pipeline's threshold (`resolve.auto_merge_at`) and not clearly
    /// two people, the pair merges; otherwise a person decides from the review queue.
    public func allowsAutoMerge(at threshold: Double) -> Bool {
        !clearlyDifferentPeople && score >= threshold
    }

    /// Why a pair that does not merge goes to review: names that clearly differ, or a score
    /// below the threshold.
    public var reviewReason: String { clearlyDifferentPeople ? "same_phone_different_name" : "low_match_score" }

    /// "0.87 agrees: phone, store; differs: birthday; unknown: surname, given_name, gender".
    public var explanation: String {
        var parts: [String] = []
        for (label, outcome) in [("agrees", Outcome.agrees), ("differs", .disagrees), ("unknown", .unknown)] {
            let fields = comparisons.filter { $0.outcome == outcome }.map(\.field.rawValue)
            if !fields.isEmpty { parts.append("\(label): \(fields.joined(separator: ", "))") }
        }
        let whole = Int((score * 100).rounded())
        let text = whole == 100 ? "1.00" : "0.\(whole < 10 ? "0" : "")\(whole)"
        return "\(text) \(parts.joined(separator: "; "))"
    }

    static func compare(_ a: UInt32, _ b: UInt32) -> Outcome {
        guard a != 0, b != 0 else { return .unknown }
        return a == b ? .agrees : .disagrees
    }
}

/// The fields of a customer that matching compares, as small hashes (0: no value), so the
/// identity index can keep one per phone without holding any text.
public struct MatchProfile: Sendable, Equatable {
    public var surname: UInt32
    public var givenName: UInt32
    /// Calendar, year, month and day packed (see `packBirthday`); 0 when unknown.
    public var birthday: UInt32
    /// 1 female, 2 male, 0 unknown.
    public var gender: UInt8
    public var store: UInt32

    public init(surname: UInt32 = 0, givenName: UInt32 = 0, birthday: UInt32 = 0, gender: UInt8 = 0, store: UInt32 = 0) {
        self.surname = surname
        self.givenName = givenName
        self.birthday = birthday
        self.gender = gender
        self.store = store
    }

    /// The profile of a candidate; names in Simplified script, as matching uses them.
    public init(_ candidate: CustomerCandidate) {
        self.init(
            surname: candidate.matchSurname ?? candidate.surname, givenName: candidate.matchGivenName ?? candidate.givenName,
            birthday: candidate.birthday, calendar: candidate.birthdayCalendar, gender: candidate.gender,
            storeCode: candidate.storeCode)
    }

    /// The profile of a customer as stored (a staged row or a CRM customer): the same columns
    /// the CRM schema keeps, `calendar` "lunar" or "gregorian", `gender` "female" or "male".
    public init(surname: String?, givenName: String?, birthday: String?, calendar: String?, gender: String?, storeCode: String?) {
        self.init(
            surname: Self.hash(surname), givenName: Self.hash(givenName),
            birthday: Self.packBirthday(birthday, lunar: calendar == "lunar"),
            gender: gender == "female" ? 1 : gender == "male" ? 2 : 0, store: Self.hash(storeCode))
    }

    /// Keeps known values and fills unknown ones from `other`: after a merge the survivor is
    /// described by everything its records said.
    public mutating func fill(from other: MatchProfile) {
        if surname == 0 { surname = other.surname }
        if givenName == 0 { givenName = other.givenName }
        if birthday == 0 { birthday = other.birthday }
        if gender == 0 { gender = other.gender }
        if store == 0 { store = other.store }
    }

    /// `YYYY-MM-DD` or `--MM-DD` as bits: lunar flag (bit 22), year (bits 9–21, 0 when absent),
    /// month (bits 5–8), day (bits 0–4). 0 when absent or not in either form.
    public static func packBirthday(_ text: String?, lunar: Bool) -> UInt32 {
        guard let text else { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count == 10 || bytes.count == 7 else { return 0 }
        func number(_ range: Range<Int>) -> UInt32? {
            var value: UInt32 = 0
            for i in range {
                let b = bytes[i]
                guard b >= 0x30, b <= 0x39 else { return nil }
                value = value * 10 + UInt32(b - 0x30)
            }
            return value
        }
        let yearLength = bytes.count - 6
        let year: UInt32 = bytes.count == 10 ? (number(0..<4) ?? 0) : 0
        guard let month = number(yearLength + 1..<yearLength + 3), let day = number(yearLength + 4..<yearLength + 6),
            (1...12).contains(month), (1...31).contains(day), year < 8192
        else { return 0 }
        return (lunar ? 1 << 22 : 0) | year << 9 | month << 5 | day
    }

    /// Birthdays in different calendars cannot be compared here; a birthday without a year agrees
    /// with any year on the same month and day.
    public static func compareBirthdays(_ a: UInt32, _ b: UInt32) -> MatchScore.Outcome {
        guard a != 0, b != 0, a >> 22 == b >> 22 else { return .unknown }
        if a & 0x1FF != b & 0x1FF { return .disagrees }
        let yearA = (a >> 9) & 0x1FFF, yearB = (b >> 9) & 0x1FFF
        return yearA != 0 && yearB != 0 && yearA != yearB ? .disagrees : .agrees
    }

    /// FNV-1a over UTF-8, 0 reserved for "no value".
    public static func hash(_ text: String?) -> UInt32 {
        guard let text, !text.isEmpty else { return 0 }
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash == 0 ? 1 : hash
    }
}
