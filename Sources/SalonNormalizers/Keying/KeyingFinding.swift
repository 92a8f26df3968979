/// A suspected keying error in one cell of a hand-keyed record (a paper card typed in by staff).
///
/// A finding is never applied: the cell is left empty (or, for `keepsValue`, loaded exactly as
/// keyed) and the proposal goes to the review queue for someone holding the paper card to decide.
public struct KeyingFinding: Sendable, Hashable {
    public static let phoneSuspected: ReasonCode = "phone.suspected_keying_error"
    public static let phoneDigitMissing: ReasonCode = "phone.digit_missing"
    public static let phoneDigitExtra: ReasonCode = "phone.digit_extra"
    public static let datePartial: ReasonCode = "date.partial"
    public static let dateYearMissing: ReasonCode = "date.year_missing"
    public static let dateSwappedDayMonth: ReasonCode = "date.swapped_day_month"
    public static let cardSuspected: ReasonCode = "card.suspected_keying_error"

    public var code: ReasonCode
    /// Why the cell looks mis-keyed, for people; personal numbers in it are masked.
    public var why: String
    /// What the cell probably should say; nil when no single correction follows from the text.
    public var proposal: String?
    /// True when the cell is usable as keyed (a birthday without a year) and loads unchanged; the
    /// review item only asks for what is missing.
    public var keepsValue: Bool

    public init(code: ReasonCode, why: String, proposal: String?, keepsValue: Bool = false) {
        self.code = code
        self.why = why
        self.proposal = proposal
        self.keepsValue = keepsValue
    }
}
