/// Screens a hand-keyed record (a paper card typed in by staff) for keying slips before it is
/// normalized.
///
/// Nothing is ever corrected: a suspect cell is emptied, so the customer loads without that value,
/// and a review item carries the text as keyed, the proposed correction and the reason. Cells that
/// are usable as keyed (a birthday without a year) load unchanged and are only flagged.
public struct KeyingScreen: Sendable {
    /// Headers of the column saying which calendar the birthday is in (公历/农历).
    public var calendarColumns: [String]
    /// Headers of the paper card's own number.
    public var paperCardColumns: [String]
    /// Headers of the column naming who keyed the card.
    public var enteredByColumns: [String]
    public var phoneRegion: PhoneRegion

    public init(calendarColumns: [String], paperCardColumns: [String], enteredByColumns: [String], phoneRegion: PhoneRegion = .cn) {
        self.calendarColumns = calendarColumns
        self.paperCardColumns = paperCardColumns
        self.enteredByColumns = enteredByColumns
        self.phoneRegion = phoneRegion
    }

    /// The record to normalize (suspect cells emptied, a lunar calendar mark applied to the
    /// birthday) and the review items.
    public func screen(_ record: Record, binding: CustomerColumnBinding) -> (record: Record, items: [KeyingReviewItem]) {
        var record = record
        let paperCard = firstValue(of: paperCardColumns, in: record)
        let enteredBy = firstValue(of: enteredByColumns, in: record)
        var items: [KeyingReviewItem] = []

        func inspect(_ field: CustomerField, _ check: (String) -> KeyingFinding?) {
            guard let index = binding.single[field], index < record.values.count else { return }
            let text = record.values[index]
            guard !CustomerRecordNormalizer.isBlank(text), let finding = check(text) else { return }
            items.append(KeyingReviewItem(
                field: field, column: record.schema.columns[index], keyedText: text, finding: finding,
                paperCard: paperCard, enteredBy: enteredBy))
            if !finding.keepsValue { record.values[index] = "" }
        }

        if let index = binding.single[.birthday], index < record.values.count, isLunar(record),
            !Self.lunarMarkers.contains(where: { record.values[index].contains($0) })
        {
            // The calendar column says 农历: the birthday cell is a lunar date as written.
            let text = record.values[index]
            if !CustomerRecordNormalizer.isBlank(text) { record.values[index] = "农历 " + text }
        }
        inspect(.phone) { PhoneKeyingCheck.check($0, region: phoneRegion) }
        inspect(.birthday) { text in
            Self.lunarMarkers.contains(where: { text.contains($0) }) ? nil : DateKeyingCheck.check(text, isBirthday: true)
        }
        inspect(.joinDate) { DateKeyingCheck.check($0, isBirthday: false) }
        inspect(.cardNumber) { CardNumberKeyingCheck.check($0) }
        return (record, items)
    }

    static let lunarMarkers = ["农历", "阴历", "旧历"]

    private func isLunar(_ record: Record) -> Bool {
        guard let value = firstValue(of: calendarColumns, in: record) else { return false }
        return Self.lunarMarkers.contains(where: { value.contains($0) }) || value == "阴" || value == "农"
    }

    private func firstValue(of columns: [String], in record: Record) -> String? {
        for column in columns {
            if let value = record[column] {
                let trimmed = CustomerRecordNormalizer.trimmedCell(value)
                return trimmed.isEmpty ? nil : trimmed
            }
        }
        return nil
    }
}
