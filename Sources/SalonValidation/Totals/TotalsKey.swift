/// A bucket of control totals: one store in one month (`2024-03`), or a whole year (`2024`).
public struct TotalsKey: Sendable, Hashable, Codable, Comparable {
    public var store: String
    /// `yyyy-MM` for a month, `yyyy` for a year; `unknown` when no date could be read.
    public var period: String

    public init(store: String, period: String) {
        self.store = store
        self.period = period
    }

    /// The year bucket this month belongs to.
    public var year: TotalsKey { TotalsKey(store: store, period: String(period.prefix(4))) }

    public static func < (a: TotalsKey, b: TotalsKey) -> Bool {
        (a.store, a.period) < (b.store, b.period)
    }
}

/// A count of records and the sum of their amounts, in fen.
public struct TotalsCell: Sendable, Hashable, Codable {
    public var count: Int
    public var sumFen: Int64

    public init(count: Int = 0, sumFen: Int64 = 0) {
        self.count = count
        self.sumFen = sumFen
    }

    public mutating func add(_ other: TotalsCell) {
        count += other.count
        sumFen &+= other.sumFen
    }
}
