import SalonCore

/// The within-run dedupe index: normalized phone → the staged customer that owns it.
///
/// This is the one structure that grows with the number of customers (not with input bytes): a
/// 16-byte entry per distinct phone. Names are kept as hashes, enough to tell "same person" from
/// "two people sharing a phone" (often a mother and daughter), which is never merged automatically.
public struct IdentityIndex: Sendable {
    struct Entry: Sendable {
        var stagingID: Int64
        var surnameHash: UInt32
        var givenHash: UInt32
    }

    /// What to do with a candidate.
    public enum Decision: Sendable, Equatable {
        /// A new customer. `reviewWith` names a staged customer it may be the same as.
        case new(customerKey: String, matchByPhone: Bool, reviewWith: Int64?)
        /// Fold into an existing staged customer.
        case merge(into: Int64, matchedOn: String)
    }

    private var byPhone: [UInt64: Entry] = [:]
    /// Customers split off a shared phone, by their key, so a third record of the same second
    /// person joins them instead of splitting again.
    private var splitCustomers: [String: Int64] = [:]
    /// Full name plus full birthday → staged customer: the block for records with no usable phone
    /// (paper cards), keyed by a 64-bit hash of the key text.
    private var byNameAndBirthday: [UInt64: Int64] = [:]

    public init() {}

    public var distinctPhones: Int { byPhone.count }

    /// Decides how a candidate joins the staged customers. Call `register` after staging a new one.
    public func decide(for candidate: CustomerCandidate) -> Decision {
        let (surname, given) = Self.hashes(candidate)
        for phone in candidate.phones where phone.kind != "toll_free" {
            guard let entry = byPhone[phone.numericKey] else { continue }
            if Self.compatible(entry.surnameHash, entry.givenHash, surname, given) {
                return .merge(into: entry.stagingID, matchedOn: "phone")
            }
            let nameKey = [candidate.matchSurname ?? candidate.surname, candidate.matchGivenName ?? candidate.givenName]
                .compactMap { $0 }.joined()
            let key = "tel:\(phone.e164)|\(nameKey)"
            if let split = splitCustomers[key] {
                return .merge(into: split, matchedOn: "phone+name")
            }
            return .new(customerKey: key, matchByPhone: false, reviewWith: entry.stagingID)
        }
        if let first = Self.identityPhone(of: candidate) {
            return .new(customerKey: "tel:\(first.e164)", matchByPhone: true, reviewWith: nil)
        }
        if let key = Self.nameAndBirthdayKey(of: candidate) {
            if let owner = byNameAndBirthday[Self.fnv1a64(key)] {
                return .merge(into: owner, matchedOn: "name+birthday")
            }
            return .new(customerKey: "nb:\(key)", matchByPhone: true, reviewWith: nil)
        }
        let p = candidate.provenance
        return .new(customerKey: "rec:\(p.sourceID):\(p.file):\(p.recordKey)", matchByPhone: true, reviewWith: nil)
    }

    /// Remembers a customer split off a shared phone under its key.
    public mutating func registerSplit(customerKey: String, stagingID: Int64) {
        splitCustomers[customerKey] = stagingID
    }

    /// Indexes the phones of a staged customer (new or merged); a phone already owned stays with
    /// its first owner.
    public mutating func register(_ candidate: CustomerCandidate, stagingID: Int64) {
        if let key = Self.nameAndBirthdayKey(of: candidate) {
            let hash = Self.fnv1a64(key)
            if byNameAndBirthday[hash] == nil { byNameAndBirthday[hash] = stagingID }
        }
        let (surname, given) = Self.hashes(candidate)
        for phone in candidate.phones where phone.kind != "toll_free" && byPhone[phone.numericKey] == nil {
            byPhone[phone.numericKey] = Entry(stagingID: stagingID, surnameHash: surname, givenHash: given)
        }
    }

    /// After a merge, a record that brings the survivor's first known name fills it in the index.
    public mutating func fillNames(from candidate: CustomerCandidate, stagingID: Int64) {
        let (surname, given) = Self.hashes(candidate)
        guard surname != 0 || given != 0 else { return }
        for phone in candidate.phones {
            guard var entry = byPhone[phone.numericKey], entry.stagingID == stagingID else { continue }
            if entry.surnameHash == 0 { entry.surnameHash = surname }
            if entry.givenHash == 0 { entry.givenHash = given }
            byPhone[phone.numericKey] = entry
        }
    }

    /// The phone that names a customer: its first mobile, else its first personal phone.
    static func identityPhone(of candidate: CustomerCandidate) -> CustomerCandidate.Phone? {
        candidate.phones.first { $0.kind == "mobile" } ?? candidate.phones.first { $0.kind != "toll_free" }
    }

    /// Same person unless both sides have a surname and they differ, or both have a given name and
    /// they differ ("王女士" and "王小红" are compatible; "王小红" and "王丽" are not).
    static func compatible(_ s1: UInt32, _ g1: UInt32, _ s2: UInt32, _ g2: UInt32) -> Bool {
        if s1 != 0 && s2 != 0 && s1 != s2 { return false }
        if g1 != 0 && g2 != 0 && g1 != g2 { return false }
        return true
    }

    static func hashes(_ candidate: CustomerCandidate) -> (UInt32, UInt32) {
        (fnv1a(candidate.matchSurname ?? candidate.surname), fnv1a(candidate.matchGivenName ?? candidate.givenName))
    }

    /// "王小红|1990-03-05" for a candidate with surname, given name and a birthday with a year
    /// (Simplified script, so Traditional spellings block together); nil otherwise.
    static func nameAndBirthdayKey(of candidate: CustomerCandidate) -> String? {
        guard let surname = candidate.matchSurname ?? candidate.surname, !surname.isEmpty,
            let given = candidate.matchGivenName ?? candidate.givenName, !given.isEmpty,
            let birthday = candidate.birthday, !birthday.hasPrefix("-")
        else { return nil }
        let calendar = candidate.birthdayCalendar == "lunar" ? "L" : ""
        return "\(surname)\(given)|\(calendar)\(birthday)"
    }

    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        return hash
    }

    /// FNV-1a over UTF-8, 0 reserved for "no value".
    static func fnv1a(_ text: String?) -> UInt32 {
        guard let text, !text.isEmpty else { return 0 }
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash == 0 ? 1 : hash
    }
}
