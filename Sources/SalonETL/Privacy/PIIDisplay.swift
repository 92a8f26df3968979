import SalonCore
import SalonNormalizers

/// The one switch between masked and unmasked personal data in what a run writes for people:
/// reports (JSON and HTML), reject files, review lists. Everything that shows a phone, an ID
/// number or record text goes through it, so `--show-pii` cannot miss a place and a normal run
/// cannot leak one.
public struct PIIDisplay: Sendable, Equatable {
    /// True only for a run started with `--show-pii` (and audited as such).
    public let showsPII: Bool

    public static let masked = PIIDisplay(showsPII: false)
    public static let unmasked = PIIDisplay(showsPII: true)

    public init(showsPII: Bool) { self.showsPII = showsPII }

    /// Free text (notes, messages, review details): digit runs masked like 138****8000.
    public func text(_ text: String) -> String { showsPII ? text : PIIMask.text(text) }

    /// Text as staff keyed it, where letters may stand for digits (138OO138000).
    public func keyed(_ text: String) -> String { showsPII ? text : KeyedTextMask.text(text) }

    /// A keying review value of a given field (phones masked as phones).
    public func keyed(_ text: String, of item: KeyingReviewItem) -> String { showsPII ? text : item.masked(text) }
}
