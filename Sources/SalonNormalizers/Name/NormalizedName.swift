/// A customer name split into the parts the CRM and identity resolution use.
public struct NormalizedName: Sendable, Hashable {
    /// As written: trimmed, full-width ASCII folded, whitespace runs collapsed.
    public var display: String
    /// The name without honorific or form of address; spaces inside Han names removed.
    public var name: String
    public var surname: String?
    public var givenName: String?
    /// The honorific or form of address that was split off, e.g. 女士, 老师, 小 (in 小王).
    public var formOfAddress: String?
    /// The gender the honorific implies (女士 → female), nil when it implies none.
    public var genderHint: Gender?
    /// For matching: `name` lowercased with spaces removed.
    public var matchKey: String

    public init(
        display: String, name: String, surname: String? = nil, givenName: String? = nil,
        formOfAddress: String? = nil, genderHint: Gender? = nil, matchKey: String
    ) {
        self.display = display
        self.name = name
        self.surname = surname
        self.givenName = givenName
        self.formOfAddress = formOfAddress
        self.genderHint = genderHint
        self.matchKey = matchKey
    }
}
