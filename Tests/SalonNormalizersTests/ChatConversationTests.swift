import Testing
@testable import SalonNormalizers

@Suite("Chat conversations: whom facts are about")
struct ChatConversationTests {
    static func at(_ minute: Int, hour: Int = 10) -> ChatTimestamp {
        ChatTimestamp(year: 2024, month: 3, day: 1, hour: hour, minute: minute)
    }

    static func phone(_ e164: String, name: String? = nil, corrects: Bool = false) -> ChatFact {
        .phone(ChatPhoneFact(e164: e164, original: e164, name: name, corrects: corrects, confidence: 0.9))
    }

    static let note = ChatFact.note(ChatNoteFact(text: "对染发剂过敏", cue: "过敏", confidence: 0.9))

    /// Runs the messages through a conversation; returns the closed subjects and each fact's subject (0: none).
    func makeOutcome(group: Bool, _ messages: [(String, Int, [ChatFact])], window: ChatConversation.Window = .standard)
        -> (subjects: [String: String], attached: [String: Int])
    {
        var conversation = ChatConversation(isGroup: group, window: window)
        var outputs: [ChatConversation.Output] = []
        for (number, message) in messages.enumerated() {
            outputs += conversation.add(message: number + 1, sentAt: Self.at(message.1), sender: message.0, facts: message.2)
        }
        outputs += conversation.finish()
        var subjects: [String: String] = [:]
        var attached: [String: Int] = [:]
        for output in outputs {
            switch output {
            case .subject(let subject): subjects["\(subject.id)"] = "\(subject.e164) \(subject.name ?? "-")"
            case .attachment(let a): attached["\(a.message).\(a.ordinal)"] = a.subject ?? 0
            }
        }
        return (subjects, attached)
    }

    @Test func aCorrectionReplacesTheNumberItCorrects() {
        let outcome = makeOutcome(group: true, [
            ("前台", 0, [Self.phone("+8613800138002", name: "王小红")]),
            ("前台", 1, [Self.phone("+8613900139002", corrects: true)]),
        ])
        #expect(outcome.subjects == ["1": "+8613900139002 王小红"])
        #expect(outcome.attached == ["1.1": 1, "2.1": 1])
    }

    @Test func aCorrectionNamingSomeoneCorrectsThatPersonsNumber() {
        let outcome = makeOutcome(group: true, [
            ("前台", 0, [Self.phone("+8613800138002", name: "王小红")]),
            ("郑女士", 5, [Self.phone("+8613900139004")]),
            ("前台", 6, [Self.phone("+8613900139005", name: "郑女士", corrects: true)]),
        ])
        #expect(outcome.subjects == ["1": "+8613800138002 王小红", "2": "+8613900139005 郑女士"])
    }

    @Test func groupChatsAttachBySenderAndNeverGuess() {
        let outcome = makeOutcome(group: true, [
            ("王姐", 0, [Self.phone("+8613800138001", name: "王姐")]),
            ("王姐", 1, [Self.note]),
            ("李小姐", 2, [Self.note]),
        ])
        #expect(outcome.attached == ["1.1": 1, "2.1": 1, "3.1": 0])
    }

    @Test func oneToOneChatsLetEarlierFactsWaitForTheNumberWithinTheWindow() {
        let outcome = makeOutcome(group: false, [
            ("王姐", 0, [Self.note]),
            ("我", 1, []),
            ("王姐", 6, [Self.phone("+8613800138011")]),
        ])
        #expect(outcome.subjects == ["1": "+8613800138011 王姐"])
        #expect(outcome.attached == ["1.1": 1, "3.1": 1])
        let late = makeOutcome(group: false, [
            ("王姐", 0, [Self.note]),
            ("王姐", 59, [Self.phone("+8613800138011")]),
        ], window: .init(messages: 20, seconds: 1800))
        #expect(late.attached == ["1.1": 0, "2.1": 1])
    }
}
