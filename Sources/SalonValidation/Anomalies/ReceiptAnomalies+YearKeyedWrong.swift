extension ReceiptAnomalies {
    /// Receipt numbers are handed out in order, so a block of receipts whose year disagrees with the
    /// receipts numbered just before and after it was keyed with the wrong year (2019 typed as 2022
    /// on a till whose clock was set by hand). The proposed year is the neighbours'; it is proposed
    /// only when the corrected dates fall between the neighbours' dates. A block at either end of
    /// the sequence has one neighbour and is flagged only when its numbers embed that year
    /// (R2019…), which a keying slip in the date does not change.
    static func yearKeyedWrong(_ facts: [ReceiptFact], heads: [ReceiptFact]? = nil, settings: AnomalySettings) -> [AnomalyFinding] {
        var series: [SeriesKey: [(number: SequenceNumber, fact: ReceiptFact)]] = [:]
        for fact in heads ?? receipts(facts) where fact.year != nil {
            guard let number = SequenceNumber(fact.receiptNumber) else { continue }
            series[SeriesKey(store: fact.store, prefix: number.prefix), default: []].append((number, fact))
        }
        var findings: [AnomalyFinding] = []
        for key in series.keys.sorted(by: { ($0.store, $0.prefix) < ($1.store, $1.prefix) }) {
            let ordered = series[key]!.sorted { $0.number < $1.number }.map(\.fact)
            let runs = yearRuns(ordered)
            for (index, run) in runs.enumerated() where run.count <= settings.maxYearBlock {
                let before = index > 0 ? runs[index - 1] : nil
                let after = index + 1 < runs.count ? runs[index + 1] : nil
                let block = ordered[run]
                let year = block.first!.year!
                let proposed: String
                if let before, let after {
                    let y1 = ordered[before.last!].year!, y2 = ordered[after.first!].year!
                    guard y1 == y2, run.count < before.count + after.count else { continue }
                    proposed = y1
                } else if let neighbour = before ?? after {
                    let y = ordered[neighbour.first!].year!
                    guard run.count < neighbour.count, block.allSatisfy({ SequenceNumber($0.receiptNumber)?.embeddedYear == y }) else { continue }
                    proposed = y
                } else {
                    continue
                }
                let low = before.map { ordered[$0.last!].date! }
                let high = after.map { ordered[$0.first!].date! }
                let fits = block.allSatisfy { fact in
                    let corrected = proposed + fact.date!.dropFirst(4)
                    return (low.map { $0 <= corrected } ?? true) && (high.map { corrected <= $0 } ?? true)
                }
                var evidence: [String] = []
                if let low = before.map({ ordered[$0.last!] }) { evidence.append("before the block: \(low.described)") }
                evidence += Self.evidence(block)
                if let high = after.map({ ordered[$0.first!] }) { evidence.append("after the block: \(high.described)") }
                let first = block.first!.receiptNumber, last = block.last!.receiptNumber
                findings.append(AnomalyFinding(
                    kind: .yearKeyedWrong, store: key.store,
                    message: fits
                        ? "\(block.count) receipts \(first)…\(last) are dated \(year) but their numbers run among receipts of \(proposed): proposed year \(proposed)"
                        : "\(block.count) receipts \(first)…\(last) are dated \(year) but their numbers run among receipts of \(proposed); the dates do not fit \(proposed) either, so no correction is proposed",
                    evidence: evidence,
                    proposedCorrection: fits
                        ? YearCorrection(store: key.store, receiptNumbers: block.map(\.receiptNumber), fromYear: year, toYear: proposed) : nil))
            }
        }
        return findings
    }

    /// Index ranges of consecutive receipts with the same year.
    private static func yearRuns(_ ordered: [ReceiptFact]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for index in 1...max(ordered.count, 1) where index == ordered.count || ordered[index].year != ordered[start].year {
            if index > start { runs.append(start..<index) }
            start = index
        }
        return runs
    }

    private struct SeriesKey: Hashable {
        var store: String
        var prefix: String
    }
}

/// A receipt number as a series prefix and a number within it (R2019000412 → R, 2019000412),
/// ordered by value without overflowing on long numbers.
struct SequenceNumber: Comparable {
    var prefix: String
    var digits: Substring

    init?(_ text: String) {
        guard let start = text.firstIndex(where: \.isASCIIDigit) else { return nil }
        let tail = text[start...]
        guard tail.allSatisfy(\.isASCIIDigit) else { return nil }
        prefix = String(text[..<start])
        digits = tail.drop { $0 == "0" }
    }

    /// The year a number starts with (R2019… → 2019), when it plausibly starts with one.
    var embeddedYear: String? {
        guard digits.count >= 8 else { return nil }
        let year = digits.prefix(4)
        return year >= "1990" && year <= "2099" ? String(year) : nil
    }

    static func < (a: SequenceNumber, b: SequenceNumber) -> Bool {
        (a.digits.count, a.digits) < (b.digits.count, b.digits)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
