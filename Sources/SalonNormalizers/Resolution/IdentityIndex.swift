import SalonCore

/// The within-run dedupe index: normalized phone → the staged customer that owns it.
///
/// This is the one structure that grows with the number of customers (not with input bytes): a
/// 32-byte entry per distinct phone, holding the owner's `MatchProfile` (hashes, no text). Each
/// candidate found through a block (shared phone, or full name plus birthday for records without a
/// usable phone) is scored with `MatchScore`: at or above `autoMergeAt` it merges, below it becomes
/// a new customer plus a review item. Clearly different names on one phone (often a mother and
/// daughter) are never merged automatically, whatever the threshold.
public struct IdentityIndex: Sendable {
    /// 24 bytes, so that a bucket of the phone and name blocks takes 32 with its key: the index
    /// holds an entry per customer, millions in a large run. Staging ids are row ids, counted
    /// from 1, far below 2^32.
    struct Entry: Sendable {
        private var storedID: UInt32
        var profile: MatchProfile

        init(stagingID: Int64, profile: MatchProfile) {
            guard let stored = UInt32(exactly: stagingID) else {
                preconditionFailure("staging id \(stagingID) is beyond the identity index's range (4,294,967,295 customers)")
            }
            storedID = stored
            self.profile = profile
        }

        var stagingID: Int64 { Int64(storedID) }
    }

    /// What to do with a candidate.
    public enum Decision: Sendable, Equatable {
        /// A new customer. `reviewWith` names a staged customer it may be the same as.
        case new(customerKey: String, matchByPhone: Bool, reviewWith: Int64?)
        /// Fold into an existing staged customer.
        case merge(into: Int64, matchedOn: String)
    }

    /// A decision with the score that led to it (nil when no block found a candidate pair).
    public struct Resolution: Sendable, Equatable {
        public var decision: Decision
        public var score: MatchScore?

        /// Why a pair goes to review: names that clearly differ, or a score below the threshold.
        public var reviewReason: String { score?.reviewReason ?? "same_phone_different_name" }
    }

    /// Pairs scoring at or above this merge automatically (`resolve.auto_merge_at`).
    public let autoMergeAt: Double
    private var byPhone: [UInt64: Entry] = [:]
    /// Customers split off a shared phone, by their key, so a third record of the same second
    /// person joins them instead of splitting again.
    private var splitCustomers: [String: Entry] = [:]
    /// Full name plus full birthday → staged customer: the block for records with no usable phone
    /// (paper cards), keyed by a 64-bit hash of the key text.
    private var byNameAndBirthday: [UInt64: Entry] = [:]
    /// Records a person kept apart (a `separate` review decision or an unmerge), by
    /// `recordIdentity`, with the customer key they stand as. Usually empty.
    private var keptApart: [String: String] = [:]

    public init(autoMergeAt: Double = MatchScore.defaultAutoMergeAt, keptApart: [String: String] = [:]) {
        self.autoMergeAt = autoMergeAt
        self.keptApart = keptApart
    }

    public var distinctPhones: Int { byPhone.count }

    /// The text that names a source record in `keptApart`.
    public static func recordIdentity(sourceID: String, file: String, recordKey: String) -> String {
        "\(sourceID)\u{1F}\(file)\u{1F}\(recordKey)"
    }

    /// Decides how a candidate joins the staged customers. Call `register` after staging a new one.
    public func decide(for candidate: CustomerCandidate) -> Decision {
        resolve(candidate).decision
    }

    /// Decides how a candidate joins the staged customers, with the score of the pair it was
    /// compared with.
    public func resolve(_ candidate: CustomerCandidate) -> Resolution {
        if !keptApart.isEmpty {
            let p = candidate.provenance
            if let key = keptApart[Self.recordIdentity(sourceID: p.sourceID, file: p.file, recordKey: p.recordKey)] {
                return Resolution(decision: .new(customerKey: key, matchByPhone: false, reviewWith: nil), score: nil)
            }
        }
        let profile = MatchProfile(candidate)
        for phone in candidate.phones where phone.kind != "toll_free" {
            guard let entry = byPhone[phone.numericKey] else { continue }
            let score = MatchScore(phone: .agrees, entry.profile, profile)
            if score.allowsAutoMerge(at: autoMergeAt) {
                return Resolution(decision: .merge(into: entry.stagingID, matchedOn: "phone"), score: score)
            }
            let nameKey = [candidate.matchSurname ?? candidate.surname, candidate.matchGivenName ?? candidate.givenName]
                .compactMap { $0 }.joined()
            // Split off by a low score rather than by name: the birthday tells the two apart.
            let key = "tel:\(phone.e164)|\(nameKey)" + (score.clearlyDifferentPeople ? "" : "|\(candidate.birthday ?? "")")
            if let split = splitCustomers[key] {
                return Resolution(
                    decision: .merge(into: split.stagingID, matchedOn: "phone+name"),
                    score: MatchScore(phone: .agrees, split.profile, profile))
            }
            return Resolution(decision: .new(customerKey: key, matchByPhone: false, reviewWith: entry.stagingID), score: score)
        }
        if let first = Self.identityPhone(of: candidate) {
            return Resolution(decision: .new(customerKey: "tel:\(first.e164)", matchByPhone: true, reviewWith: nil), score: nil)
        }
        let p = candidate.provenance
        let recordKey = "rec:\(p.sourceID):\(p.file):\(p.recordKey)"
        if let key = Self.nameAndBirthdayKey(of: candidate) {
            if let owner = byNameAndBirthday[Self.fnv1a64(key)] {
                let score = MatchScore(phone: .unknown, owner.profile, profile)
                if score.allowsAutoMerge(at: autoMergeAt) {
                    return Resolution(decision: .merge(into: owner.stagingID, matchedOn: "name+birthday"), score: score)
                }
                return Resolution(decision: .new(customerKey: recordKey, matchByPhone: false, reviewWith: owner.stagingID), score: score)
            }
            return Resolution(decision: .new(customerKey: "nb:\(key)", matchByPhone: true, reviewWith: nil), score: nil)
        }
        return Resolution(decision: .new(customerKey: recordKey, matchByPhone: true, reviewWith: nil), score: nil)
    }

    /// Remembers a customer split off a shared phone under its key.
    public mutating func registerSplit(customerKey: String, stagingID: Int64, candidate: CustomerCandidate? = nil) {
        splitCustomers[customerKey] = Entry(stagingID: stagingID, profile: candidate.map(MatchProfile.init) ?? MatchProfile())
    }

    /// Indexes the phones of a staged customer (new or merged); a phone already owned stays with
    /// its first owner. A record a person kept apart is not indexed: no other record may merge
    /// into it, whatever order the sources come in.
    public mutating func register(_ candidate: CustomerCandidate, stagingID: Int64) {
        if !keptApart.isEmpty {
            let p = candidate.provenance
            if keptApart[Self.recordIdentity(sourceID: p.sourceID, file: p.file, recordKey: p.recordKey)] != nil { return }
        }
        let profile = MatchProfile(candidate)
        if let key = Self.nameAndBirthdayKey(of: candidate) {
            let hash = Self.fnv1a64(key)
            if byNameAndBirthday[hash] == nil { byNameAndBirthday[hash] = Entry(stagingID: stagingID, profile: profile) }
        }
        for phone in candidate.phones where phone.kind != "toll_free" && byPhone[phone.numericKey] == nil {
            byPhone[phone.numericKey] = Entry(stagingID: stagingID, profile: profile)
        }
    }

    /// After a merge, a record that brings values the survivor's index entries lack (a name, a
    /// birthday, a gender) fills them in.
    public mutating func fillNames(from candidate: CustomerCandidate, stagingID: Int64) {
        let profile = MatchProfile(candidate)
        for phone in candidate.phones {
            guard var entry = byPhone[phone.numericKey], entry.stagingID == stagingID else { continue }
            entry.profile.fill(from: profile)
            byPhone[phone.numericKey] = entry
        }
    }

    /// The phone that names a customer: its first mobile, else its first personal phone.
    static func identityPhone(of candidate: CustomerCandidate) -> CustomerCandidate.Phone? {
        candidate.phones.first { $0.kind == "mobile" } ?? candidate.phones.first { $0.kind != "toll_free" }
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
}
