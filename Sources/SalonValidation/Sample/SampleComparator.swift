/// Compares a sampled record, read again and parsed by `SimpleFieldParser`, with what would be
/// published, field by field: name as written, phones, gender, birthday, card and balance, notes.
///
/// Customer fields (name, gender, birthday) are shared by every record folded into one customer,
/// and a later record's non-empty value wins. So when they differ and a later record of the same
/// customer exists, the field is "not checked" (counted), never passed; a blank source cell whose
/// value another record supplied is consistent. A record's own rows (phones, notes, card) are
/// compared exactly.
public enum SampleComparator {
    public static func compare(_ record: SampleRecord) -> SampleRecordResult {
        guard let source = record.source else {
            let missing = SampleFieldResult(
                field: "record", status: .mismatch, source: "(no record at \(record.key.recordKey))",
                staged: "staged from \(record.key.file) \(record.key.recordKey)",
                note: "the source file has no record at the location its provenance records")
            return SampleRecordResult(record: record, fields: [missing])
        }
        let staged = record.staged
        var fields: [SampleFieldResult] = []
        if let name = source.cells[.name] { fields.append(compareName(name, staged)) }
        if let phone = source.cells[.phone] { fields.append(comparePhones(phone, staged)) }
        fields.append(compareGender(source, staged))
        if let birthday = source.cells[.birthday] {
            fields.append(compareBirthday(birthday, staged, lunar: source.calendar.map { $0.contains("农") || $0.contains("阴") } ?? false))
        }
        if source.cells[.balance] != nil || source.cells[.cardNumber] != nil { fields.append(compareCard(source, staged)) }
        if !source.notes.isEmpty || !staged.notes.isEmpty { fields.append(compareNotes(source, staged)) }
        return SampleRecordResult(record: record, fields: fields)
    }

    static func show(_ text: String?) -> String { text.map(PIIMask.text) ?? "" }

    /// A matching field carries no texts (see `SampleFieldResult.source`).
    static func matched(_ field: String, note: String? = nil) -> SampleFieldResult {
        SampleFieldResult(field: field, status: .match, source: "", staged: "", note: note)
    }

    /// A customer field whose staged value differs from this record's: a mismatch unless another
    /// record of the customer may have supplied the staged value.
    private static func customerField(
        _ field: String, source: String, expected: String?, staged: String?, values: SampleRecord.StagedValues
    ) -> SampleFieldResult {
        if expected == staged { return matched(field) }
        if expected == nil, values.otherContributors { return matched(field, note: "value from another record of the customer") }
        if values.laterContributor {
            return .init(field: field, status: .notChecked, source: show(source), staged: show(staged), note: "a later record of the same customer supplies it")
        }
        return .init(field: field, status: .mismatch, source: show(source), staged: show(staged))
    }

    static func compareName(_ cell: (column: String, text: String), _ staged: SampleRecord.StagedValues) -> SampleFieldResult {
        if SimpleFieldParser.isBlank(cell.text) {
            return customerField("name", source: cell.text, expected: nil, staged: staged.nameOriginal, values: staged)
        }
        if staged.rejectedColumns.contains(cell.column), staged.nameOriginal == nil || staged.otherContributors {
            return .init(field: "name", status: .notChecked, source: show(cell.text), staged: show(staged.nameOriginal), note: "rejected by the name check")
        }
        return customerField("name", source: cell.text, expected: SimpleFieldParser.name(cell.text), staged: staged.nameOriginal, values: staged)
    }

    static func comparePhones(_ cell: (column: String, text: String), _ staged: SampleRecord.StagedValues) -> SampleFieldResult {
        let parts = SimpleFieldParser.phones(SimpleFieldParser.isBlank(cell.text) ? "" : cell.text)
        var problems: [String] = []
        var undecided = false
        let stagedDigits = staged.phones.map(nationalDigits)
        for part in parts {
            switch part {
            case .mobile(let digits):
                // The simple path takes any 1[3-9] number for a mobile; the normalizer knows the
                // segments and rejects the rest with a reason, which is not a difference.
                if !stagedDigits.contains(digits) {
                    if staged.rejectedColumns.contains(cell.column) {
                        undecided = true
                    } else {
                        problems.append("\(PIIMask.phone(digits)) is not staged")
                    }
                }
            case .other(let digits):
                if !stagedDigits.contains(where: { !$0.isEmpty && digits.hasSuffix($0) }) {
                    if !staged.rejectedColumns.contains(cell.column) {
                        problems.append("\(PIIMask.phone(digits)) neither staged nor rejected")
                    } else {
                        undecided = true
                    }
                }
            case .undecided:
                undecided = true
            }
        }
        for (phone, digits) in zip(staged.phones, stagedDigits) {
            let covered = parts.contains { part in
                switch part {
                case .mobile(let source): return source == digits
                case .other(let source): return !digits.isEmpty && source.hasSuffix(digits)
                case .undecided: return false
                }
            }
            if !covered, !undecided { problems.append("\(PIIMask.phone(phone)) is not in the source") }
        }
        if problems.isEmpty && !undecided { return matched("phone") }
        let source = PIIMask.text(cell.text)
        let shown = staged.phones.map(PIIMask.phone).joined(separator: " / ")
        if !problems.isEmpty {
            return .init(field: "phone", status: .mismatch, source: source, staged: shown, note: problems.joined(separator: "; "))
        }
        return .init(field: "phone", status: .notChecked, source: source, staged: shown, note: "a part the simple path cannot read")
    }

    /// The digits after the country code of an E.164 number.
    static func nationalDigits(_ e164: String) -> String {
        let digits = String(e164.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        for code in ["86", "852", "853", "886"] where e164.hasPrefix("+" + code) {
            return String(digits.dropFirst(code.count))
        }
        return digits
    }

    static func compareGender(_ source: SampleRecord.SourceCells, _ staged: SampleRecord.StagedValues) -> SampleFieldResult {
        let text = source.text(.gender) ?? ""
        let hint = source.text(.name).flatMap(SimpleFieldParser.genderHint(ofName:))
        switch SimpleFieldParser.gender(text) {
        case .value(let gender):
            return customerField("gender", source: text, expected: gender, staged: staged.gender, values: staged)
        case .blank:
            return customerField("gender", source: text, expected: hint, staged: staged.gender, values: staged)
        case .invalid, .undecided:
            if staged.gender == hint, let column = source.cells[.gender]?.column, staged.rejectedColumns.contains(column) {
                return matched("gender", note: "rejected by the gender check")
            }
            return .init(field: "gender", status: .notChecked, source: show(text), staged: show(staged.gender), note: "gender text the simple path cannot read")
        }
    }

    /// - Parameter lunar: the record's calendar cell says the birthday is a lunar date.
    static func compareBirthday(
        _ cell: (column: String, text: String), _ staged: SampleRecord.StagedValues, lunar: Bool = false
    ) -> SampleFieldResult {
        let rejected = staged.rejectedColumns.contains(cell.column)
        let stagedText = staged.birthday.map { staged.birthdayCalendar == "gregorian" ? $0 : "\(staged.birthdayCalendar) \($0)" }
        switch SimpleFieldParser.date(cell.text) {
        case .blank:
            return customerField("birthday", source: cell.text, expected: nil, staged: stagedText, values: staged)
        case .value(let date):
            let iso = lunar ? "lunar \(date)" : date
            if rejected {
                return .init(field: "birthday", status: .mismatch, source: show(cell.text), staged: "rejected", note: "the simple path reads \(iso)")
            }
            return customerField("birthday", source: cell.text, expected: iso, staged: stagedText, values: staged)
        case .invalid:
            if rejected { return matched("birthday", note: "rejected as invalid both ways") }
            return .init(field: "birthday", status: .mismatch, source: show(cell.text), staged: show(stagedText), note: "not a valid date, yet not rejected")
        case .undecided(let why):
            return .init(field: "birthday", status: .notChecked, source: show(cell.text), staged: rejected ? "rejected" : show(stagedText), note: "simple path: \(why)")
        }
    }

    static func compareCard(_ source: SampleRecord.SourceCells, _ staged: SampleRecord.StagedValues) -> SampleFieldResult {
        // A card number the keying check rejected is left empty; the balance still loads.
        let numberRejected = source.cells[.cardNumber].map { staged.rejectedColumns.contains($0.column) } ?? false
        let numberText = source.text(.cardNumber).flatMap {
            SimpleFieldParser.isBlank($0) || numberRejected ? nil : SimpleFieldParser.cardNumber($0)
        }
        let balanceText = source.text(.balance) ?? ""
        func result(_ status: SampleFieldResult.Status, _ note: String? = nil) -> SampleFieldResult {
            if status == .match { return matched("card") }
            let sourceShown = [numberText.map { "card \($0)" }, balanceText.isEmpty ? nil : "balance \(balanceText)"]
                .compactMap { $0 }.joined(separator: ", ")
            let stagedShown = staged.card.map { card in
                [card.number.map { "card \($0)" }, "balance \(Self.yuan(card.balanceFen))"].compactMap { $0 }.joined(separator: ", ")
            } ?? ""
            return .init(field: "card", status: status, source: show(sourceShown), staged: show(stagedShown), note: note)
        }
        let expectedFen: Int64?
        switch SimpleFieldParser.money(balanceText) {
        case .value(let fen): expectedFen = fen
        case .blank: expectedFen = numberText == nil ? nil : 0
        case .invalid, .undecided(_):
            let rejected = source.cells[.balance].map { staged.rejectedColumns.contains($0.column) } ?? false
            return result(.notChecked, rejected ? "rejected by the money check" : "an amount the simple path cannot read")
        }
        guard let expectedFen else {
            return staged.card == nil ? result(.match) : result(.mismatch, "a card is staged but the source has none")
        }
        guard let card = staged.card else {
            if staged.otherCards.contains(where: { $0 == numberText }) {
                return result(.notChecked, "the card's balance was taken from a later record")
            }
            return result(.mismatch, "the source has a card that is not staged")
        }
        if card.number != numberText || card.balanceFen != expectedFen {
            return result(.mismatch, "the simple path reads \(Self.yuan(expectedFen))")
        }
        return numberRejected ? matched("card", note: "card number rejected by the keying check") : result(.match)
    }

    static func compareNotes(_ source: SampleRecord.SourceCells, _ staged: SampleRecord.StagedValues) -> SampleFieldResult {
        let expected = source.notes.filter { !SimpleFieldParser.isBlank($0.text) }
        let same = expected.count == staged.notes.count
            && zip(expected, staged.notes).allSatisfy { $0.column == $1.column && $0.text == $1.text }
        if same { return matched("notes") }
        let show: ([(column: String, text: String)]) -> String = { notes in
            PIIMask.text(notes.map(\.text).joined(separator: " | "))
        }
        return .init(field: "notes", status: .mismatch, source: show(expected), staged: show(staged.notes), note: "notes must be kept verbatim")
    }

    /// Fen as yuan with two decimals: 128050 → 1280.50.
    static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
