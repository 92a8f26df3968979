import SalonCore

/// A suspected keying error as staged and published (`review_corrections`): one field of one
/// customer, the text as keyed, the proposed correction and why. Never applied automatically.
public struct ReviewCorrection: Sendable {
    public var stagingID: Int64
    public var field: String
    public var column: String
    public var code: String
    /// Raw, as keyed: the CRM database holds full values; printed copies are masked.
    public var keyedText: String
    public var proposed: String?
    public var reason: String
    /// False when the value loaded as keyed and the item only asks for what is missing.
    public var fieldLeftEmpty: Bool
    public var paperCard: String?
    public var enteredBy: String?
    public var provenance: Provenance

    public init(
        stagingID: Int64, field: String, column: String, code: String, keyedText: String, proposed: String?, reason: String,
        fieldLeftEmpty: Bool, paperCard: String?, enteredBy: String?, provenance: Provenance
    ) {
        self.stagingID = stagingID
        self.field = field
        self.column = column
        self.code = code
        self.keyedText = keyedText
        self.proposed = proposed
        self.reason = reason
        self.fieldLeftEmpty = fieldLeftEmpty
        self.paperCard = paperCard
        self.enteredBy = enteredBy
        self.provenance = provenance
    }
}
