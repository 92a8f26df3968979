extension ReceiptAnomalies {
    /// Line amounts far from what the item usually costs at the store: further than
    /// `outlierDeviations` robust deviations (1.4826 × MAD) from the median. Where most lines cost
    /// the same (MAD 0), a tenth of the median stands in for the deviation, so ¥68 haircuts do
    /// not make a ¥70 one unusual but a ¥6,800 one is.
    static func amountOutliers(_ facts: [ReceiptFact], settings: AnomalySettings) -> [AnomalyFinding] {
        struct ItemKey: Hashable, Comparable {
            var store: String
            var item: String
            static func < (a: ItemKey, b: ItemKey) -> Bool { (a.store, a.item) < (b.store, b.item) }
        }
        var byItem: [ItemKey: [ReceiptFact]] = [:]
        for fact in facts where fact.status == "normal" && fact.amountFen > 0 {
            guard let item = fact.item, !item.isEmpty else { continue }
            byItem[ItemKey(store: fact.store, item: item), default: []].append(fact)
        }
        var findings: [AnomalyFinding] = []
        for key in byItem.keys.sorted() {
            let lines = byItem[key]!
            guard lines.count >= settings.outlierMinimumLines else { continue }
            let median = Self.median(lines.map(\.amountFen))
            let mad = Self.median(lines.map { abs($0.amountFen - median) })
            let scale = max(1.4826 * Double(mad), Double(median) / 10, 1)
            let limit = settings.outlierDeviations * scale
            let unusual = lines.filter { abs(Double($0.amountFen - median)) > limit }
            guard !unusual.isEmpty else { continue }
            findings.append(AnomalyFinding(
                kind: .amountOutlier, store: key.store,
                message: "\(unusual.count) lines of \(key.item) are far from its usual amount (median \(ControlTotalsComparison.yuan(median)) over \(lines.count) lines)",
                evidence: evidence(unusual)))
        }
        return findings
    }

    /// Month-over-month jumps in a store's total: a month at least `jumpFactor` times the one
    /// before, or at most its `1/jumpFactor`, when either month is large enough to mean something.
    static func monthJumps(_ facts: [ReceiptFact], settings: AnomalySettings) -> [AnomalyFinding] {
        var totals: [String: [String: Int64]] = [:]
        for fact in facts where fact.status != "void" {
            guard let month = fact.month else { continue }
            totals[fact.store, default: [:]][month, default: 0] += fact.amountFen
        }
        var findings: [AnomalyFinding] = []
        for store in totals.keys.sorted() {
            let months = totals[store]!.sorted { $0.key < $1.key }
            for (previous, current) in zip(months, months.dropFirst()) where Self.isNextMonth(previous.key, current.key) {
                let a = Double(previous.value), b = Double(current.value)
                guard max(previous.value, current.value) >= settings.jumpMinimumFen, a > 0, b > 0 else { continue }
                guard b >= a * settings.jumpFactor || b * settings.jumpFactor <= a else { continue }
                findings.append(AnomalyFinding(
                    kind: .monthJump, store: store,
                    message: "\(store) took \(ControlTotalsComparison.yuan(current.value)) in \(current.key) after \(ControlTotalsComparison.yuan(previous.value)) in \(previous.key)",
                    evidence: ["\(previous.key): \(ControlTotalsComparison.yuan(previous.value))", "\(current.key): \(ControlTotalsComparison.yuan(current.value))"]))
            }
        }
        return findings
    }

    static func median(_ values: [Int64]) -> Int64 {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// `2024-12` → `2025-01`.
    static func isNextMonth(_ a: String, _ b: String) -> Bool {
        guard let y1 = Int(a.prefix(4)), let m1 = Int(a.suffix(2)), let y2 = Int(b.prefix(4)), let m2 = Int(b.suffix(2)) else { return false }
        return y1 * 12 + m1 + 1 == y2 * 12 + m2
    }
}
