import SalonCore

/// The pipeline's cutover rule for a dual run: "N consecutive clean days, at most K open exceptions".
public struct CutoverRule: Sendable, Equatable, Codable {
    public var cleanDays: Int
    public var maxOpenExceptions: Int

    public init(cleanDays: Int = 7, maxOpenExceptions: Int = 0) {
        self.cleanDays = cleanDays
        self.maxOpenExceptions = maxOpenExceptions
    }

    /// One business day's latest reconcile outcome, from the history kept in the database.
    public struct Day: Sendable, Equatable, Codable {
        public var day: String
        public var exceptions: Int
        public var clean: Bool

        public init(day: String, exceptions: Int, clean: Bool) {
            self.day = day
            self.exceptions = exceptions
            self.clean = clean
        }
    }

    public struct Decision: Sendable, Equatable, Codable {
        public var allowed: Bool
        /// Clean days in a row, counted back from the latest reconciled day.
        public var consecutiveCleanDays: Int
        /// Exceptions still open: those of the latest reconcile of each day in the counted streak
        /// and of the latest day.
        public var openExceptions: Int
        public var detail: String
    }

    /// Evaluates the rule over the history (any order; one entry per day, the latest run of it).
    /// A day missing from the calendar between two reconciled days breaks the streak, since nothing
    /// proves it was clean.
    public func evaluate(history: [Day]) -> Decision {
        let days = history.sorted { $0.day > $1.day }
        guard let latest = days.first else {
            return Decision(allowed: false, consecutiveCleanDays: 0, openExceptions: 0, detail: "no day has been reconciled yet")
        }
        var streak = 0
        var previous: String?
        for day in days {
            guard day.clean else { break }
            if let previous, !Self.isDayBefore(day.day, previous) { break }
            streak += 1
            previous = day.day
        }
        let open = latest.exceptions
        let allowed = streak >= cleanDays && open <= maxOpenExceptions
        let need = "needs \(cleanDays) clean day(s) in a row and at most \(maxOpenExceptions) open exception(s)"
        let detail = allowed
            ? "cutover allowed: \(streak) clean day(s) in a row up to \(latest.day), \(open) open exception(s); \(need)"
            : "cutover not yet allowed: \(streak) clean day(s) in a row up to \(latest.day), \(open) open exception(s); \(need)"
        return Decision(allowed: allowed, consecutiveCleanDays: streak, openExceptions: open, detail: detail)
    }

    /// Whether `earlier` is the calendar day right before `later` (both "YYYY-MM-DD").
    static func isDayBefore(_ earlier: String, _ later: String) -> Bool {
        guard let a = dayNumber(earlier), let b = dayNumber(later) else { return false }
        return b - a == 1
    }

    private static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return GregorianCalendarMath.days(year: year, month: month, day: day)
    }
}
