extension ReceiptAnomalies {
    /// Receipts dated after the run's as-of date, or before their store opened (`stores:` in the
    /// pipeline). One finding per store and kind, listing the receipts.
    static func dateBounds(_ facts: [ReceiptFact], heads: [ReceiptFact]? = nil, settings: AnomalySettings) -> [AnomalyFinding] {
        var future: [String: [ReceiptFact]] = [:]
        var early: [String: [ReceiptFact]] = [:]
        for fact in heads ?? receipts(facts) {
            guard let date = fact.date else { continue }
            if date > settings.asOf { future[fact.store, default: []].append(fact) }
            if let opened = settings.storeOpened[fact.store], date < opened { early[fact.store, default: []].append(fact) }
        }
        var findings: [AnomalyFinding] = []
        for store in future.keys.sorted() {
            let list = future[store]!
            findings.append(AnomalyFinding(
                kind: .futureDate, store: store,
                message: "\(list.count) receipts are dated after \(settings.asOf), the run's as-of date", evidence: evidence(list)))
        }
        for store in early.keys.sorted() {
            let list = early[store]!
            findings.append(AnomalyFinding(
                kind: .beforeOpening, store: store,
                message: "\(list.count) receipts are dated before the store opened on \(settings.storeOpened[store]!)",
                evidence: evidence(list)))
        }
        return findings
    }
}

/// Customer detectors: ages that cannot be right.
public enum CustomerAnomalies {
    /// A staged birthday, with where it came from.
    public struct Birthday: Sendable, Equatable {
        public var store: String
        /// `yyyy-MM-dd`, or `MM-dd` without a year (not judged).
        public var date: String
        /// Lunar birthdays are judged by their year only.
        public var isLunar: Bool
        public var location: String

        public init(store: String, date: String, isLunar: Bool = false, location: String) {
            self.store = store
            self.date = date
            self.isLunar = isLunar
            self.location = location
        }
    }

    /// Birthdays that make a customer younger than `youngestAge` or older than `oldestAge` on the
    /// as-of date: a child's card is possible at three, a 1900 birthday is a placeholder.
    public static func birthdays(_ birthdays: [Birthday], settings: AnomalySettings) -> [AnomalyFinding] {
        guard !settings.disabled.contains(.birthdayAge), let asOfYear = Int(settings.asOf.prefix(4)) else { return [] }
        let asOfMonthDay = settings.asOf.dropFirst(4)
        var young: [String: [String]] = [:]
        var old: [String: [String]] = [:]
        for birthday in birthdays {
            guard birthday.date.utf8.count >= 10, let year = Int(birthday.date.prefix(4)) else { continue }
            var age = asOfYear - year
            if !birthday.isLunar, birthday.date.dropFirst(4) > asOfMonthDay { age -= 1 }
            let line = "\(birthday.location): born \(birthday.date)\(birthday.isLunar ? " (lunar)" : ""), age \(age)"
            if age < settings.youngestAge { young[birthday.store, default: []].append(line) }
            if age > settings.oldestAge { old[birthday.store, default: []].append(line) }
        }
        var findings: [AnomalyFinding] = []
        for (groups, what) in [(young, "under \(settings.youngestAge)"), (old, "over \(settings.oldestAge)")] {
            for store in groups.keys.sorted() {
                let lines = groups[store]!
                findings.append(AnomalyFinding(
                    kind: .birthdayAge, severity: settings.severity(of: .birthdayAge), store: store,
                    message: "\(lines.count) customers have a birthday that makes them \(what) on \(settings.asOf)",
                    evidence: Array(lines.prefix(30)) + (lines.count > 30 ? ["… and \(lines.count - 30) more"] : [])))
            }
        }
        return findings
    }
}
