/// A customer as one source record describes it, after normalization and before identity
/// resolution. Plain values only, so every stage (staging, validation, loaders) can use it.
public struct CustomerCandidate: Sendable {
    public struct Phone: Sendable, Hashable {
        public var e164: String
        /// mobile | landline | toll_free
        public var kind: String
        public var original: String
        /// The E.164 digits as an integer: the dedupe index key.
        public var numericKey: UInt64

        public init(e164: String, kind: String, original: String, numericKey: UInt64) {
            self.e164 = e164
            self.kind = kind
            self.original = original
            self.numericKey = numericKey
        }
    }

    public struct Note: Sendable, Hashable {
        /// The source header the note came from.
        public var column: String
        /// Verbatim text.
        public var text: String

        public init(column: String, text: String) {
            self.column = column
            self.text = text
        }
    }

    public struct Card: Sendable, Hashable {
        public var cardNumber: String?
        public var balanceFen: Int64

        public init(cardNumber: String?, balanceFen: Int64) {
            self.cardNumber = cardNumber
            self.balanceFen = balanceFen
        }
    }

    /// A standard tag read from one of the record's notes.
    public struct Tag: Sendable, Hashable {
        public var code: String
        public var value: String?
        public var confidence: Double
        public var needsReview: Bool
        public var isSafety: Bool
        /// The note column it came from and the UTF-16 span of the note it was read from.
        public var column: String
        public var spanStart: Int
        public var spanEnd: Int
        public var matchedText: String

        public init(
            code: String, value: String?, confidence: Double, needsReview: Bool, isSafety: Bool,
            column: String, spanStart: Int, spanEnd: Int, matchedText: String
        ) {
            self.code = code
            self.value = value
            self.confidence = confidence
            self.needsReview = needsReview
            self.isSafety = isSafety
            self.column = column
            self.spanStart = spanStart
            self.spanEnd = spanEnd
            self.matchedText = matchedText
        }
    }

    public var provenance: Provenance
    public var storeCode: String
    /// The name without form of address, as used in the CRM.
    public var name: String?
    /// The name cell as written (trimmed).
    public var nameOriginal: String?
    public var surname: String?
    public var givenName: String?
    /// Surname and given name in Simplified script, for matching only (陳大文 and 陈大文 are one
    /// person); the name itself is stored as written.
    public var matchSurname: String?
    public var matchGivenName: String?
    public var formOfAddress: String?
    /// female | male
    public var gender: String?
    /// ISO date, or --MM-DD when the source gave no year.
    public var birthday: String?
    /// gregorian | lunar
    public var birthdayCalendar: String
    public var birthdayLeapMonth: Bool
    public var memberLevel: String?
    public var joinDate: String?
    public var phones: [Phone]
    public var notes: [Note]
    public var card: Card?
    public var tags: [Tag]
    /// Whether the record says the customer refuses marketing; nil when it says nothing.
    public var marketingOptOut: Bool?
    /// Whether the record says the customer consents to profiling (preference tags, segments);
    /// nil when it says nothing, which counts as no consent where a pipeline requires it.
    public var profilingConsent: Bool?

    public init(provenance: Provenance, storeCode: String) {
        self.provenance = provenance
        self.storeCode = storeCode
        self.birthdayCalendar = "gregorian"
        self.birthdayLeapMonth = false
        self.phones = []
        self.notes = []
        self.tags = []
    }

    /// Surname and given name as a key for "is this the same person" checks: empty parts are nil.
    public var nameParts: (surname: String?, given: String?) {
        (surname.flatMap { $0.isEmpty ? nil : $0 }, givenName.flatMap { $0.isEmpty ? nil : $0 })
    }
}
