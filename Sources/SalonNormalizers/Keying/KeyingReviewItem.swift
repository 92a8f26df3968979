/// A suspected keying error bound to its record: what goes to the review queue.
public struct KeyingReviewItem: Sendable, Hashable {
    public var field: CustomerField
    /// The source header of the cell.
    public var column: String
    /// The cell as keyed (raw; mask before printing).
    public var keyedText: String
    public var finding: KeyingFinding
    /// The paper card's own number (纸卡编号), so a reviewer can pull the card.
    public var paperCard: String?
    /// Who keyed the card (录入人).
    public var enteredBy: String?

    public init(field: CustomerField, column: String, keyedText: String, finding: KeyingFinding, paperCard: String?, enteredBy: String?) {
        self.field = field
        self.column = column
        self.keyedText = keyedText
        self.finding = finding
        self.paperCard = paperCard
        self.enteredBy = enteredBy
    }

    /// Masks a value of this item's field for anything printed: phones fully, other text by its digit runs.
    public func masked(_ text: String) -> String {
        field == .phone ? KeyedTextMask.text(PIIMask.phone(text)) : KeyedTextMask.text(text)
    }

    /// The field reject that says why the cell was left empty, with the proposal masked.
    public func reject(provenance: Provenance) -> Reject {
        var message = "suspected keying error: \(finding.why)"
        if let proposal = finding.proposal { message += "; proposed \(masked(proposal))" }
        message += "; left empty for review"
        if let paperCard { message += " (纸卡 \(KeyedTextMask.text(paperCard)))" }
        return Reject(
            code: finding.code, message: message, stage: .normalize, provenance: provenance,
            column: column, originalText: keyedText, wholeRecord: false)
    }
}
