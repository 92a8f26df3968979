/// What the chat sources of a run yielded while staging, for the report.
struct ChatRunStats {
    var messagesRead = 0
    var messagesRejected = 0
    /// phone, correction, booking, note.
    var factsByKind: [String: Int] = [:]
    /// Bookings and notes no phone in the conversation claimed: kept on the message only.
    var factsUnattached = 0
    var bookingsWithoutTime = 0
    /// Phone subjects whose number a customer source of this run already holds.
    var subjectsKnownInRun = 0
    var subjects = 0
    /// The next subject id: ids are unique across the run's conversations.
    var nextSubjectID = 1

    var isEmpty: Bool { messagesRead == 0 && messagesRejected == 0 }
}
