import SalonCore

/// One receipt as one side of a dual run states it: the old system's export or the CRM database.
/// Sides are compared on these fields only, so both can come from any reader or query.
public struct ReconcileReceipt: Sendable, Hashable, Codable {
    public var store: String
    /// The receipt number where the system has one; matching by number needs both sides to have it.
    public var number: String?
    /// Local wall-clock time as ISO 8601 ("2024-03-05T10:05:12" with or without an offset).
    public var time: String
    /// Net amount in fen (refunds negative).
    public var amountFen: Int64
    /// Who paid, as both systems can name them: an E.164 phone or a member card number.
    public var customer: String?
    /// Where the receipt came from ("file line 12", "receipts #40"), for the exception list.
    public var location: String

    public init(store: String, number: String?, time: String, amountFen: Int64, customer: String?, location: String) {
        self.store = store
        self.number = number.flatMap { $0.isEmpty ? nil : $0 }
        self.time = time
        self.amountFen = amountFen
        self.customer = customer.flatMap { $0.isEmpty ? nil : $0 }
        self.location = location
    }

    /// The business day, "YYYY-MM-DD" (the time's first ten characters).
    public var day: String { String(time.prefix(10)) }

    /// Seconds since 1970-01-01 of the wall-clock time, ignoring any offset (both sides of one
    /// store share a zone); nil when the time cannot be read.
    public var wallClockSeconds: Int? {
        let bytes = Array(time.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let hour = number(11..<13) ?? 0
        let minute = number(14..<16) ?? 0
        let second = number(17..<19) ?? 0
        return GregorianCalendarMath.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }
}

/// A stored-value card balance as one side states it.
public struct ReconcileBalance: Sendable, Hashable, Codable {
    public var store: String
    /// The card number, or the customer's phone for systems that keep one balance per customer.
    public var card: String
    public var balanceFen: Int64
    public var location: String

    public init(store: String, card: String, balanceFen: Int64, location: String) {
        self.store = store
        self.card = card
        self.balanceFen = balanceFen
        self.location = location
    }
}

/// How far the two sides may differ and still agree.
public struct ReconcileTolerance: Sendable, Equatable, Codable {
    /// Largest amount difference (fen) that still counts as equal; exact by default.
    public var amountFen: Int64
    /// How far apart two receipts without a shared number may be rung up and still match.
    public var timeWindowMinutes: Int

    public init(amountFen: Int64 = 0, timeWindowMinutes: Int = 10) {
        self.amountFen = amountFen
        self.timeWindowMinutes = timeWindowMinutes
    }
}
