/// One fact read from a chat message. Each carries a confidence in 0...1 so the caller can send
/// weak ones to review instead of loading them.
public enum ChatFact: Sendable, Hashable {
    case phone(ChatPhoneFact)
    case booking(ChatBookingFact)
    case note(ChatNoteFact)

    public var confidence: Double {
        switch self {
        case .phone(let fact): fact.confidence
        case .booking(let fact): fact.confidence
        case .note(let fact): fact.confidence
        }
    }
}
