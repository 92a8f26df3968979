/// An appointment asked for or confirmed in a message.
public struct ChatBookingFact: Sendable, Hashable {
    /// The service as written (剪发, 烫发, 美甲 …); nil when only a time and a stylist were given.
    public var service: String?
    /// The stylist asked for (`Tony` from 找Tony, `Amy` from Amy老师, `小李` from 指定小李).
    public var stylist: String?
    /// The appointment resolved against the message's own time; nil when no clock time was given.
    public var time: ChatTimestamp?
    /// The time expression as written (`周六下午三点`), for review.
    public var timeText: String?
    public var confidence: Double

    public init(service: String?, stylist: String?, time: ChatTimestamp?, timeText: String?, confidence: Double) {
        self.service = service
        self.stylist = stylist
        self.time = time
        self.timeText = timeText
        self.confidence = confidence
    }
}
