/// Records that account for a difference between source and staged totals: each says which bucket
/// it moves, by how much, and why (rejected, merged duplicate_line / other_source, normalized,
/// year_corrected). Sums are kept for every record; evidence only for the first few per bucket, so
/// a run with a million merged lines stays small.
public struct TotalsExplanations: Sendable {
    public struct Evidence: Sendable, Codable, Equatable {
        public var reason: String
        public var location: String
        public var countDelta: Int
        public var fenDelta: Int64
        public var detail: String

        public init(reason: String, location: String, countDelta: Int, fenDelta: Int64, detail: String) {
            self.reason = reason
            self.location = location
            self.countDelta = countDelta
            self.fenDelta = fenDelta
            self.detail = detail
        }
    }

    public private(set) var effect: [TotalsKey: TotalsCell] = [:]
    public private(set) var byReason: [TotalsKey: [String: TotalsCell]] = [:]
    public private(set) var evidence: [TotalsKey: [Evidence]] = [:]
    public var evidencePerBucket: Int

    public init(evidencePerBucket: Int = 20) { self.evidencePerBucket = evidencePerBucket }

    /// Records that `key` changes by `countDelta` records and `fenDelta` fen from source to staged.
    public mutating func add(_ key: TotalsKey, reason: String, countDelta: Int, fenDelta: Int64, location: String, detail: String = "") {
        let cell = TotalsCell(count: countDelta, sumFen: fenDelta)
        effect[key, default: TotalsCell()].add(cell)
        byReason[key, default: [:]][reason, default: TotalsCell()].add(cell)
        if evidence[key, default: []].count < evidencePerBucket {
            evidence[key, default: []].append(Evidence(reason: reason, location: location, countDelta: countDelta, fenDelta: fenDelta, detail: detail))
        }
    }

    /// A record that left `from` and arrived, possibly changed, in `to` (nil: it never arrived).
    public mutating func move(
        from: TotalsKey, sourceFen: Int64, to: TotalsKey?, stagedFen: Int64, reason: String, location: String, detail: String = ""
    ) {
        guard let to else {
            add(from, reason: reason, countDelta: -1, fenDelta: -sourceFen, location: location, detail: detail)
            return
        }
        if to == from {
            add(from, reason: reason, countDelta: 0, fenDelta: stagedFen - sourceFen, location: location, detail: detail)
        } else {
            add(from, reason: reason, countDelta: -1, fenDelta: -sourceFen, location: location, detail: detail)
            add(to, reason: reason, countDelta: 1, fenDelta: stagedFen, location: location, detail: detail)
        }
    }
}
