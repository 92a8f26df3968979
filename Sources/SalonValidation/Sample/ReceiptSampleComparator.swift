/// Compares a sampled receipt line, read again and parsed by the simple path, with the line that
/// would be published: store and receipt number, the date and time, the amount in fen (signed:
/// refunds are negative), and what links the line to a customer (card number, phone or the
/// visible digits of a masked phone).
///
/// A line that added nothing (an overlapping export repeated it, or an earlier source holds the
/// receipt) is compared by its store and receipt number only: the receipt must be staged.
public enum ReceiptSampleComparator {
    /// The line's mapped cells as read again; nil: the column is not mapped or the file lacks it.
    public struct SourceLine: Sendable {
        /// The source's store, used when the line has no store cell.
        public var sourceStore: String
        public var receiptNumber: String?
        public var time: String?
        public var store: String?
        public var cardNumber: String?
        public var phone: String?
        public var amount: String?
        public var quantity: String?
        public var unitPrice: String?
        public var status: String?
        /// WeChat Pay bills: a refund row carries its own number (商户退款单号) and amount (退款金额).
        public var refundNumber: String?
        public var refundAmount: String?

        public init(sourceStore: String) { self.sourceStore = sourceStore }
    }

    /// What publishing would write for the line.
    public struct StagedLine: Sendable {
        public var store: String
        public var receiptNumber: String
        public var soldAt: String?
        /// The time as read, when the pipeline corrected the year of this line.
        public var soldAtBeforeCorrection: String?
        public var amountFen: Int64
        public var cardNumber: String?
        public var phoneE164: String?
        public var maskedPrefix: String?
        public var maskedSuffix: String?
        /// The line's phone was rejected with a reason (a field reject, `phone.*`), so nothing
        /// is staged for it: the simple path cannot tell a valid mobile segment, so it does not judge.
        public var phoneRejected = false

        public init(store: String, receiptNumber: String, amountFen: Int64) {
            self.store = store
            self.receiptNumber = receiptNumber
            self.amountFen = amountFen
        }
    }

    /// The staged side of a sampled line: its own row, or the merge row that says which receipt
    /// it added nothing to, and whether that receipt is staged.
    public enum Staged: Sendable {
        case line(StagedLine)
        case merged(store: String, receiptNumber: String, reason: String, receiptStaged: Bool)
    }

    public static func compare(_ source: SourceLine?, _ staged: Staged) -> [SampleFieldResult] {
        guard let source else {
            return [SampleFieldResult(
                field: "record", status: .mismatch, source: "(no line)", staged: "staged",
                note: "the source file has no line at the location its provenance records")]
        }
        let number = expectedNumber(source)
        let store = clean(source.store).flatMap { $0.isEmpty ? nil : $0 } ?? source.sourceStore
        switch staged {
        case .merged(let mergedStore, let mergedNumber, let reason, let receiptStaged):
            let shown = SampleComparator.show("\(store) \(number ?? "")")
            if store != mergedStore || number != mergedNumber {
                return [SampleFieldResult(
                    field: "receipt", status: .mismatch, source: shown, staged: SampleComparator.show("\(mergedStore) \(mergedNumber)"),
                    note: "merged as \(reason)")]
            }
            if receiptStaged { return [SampleComparator.matched("receipt", note: reason)] }
            return [SampleFieldResult(
                field: "receipt", status: .mismatch, source: shown, staged: "(none)",
                note: "merged as \(reason), but no staged receipt has this number")]
        case .line(let line):
            var fields: [SampleFieldResult] = []
            if number == line.receiptNumber && store == line.store {
                fields.append(SampleComparator.matched("receipt"))
            } else {
                fields.append(SampleFieldResult(
                    field: "receipt", status: .mismatch, source: SampleComparator.show("\(store) \(number ?? "")"),
                    staged: SampleComparator.show("\(line.store) \(line.receiptNumber)")))
            }
            if let time = source.time { fields.append(compareTime(time, line)) }
            fields.append(compareAmount(source, line))
            if let card = clean(source.cardNumber) { fields.append(compareCard(card, line)) }
            if let phone = clean(source.phone), !phone.isEmpty { fields.append(comparePhone(phone, line)) }
            return fields
        }
    }

    /// Trimmed, without the backquote a WeChat Pay bill puts before every cell; placeholders are
    /// empty.
    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        var cell = SimpleFieldParser.trimmed(text)
        if cell.hasPrefix("`") { cell = SimpleFieldParser.trimmed(String(cell.dropFirst())) }
        return SimpleFieldParser.isBlank(cell) ? "" : cell
    }

    static func isRefund(_ source: SourceLine) -> Bool {
        let status = (clean(source.status) ?? "").lowercased()
        if ["退", "冲红", "refund"].contains(where: status.contains) { return true }
        if case .value(let fen) = SimpleFieldParser.money(clean(source.amount) ?? "") { return fen < 0 }
        return false
    }

    /// A refund row of a WeChat Pay bill is the refund's own number.
    static func refundNumber(_ source: SourceLine) -> String? {
        guard isRefund(source), let refund = clean(source.refundNumber), !refund.isEmpty, refund != "0" else { return nil }
        return refund
    }

    /// The order a WeChat Pay refund row refunds (its 商户订单号), nil for other rows.
    public static func refundedOrder(_ source: SourceLine) -> String? {
        refundNumber(source) == nil ? nil : clean(source.receiptNumber)
    }

    static func expectedNumber(_ source: SourceLine) -> String? {
        refundNumber(source) ?? clean(source.receiptNumber)
    }

    static func compareTime(_ text: String, _ line: StagedLine) -> SampleFieldResult {
        let staged = line.soldAtBeforeCorrection ?? line.soldAt
        let note = line.soldAtBeforeCorrection.map { _ in "as read; the pipeline corrected the year to \(line.soldAt ?? "")" }
        guard let expected = dateTime(clean(text) ?? "") else {
            return .init(field: "time", status: .notChecked, source: SampleComparator.show(text), staged: SampleComparator.show(staged), note: "a time the simple path cannot read")
        }
        // A time without seconds is compared to the minute.
        if let staged, staged == expected || (expected.count == 16 && staged.hasPrefix(expected)) {
            return SampleComparator.matched("time", note: note)
        }
        return .init(field: "time", status: .mismatch, source: SampleComparator.show(text), staged: SampleComparator.show(staged))
    }

    /// `yyyy-mm-dd hh:mm[:ss]` from digit groups y m d h m [s] (`separator` between the date and
    /// the time); nil for anything else.
    static func dateTime(_ text: String, separator: String = " ") -> String? {
        var groups: [(value: Int, length: Int)] = []
        var current: (value: Int, length: Int)?
        for scalar in text.unicodeScalars {
            if let d = SimpleFieldParser.digit(scalar) {
                current = ((current?.value ?? 0) &* 10 &+ d, (current?.length ?? 0) + 1)
            } else if let group = current {
                groups.append(group)
                current = nil
            }
        }
        if let group = current { groups.append(group) }
        guard groups.count == 5 || groups.count == 6, groups[0].length == 4, groups.dropFirst().allSatisfy({ $0.length <= 2 }) else { return nil }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var out = "\(groups[0].value)-\(two(groups[1].value))-\(two(groups[2].value))\(separator)\(two(groups[3].value)):\(two(groups[4].value))"
        if groups.count == 6 { out += ":\(two(groups[5].value))" }
        return out
    }

    static func compareAmount(_ source: SourceLine, _ line: StagedLine) -> SampleFieldResult {
        var text = clean(source.amount) ?? ""
        if refundNumber(source) != nil, let refund = clean(source.refundAmount), case .value(let fen) = SimpleFieldParser.money(refund), fen != 0 {
            text = refund
        }
        let shownSource = SampleComparator.show(text.isEmpty ? "\(source.quantity ?? "1") × \(source.unitPrice ?? "")" : text)
        let shownStaged = SampleComparator.yuan(line.amountFen)
        var fen: Int64
        switch SimpleFieldParser.money(text) {
        case .value(let value): fen = value
        case .blank:
            guard case .value(let price) = SimpleFieldParser.money(clean(source.unitPrice) ?? ""),
                case .value(let quantity) = SimpleFieldParser.money(clean(source.quantity).flatMap { $0.isEmpty ? nil : $0 } ?? "1"),
                quantity % 100 == 0
            else {
                return .init(field: "amount", status: .notChecked, source: shownSource, staged: shownStaged, note: "an amount the simple path cannot read")
            }
            fen = price * (quantity / 100)
        case .invalid, .undecided:
            return .init(field: "amount", status: .notChecked, source: shownSource, staged: shownStaged, note: "an amount the simple path cannot read")
        }
        if isRefund(source) { fen = -abs(fen) }
        if fen == line.amountFen { return SampleComparator.matched("amount") }
        return .init(field: "amount", status: .mismatch, source: shownSource, staged: shownStaged, note: "the simple path reads \(SampleComparator.yuan(fen))")
    }

    static func compareCard(_ card: String, _ line: StagedLine) -> SampleFieldResult {
        let expected = card.isEmpty ? nil : SimpleFieldParser.cardNumber(card)
        if expected == line.cardNumber { return SampleComparator.matched("card") }
        return .init(field: "card", status: .mismatch, source: SampleComparator.show(card), staged: SampleComparator.show(line.cardNumber))
    }

    static func comparePhone(_ text: String, _ line: StagedLine) -> SampleFieldResult {
        let staged = line.phoneE164.map(PIIMask.phone) ?? [line.maskedPrefix, line.maskedSuffix].compactMap { $0 }.joined(separator: "…")
        func result(_ matched: Bool) -> SampleFieldResult {
            matched
                ? SampleComparator.matched("phone")
                : .init(field: "phone", status: .mismatch, source: PIIMask.text(text), staged: staged)
        }
        let folded = SimpleFieldParser.fold(text)
        if folded.contains("*") || folded.contains("×") {
            // A masked phone: the digits before and after the stars.
            let digits = folded.unicodeScalars.split(whereSeparator: { $0 == "*" || $0 == "×" })
            let head = digits.first.map { String(String.UnicodeScalarView($0)) } ?? ""
            let tail = digits.count > 1 ? String(String.UnicodeScalarView(digits.last!)) : ""
            return result(line.phoneE164 == nil && line.maskedPrefix == head && line.maskedSuffix == tail)
        }
        let parts = SimpleFieldParser.phones(text)
        guard parts.count == 1, case .mobile(let digits) = parts[0] else {
            return .init(field: "phone", status: .notChecked, source: PIIMask.text(text), staged: staged, note: "not a single mainland mobile")
        }
        if line.phoneE164 == nil, line.maskedPrefix == nil, line.phoneRejected {
            return .init(field: "phone", status: .notChecked, source: PIIMask.text(text), staged: "", note: "rejected by the phone check")
        }
        return result(line.phoneE164 == "+86" + digits)
    }
}
