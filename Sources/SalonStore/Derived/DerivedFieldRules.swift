/// The rules for fields derived after publish (`derive:` in a pipeline file): segments, member
/// levels where the source has none, and the next birthday. Defaults are the ones the CRM's
/// campaigns were designed around; every threshold can be overridden per pipeline.
public struct DerivedFieldRules: Sendable, Equatable {
    /// The date the rules look back from; nil = the latest transaction date in the database.
    public var asOf: String?
    /// nil = `segments: false` (no segments are stored or changed).
    public var segments: SegmentRules? = SegmentRules()
    /// Levels by lifetime spend; nil = `member_levels: false`.
    public var memberLevels: [MemberLevelThreshold]? = MemberLevelThreshold.defaults
    /// Store segments only for customers who consented to profiling
    /// (`normalize.consent.require_for_profiling`).
    public var requireProfilingConsent = false

    public init() {}

    /// Day windows count back from the as-of date: a visit `n` days before it is "within n days".
    public struct SegmentRules: Sendable, Equatable {
        /// seg.new: the first visit at most this many days before the as-of date.
        public var newDays = 30
        /// seg.dormant: the last visit more than this many days before the as-of date.
        public var dormantDays = 90
        /// seg.high_value: share (0...1) of spending customers, ranked by spend in the last 365 days.
        public var highValueTop = 0.2
        /// seg.high_value also needs this many visits in those 365 days.
        public var highValueMinVisits = 3
        /// seg.potential: this many visits within `potentialDays`, and not high value.
        public var potentialVisits = 2
        public var potentialDays = 90

        public init() {}
    }

    /// A level reached from `fromFen` of lifetime spend (net of refunds).
    public struct MemberLevelThreshold: Sendable, Equatable {
        public var level: String
        public var fromFen: Int64

        public init(level: String, fromFen: Int64) {
            self.level = level
            self.fromFen = fromFen
        }

        /// 普通 below 2,000 yuan, 银卡 from 2,000, 金卡 from 5,000, 钻石 from 10,000.
        public static let defaults: [MemberLevelThreshold] = [
            .init(level: "普通", fromFen: 0), .init(level: "银卡", fromFen: 200_000),
            .init(level: "金卡", fromFen: 500_000), .init(level: "钻石", fromFen: 1_000_000),
        ]
    }
}
