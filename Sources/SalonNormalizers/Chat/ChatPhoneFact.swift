/// A phone number written in a message, with the name or form of address written before it.
public struct ChatPhoneFact: Sendable, Hashable {
    /// The number in E.164, e.g. `+8613800138000`.
    public var e164: String
    /// The span as written (`138 0013 8000`); raw personal data, mask it before printing.
    public var original: String
    /// The nearest name-like token before the number in the same message (`王姐`, `李小姐`,
    /// `王小红` after `客户：`); nil when there is none.
    public var name: String?
    /// The message says an earlier number was wrong (号码打错了, 更正…). The caller replaces the
    /// previous phone fact of the same sender within its window of messages with this one.
    public var corrects: Bool
    public var confidence: Double

    public init(e164: String, original: String, name: String?, corrects: Bool, confidence: Double) {
        self.e164 = e164
        self.original = original
        self.name = name
        self.corrects = corrects
        self.confidence = confidence
    }
}
