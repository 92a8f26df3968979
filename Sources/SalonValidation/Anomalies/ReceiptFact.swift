/// What the receipt detectors need of one staged receipt line.
public struct ReceiptFact: Sendable, Equatable {
    public var store: String
    public var receiptNumber: String
    /// Local time `2024-03-01 10:05:12`, or nil when the source had none.
    public var soldAt: String?
    public var amountFen: Int64
    public var item: String?
    /// `normal`, `refund` or `void`.
    public var status: String
    public var originalReceiptNumber: String?
    public var file: String
    public var line: Int

    public init(
        store: String, receiptNumber: String, soldAt: String?, amountFen: Int64, item: String? = nil, status: String = "normal",
        originalReceiptNumber: String? = nil, file: String, line: Int
    ) {
        self.store = store
        self.receiptNumber = receiptNumber
        self.soldAt = soldAt
        self.amountFen = amountFen
        self.item = item
        self.status = status
        self.originalReceiptNumber = originalReceiptNumber
        self.file = file
        self.line = line
    }

    var location: String { "\(file) line \(line)" }
    var date: String? { soldAt.map { String($0.prefix(10)) } }
    var month: String? { soldAt.map { String($0.prefix(7)) } }
    var year: String? { soldAt.map { String($0.prefix(4)) } }

    /// `file line 12: R201900412 2022-03-14 ¥68.00`.
    var described: String {
        "\(location): \(receiptNumber) \(soldAt ?? "(no date)") \(ControlTotalsComparison.yuan(amountFen))"
    }
}
