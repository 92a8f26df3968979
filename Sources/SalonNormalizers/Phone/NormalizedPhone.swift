/// One phone number recovered from a cell, in E.164 form.
public struct NormalizedPhone: Sendable, Hashable {
    /// `+8613800138000`.
    public var e164: String
    public var kind: PhoneKind
    public var region: PhoneRegion
    /// The part of the cell this number was read from, as written (for lineage and review).
    public var original: String
    /// The E.164 digits as an integer (8613800138000): identity resolution keys its dedupe
    /// dictionaries by this instead of hashing strings a million times.
    public var numericKey: UInt64

    public init(e164: String, kind: PhoneKind, region: PhoneRegion, original: String, numericKey: UInt64) {
        self.e164 = e164
        self.kind = kind
        self.region = region
        self.original = original
        self.numericKey = numericKey
    }
}
