/// Counts and sums per store and month, accumulated one record at a time.
///
/// The source side is filled in the read loop from the cells as the reader yields them, parsed by
/// `SimpleAmount` and `SimpleMonth`; the staged side from staging. Comparing two independently
/// computed sides is the point: a total computed from staging alone cannot catch staging losing rows.
public struct ControlTotals: Sendable, Equatable {
    public private(set) var cells: [TotalsKey: TotalsCell] = [:]

    public init() {}

    public mutating func add(store: String, month: String?, amountFen: Int64, count: Int = 1) {
        cells[TotalsKey(store: store, period: month ?? "unknown"), default: TotalsCell()].add(TotalsCell(count: count, sumFen: amountFen))
    }

    public mutating func add(_ key: TotalsKey, _ cell: TotalsCell) {
        cells[key, default: TotalsCell()].add(cell)
    }

    /// The same totals per store and year.
    public var byYear: ControlTotals {
        var years = ControlTotals()
        for (key, cell) in cells { years.add(key.year, cell) }
        return years
    }
}
