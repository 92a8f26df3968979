/// One sampled record: where it is, what the source says (read again), and what would be published.
public struct SampleRecord: Sendable {
    public var key: SampleKey
    /// 1-based line (text files) or row (workbooks), as provenance records it.
    public var line: Int
    /// The customer the record belongs to after resolution (`customer_key`).
    public var customerKey: String
    /// The record was folded into a customer staged from an earlier record.
    public var merged: Bool
    /// Cells read again from the source; nil when no record was found at the location.
    public var source: SourceCells?
    public var staged: StagedValues

    public init(key: SampleKey, line: Int, customerKey: String, merged: Bool, source: SourceCells?, staged: StagedValues) {
        self.key = key
        self.line = line
        self.customerKey = customerKey
        self.merged = merged
        self.source = source
        self.staged = staged
    }

    /// The raw cells of the mapped columns; a field whose column the file lacks is absent.
    public struct SourceCells: Sendable {
        public var cells: [CustomerField: (column: String, text: String)]
        /// Every mapped note column, in the pipeline's order.
        public var notes: [(column: String, text: String)]
        /// The birthday's calendar cell (paper-intake 生日历法: 公历 or 农历), when the file has one.
        public var calendar: String?

        public init(cells: [CustomerField: (column: String, text: String)], notes: [(column: String, text: String)]) {
            self.cells = cells
            self.notes = notes
        }

        public func text(_ field: CustomerField) -> String? { cells[field]?.text }
    }

    /// What publishing would write for this record and its customer.
    public struct StagedValues: Sendable {
        /// Customer fields: shared by every record folded into the customer.
        public var nameOriginal: String?
        public var gender: String?
        public var birthday: String?
        public var birthdayCalendar: String = "gregorian"
        /// This record's own rows.
        public var phones: [String] = []
        public var notes: [(column: String, text: String)] = []
        public var card: (number: String?, balanceFen: Int64)?
        /// Columns of this record the normalizers rejected (field rejects).
        public var rejectedColumns: Set<String> = []
        /// Another record of the same customer was staged after this one (its values may win).
        public var laterContributor = false
        /// The customer has records besides this one.
        public var otherContributors = false
        /// Card numbers the customer holds through other records.
        public var otherCards: [String?] = []

        public init() {}
    }
}
