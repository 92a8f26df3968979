extension ReceiptAnomalies {
    /// The same receipt number staged from two files with different lines (an export that changed
    /// a receipt, or two tills sharing a number range), or in two separate places of one file.
    /// Overlapping exports that repeat a receipt exactly are merged by staging and are not findings.
    static func duplicateReceipts(_ facts: [ReceiptFact]) -> [AnomalyFinding] {
        struct Seen {
            var first: ReceiptFact
            var lastFile: String
            var lastLine: Int
            var places: [ReceiptFact]
        }
        var seen: [ReceiptKey: Seen] = [:]
        var order: [ReceiptKey] = []
        for fact in facts {
            let key = ReceiptKey(store: fact.store, number: fact.receiptNumber)
            guard var entry = seen[key] else {
                seen[key] = Seen(first: fact, lastFile: fact.file, lastLine: fact.line, places: [fact])
                order.append(key)
                continue
            }
            // Lines of one receipt come together; a gap of other lines means a second copy.
            if entry.lastFile != fact.file || fact.line > entry.lastLine + 1 { entry.places.append(fact) }
            entry.lastFile = fact.file
            entry.lastLine = fact.line
            seen[key] = entry
        }
        var findings: [AnomalyFinding] = []
        for key in order {
            let entry = seen[key]!
            guard entry.places.count > 1 else { continue }
            let files = Set(entry.places.map(\.file))
            findings.append(AnomalyFinding(
                kind: .duplicateReceipt, store: key.store,
                message: files.count > 1
                    ? "receipt \(key.number) appears in \(files.count) files with different lines"
                    : "receipt \(key.number) appears \(entry.places.count) times in \(entry.first.file)",
                evidence: evidence(entry.places)))
        }
        return findings
    }

    /// Refunds whose original receipt is not among the staged receipts of the store (or that name
    /// no original at all).
    static func refundsWithoutOriginal(_ facts: [ReceiptFact], heads: [ReceiptFact]? = nil) -> [AnomalyFinding] {
        let known = Set(facts.map { ReceiptKey(store: $0.store, number: $0.receiptNumber) })
        var orphans: [String: [ReceiptFact]] = [:]
        for fact in heads ?? receipts(facts) where fact.status == "refund" {
            let original = fact.originalReceiptNumber ?? ""
            if original.isEmpty || !known.contains(ReceiptKey(store: fact.store, number: original)) {
                orphans[fact.store, default: []].append(fact)
            }
        }
        return orphans.keys.sorted().map { store in
            let list = orphans[store]!
            return AnomalyFinding(
                kind: .refundWithoutOriginal, store: store,
                message: "\(list.count) refunds name no original receipt, or one this run does not hold",
                evidence: list.prefix(30).map { "\($0.described) refunds \($0.originalReceiptNumber ?? "(none)")" })
        }
    }
}
