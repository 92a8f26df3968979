/// Source totals against staged totals per store and month and per store and year.
///
/// A bucket passes when `staged − source − explained` is zero records and at most the tolerance in
/// fen. The explained part is the sum of the records listed as evidence, so every difference a
/// person sees comes with the lines that make it up; what is left is unexplained and fails the gate.
public struct ControlTotalsComparison: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        public var store: String
        public var period: String
        public var source: TotalsCell
        public var staged: TotalsCell
        /// What the listed records account for (staged − source if everything is explained).
        public var explained: TotalsCell
        /// Explained change per reason (rejected, duplicate_line, other_source, normalized, year_corrected).
        public var explainedByReason: [String: TotalsCell]
        public var unexplained: TotalsCell
        public var passed: Bool
        public var evidence: [TotalsExplanations.Evidence]
    }

    /// What is compared: `receipt_amounts` or `card_balances`.
    public var measure: String
    public var toleranceFen: Int64
    public var months: [Row]
    public var years: [Row]

    public var passed: Bool { months.allSatisfy(\.passed) && years.allSatisfy(\.passed) }
    public var failures: [Row] { months.filter { !$0.passed } + years.filter { !$0.passed } }

    public static func compare(
        measure: String, source: ControlTotals, staged: ControlTotals, explanations: TotalsExplanations, toleranceFen: Int64 = 0,
        byYear: Bool = true
    ) -> ControlTotalsComparison {
        func rows(_ source: [TotalsKey: TotalsCell], _ staged: [TotalsKey: TotalsCell], _ effect: [TotalsKey: TotalsCell],
                  reasons: [TotalsKey: [String: TotalsCell]], evidence: (TotalsKey) -> [TotalsExplanations.Evidence]) -> [Row] {
            Set(source.keys).union(staged.keys).union(effect.keys).sorted().map { key in
                let s = source[key] ?? TotalsCell()
                let t = staged[key] ?? TotalsCell()
                let e = effect[key] ?? TotalsCell()
                let left = TotalsCell(count: t.count - s.count - e.count, sumFen: t.sumFen - s.sumFen - e.sumFen)
                return Row(
                    store: key.store, period: key.period, source: s, staged: t, explained: e, explainedByReason: reasons[key] ?? [:],
                    unexplained: left, passed: left.count == 0 && abs(left.sumFen) <= toleranceFen, evidence: evidence(key))
            }
        }
        let months = rows(source.cells, staged.cells, explanations.effect, reasons: explanations.byReason) { explanations.evidence[$0] ?? [] }
        var yearEffect: [TotalsKey: TotalsCell] = [:]
        var yearReasons: [TotalsKey: [String: TotalsCell]] = [:]
        for (key, cell) in explanations.effect { yearEffect[key.year, default: TotalsCell()].add(cell) }
        for (key, reasons) in explanations.byReason {
            for (reason, cell) in reasons { yearReasons[key.year, default: [:]][reason, default: TotalsCell()].add(cell) }
        }
        // Year rows carry no evidence of their own: their months list it.
        let years = !byYear ? [] : rows(source.byYear.cells, staged.byYear.cells, yearEffect, reasons: yearReasons) { _ in [] }
        return ControlTotalsComparison(measure: measure, toleranceFen: toleranceFen, months: months, years: years)
    }

    /// The gate check for this comparison, named `control_totals` by the caller.
    public var summary: String {
        let failed = failures
        let explainedBuckets = months.filter { $0.explained != TotalsCell() }.count
        if failed.isEmpty {
            return "\(measure): \(months.count) store-months and \(years.count) store-years agree within \(toleranceFen) fen"
                + (explainedBuckets > 0 ? " (\(explainedBuckets) with differences explained by listed records)" : "")
        }
        let first = failed.prefix(3).map {
            "\($0.store) \($0.period): \($0.unexplained.count) records and \(Self.yuan($0.unexplained.sumFen)) unexplained"
        }
        return "\(measure): \(failed.count) buckets differ without explanation — " + first.joined(separator: "; ")
    }

    /// 12345 fen → ¥123.45, for people.
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)¥\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
