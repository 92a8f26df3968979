/// The outcome of the sample re-check: counts for the gate, and every compared record for the
/// sign-off sheet.
public struct SampleRecheckResult: Sendable {
    public var spec: SampleSpec
    public var records: [SampleRecordResult]

    public init(spec: SampleSpec, records: [SampleRecordResult]) {
        self.spec = spec
        self.records = records
    }

    public var sampled: Int { records.count }
    /// Records with no mismatch and every field decided.
    public var checked: Int { count { !$0.hasMismatch && $0.notChecked == 0 } }
    public var mismatched: Int { count(\.hasMismatch) }

    private func count(_ predicate: (SampleRecordResult) -> Bool) -> Int {
        var total = 0
        for record in records where predicate(record) { total += 1 }
        return total
    }
    /// Fields not checked, by reason, so nothing the simple path skipped is silently passed.
    public var notCheckedByReason: [String: Int] {
        var counts: [String: Int] = [:]
        for record in records {
            for field in record.fields where field.status == .notChecked {
                counts["\(field.field): \(field.note ?? "")", default: 0] += 1
            }
        }
        return counts
    }

    /// The gate's `sample_recheck` check: passes only when no sampled record differs.
    public var gateCheck: GateCheck {
        var notChecked = 0
        for record in records { notChecked += record.notChecked }
        var detail = "\(sampled) sampled (fraction \(spec.fraction), seed \(spec.seed)): \(checked) fully checked, "
            + "\(mismatched) mismatched, \(notChecked) field(s) not checked"
        if let first = records.first(where: \.hasMismatch), let field = first.fields.first(where: { $0.status == .mismatch }) {
            detail += "; first: \(first.record.key.file) \(first.record.key.recordKey) \(field.field): source '\(field.source)' vs staged '\(field.staged)'"
        }
        return GateCheck(name: "sample_recheck", passed: mismatched == 0, detail: detail)
    }
}
