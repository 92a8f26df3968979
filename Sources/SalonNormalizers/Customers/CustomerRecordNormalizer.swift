import SalonCore

/// Turns one customer record into a `CustomerCandidate` plus field rejects.
///
/// A bad field never sinks the record: it is rejected on its own (reason, column, original text)
/// and the customer still loads. Only a record with nothing to identify a person (no usable name
/// and no usable phone) is rejected whole.
public struct CustomerRecordNormalizer: Sendable {
    public var storeCode: String
    public var phoneRegion: PhoneRegion
    /// Maps notes to the standard tag vocabulary; nil when the pipeline names none.
    public var tagMapper: TagMapper?
    /// Traditional → Simplified for name matching; nil leaves names as written for matching too.
    public var scriptConverter: ScriptConverter?
    /// Keying checks for hand-keyed sources (paper cards); nil for exported data.
    public var keyingScreen: KeyingScreen?

    public init(
        storeCode: String, phoneRegion: PhoneRegion, tagMapper: TagMapper? = nil,
        scriptConverter: ScriptConverter? = CustomerRecordNormalizer.sharedScriptConverter
    ) {
        self.storeCode = storeCode
        self.phoneRegion = phoneRegion
        self.tagMapper = tagMapper
        self.scriptConverter = scriptConverter
    }

    /// One converter for all normalizers (it serializes its ICU calls); nil when ICU lacks the transform.
    public static let sharedScriptConverter: ScriptConverter? = try? ScriptConverter.traditionalToSimplified()

    public struct Output: Sendable {
        /// nil when the record was rejected whole.
        public var candidate: CustomerCandidate?
        public var rejects: [Reject]
        /// Suspected keying errors for the review queue (hand-keyed sources only).
        public var keyingReviews: [KeyingReviewItem] = []
    }

    public func normalize(_ record: Record, binding: CustomerColumnBinding) -> Output {
        guard let keyingScreen else { return normalizeScreened(record, binding: binding) }
        let (screened, items) = keyingScreen.screen(record, binding: binding)
        var output = normalizeScreened(screened, binding: binding)
        let emptied = items.filter { !$0.finding.keepsValue }.map { $0.reject(provenance: record.provenance) }
        output.rejects.insert(contentsOf: emptied, at: 0)
        output.keyingReviews = items
        return output
    }

    private func normalizeScreened(_ record: Record, binding: CustomerColumnBinding) -> Output {
        var candidate = CustomerCandidate(provenance: record.provenance, storeCode: storeCode)
        var rejects: [Reject] = []
        let schema = record.schema

        func cell(_ field: CustomerField) -> (column: String, text: String)? {
            guard let index = binding.single[field], index < record.values.count else { return nil }
            let text = record.values[index]
            if Self.isBlank(text) { return nil }
            return (schema.columns[index], text)
        }
        func reject(_ issue: FieldIssue, column: String) {
            rejects.append(Reject(
                code: issue.code, message: issue.message, stage: .normalize, provenance: record.provenance,
                column: column, originalText: issue.text, wholeRecord: false))
        }

        if let (_, text) = cell(.store) {
            let code = Self.trimmedCell(TextNormalizer.foldWidth(text))
            if !code.isEmpty { candidate.storeCode = code }
        }

        var hasName = false
        if let (column, text) = cell(.name) {
            if let issue = NameNormalizer.validate(text) {
                reject(issue, column: column)
            } else {
                let name = NameNormalizer.normalize(text)
                candidate.name = name.name.isEmpty ? nil : name.name
                candidate.nameOriginal = name.display
                candidate.surname = name.surname
                candidate.givenName = name.givenName
                if name.surname == nil, name.givenName == nil, !name.name.isEmpty {
                    candidate.givenName = name.name
                }
                candidate.formOfAddress = name.formOfAddress
                candidate.gender = name.genderHint?.rawValue
                if let scriptConverter, !name.name.isEmpty {
                    let simplifiedText = scriptConverter.convert(name.name)
                    if simplifiedText != name.name {
                        // Split the Simplified form (the surname table is Simplified), and split
                        // the name as written at the same place when the two line up.
                        let simplified = NameNormalizer.normalize(simplifiedText)
                        candidate.matchSurname = simplified.surname
                        candidate.matchGivenName = simplified.givenName
                        let written = Array(name.name.unicodeScalars)
                        if candidate.surname == nil, let surname = simplified.surname,
                            written.count == simplifiedText.unicodeScalars.count, surname.unicodeScalars.count < written.count
                        {
                            let cut = surname.unicodeScalars.count
                            candidate.surname = String(String.UnicodeScalarView(written[..<cut]))
                            candidate.givenName = String(String.UnicodeScalarView(written[cut...]))
                        }
                    }
                }
                hasName = candidate.name != nil || candidate.formOfAddress != nil
            }
        }

        if let (column, text) = cell(.phone) {
            let parsed = PhoneNormalizer.parse(text, defaultRegion: phoneRegion)
            candidate.phones = parsed.phones.map {
                CustomerCandidate.Phone(e164: $0.e164, kind: $0.kind.rawValue, original: $0.original, numericKey: $0.numericKey)
            }
            for issue in parsed.issues { reject(issue, column: column) }
        }

        if let (column, text) = cell(.gender) {
            if let gender = GenderNormalizer.parse(text) {
                candidate.gender = gender.rawValue
            } else if let issue = GenderNormalizer.validate(text) {
                reject(issue, column: column)
            }
        }
        if let (column, text) = cell(.birthday) {
            switch DateNormalizer.parse(text) {
            case .success(let date?):
                candidate.birthday = date.calendar == .lunar ? String(date.iso.dropFirst()) : date.iso
                candidate.birthdayCalendar = date.calendar.rawValue
                candidate.birthdayLeapMonth = date.isLeapMonth
            case .success(nil): break
            case .failure(let issue): reject(issue, column: column)
            }
        }
        if let (column, text) = cell(.joinDate) {
            switch DateNormalizer.parse(text) {
            case .success(let date?) where date.calendar == .gregorian && date.year != nil:
                candidate.joinDate = date.iso
            case .success(nil): break
            case .success(.some):
                reject(FieldIssue(code: "date.incomplete", message: "a join date needs a full Gregorian date", text: text), column: column)
            case .failure(let issue): reject(issue, column: column)
            }
        }
        if let (_, text) = cell(.memberLevel) {
            candidate.memberLevel = MemberLevelNormalizer.normalize(text)
        }
        var cardNumber: String?
        if let (_, text) = cell(.cardNumber) {
            let folded = Self.trimmedCell(TextNormalizer.foldWidth(text))
            cardNumber = folded.isEmpty ? nil : folded
        }
        if let (column, text) = cell(.balance) {
            switch MoneyNormalizer.parseFen(text) {
            case .success(let fen?): candidate.card = .init(cardNumber: cardNumber, balanceFen: fen)
            case .success(nil): break
            case .failure(let issue): reject(issue, column: column)
            }
        } else if let cardNumber {
            candidate.card = .init(cardNumber: cardNumber, balanceFen: 0)
        }
        for (field, keyPath) in [(CustomerField.marketingOptOut, \CustomerCandidate.marketingOptOut), (.profilingConsent, \.profilingConsent)] {
            guard let (column, text) = cell(field) else { continue }
            switch ConsentNormalizer.parse(text) {
            case .success(let value): candidate[keyPath: keyPath] = value
            case .failure(let issue): reject(issue, column: column)
            }
        }
        for (column, index) in binding.notes where index < record.values.count {
            let text = record.values[index]
            guard !Self.isBlank(text) else { continue }
            candidate.notes.append(.init(column: column, text: text))
            if let tagMapper {
                for match in tagMapper.map(text) {
                    candidate.tags.append(.init(
                        code: match.code, value: match.value, confidence: match.confidence, needsReview: match.needsReview,
                        isSafety: match.isSafety, column: column, spanStart: match.noteSpan.lowerBound,
                        spanEnd: match.noteSpan.upperBound, matchedText: match.matchedText))
                }
            }
        }

        let hasPhone = candidate.phones.contains { $0.kind != "toll_free" }
        guard hasName || hasPhone else {
            let reasons = rejects.map(\.code.rawValue)
            let detail = reasons.isEmpty ? "" : " (field problems: \(reasons.joined(separator: ", ")))"
            let whole = Reject(
                code: "customer.no_identity",
                message: "the record has neither a usable name nor a usable phone\(detail)",
                stage: .normalize, provenance: record.provenance, originalText: record.originalText)
            return Output(candidate: nil, rejects: rejects + [whole])
        }
        return Output(candidate: candidate, rejects: rejects)
    }

    /// Trims ASCII and ideographic spaces, tabs and line breaks.
    static func trimmedCell(_ text: String) -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\r" || $0 == "\n" }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// Empty, whitespace, or the placeholders people type into empty cells.
    static func isBlank(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            var start = 0
            var end = bytes.count
            // Trim ASCII whitespace and the ideographic space (E3 80 80).
            while start < end {
                if bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0D || bytes[start] == 0x0A {
                    start += 1
                } else if end - start >= 3, bytes[start] == 0xE3, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 {
                    start += 3
                } else {
                    break
                }
            }
            while end > start {
                if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A {
                    end -= 1
                } else if end - start >= 3, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 {
                    end -= 3
                } else {
                    break
                }
            }
            let length = end - start
            if length == 0 { return true }
            if length > 4 { return false }
            let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
            return placeholderCells.contains { $0.elementsEqual(trimmed) }
        }
    }

    private static let placeholderCells: [[UInt8]] = ["-", "--", "—", "/", "无", "N/A", "n/a", "NULL", "null", "#N/A"].map { Array($0.utf8) }

}
