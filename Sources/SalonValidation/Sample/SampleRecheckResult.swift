/// The outcome of the sample re-check, accumulated record by record: counts for the gate, the
/// fields not checked by reason, and the first records that differ (for the report). The records
/// themselves go to the sign-off sheet as they are compared, so memory does not grow with the
/// sample (10% of a run of millions of records is hundreds of thousands).
public struct SampleRecheckResult: Sendable {
    public var spec: SampleSpec
    public private(set) var sampled = 0
    /// Records with no mismatch and every field decided.
    public private(set) var checked = 0
    public private(set) var mismatched = 0
    /// Fields not checked, over all records.
    public private(set) var notCheckedFields = 0
    /// Fields not checked, by reason, so nothing the simple path skipped is silently passed.
    public private(set) var notCheckedByReason: [String: Int] = [:]
    /// Sampled records whose source could not be read again (the file or the row is gone).
    public private(set) var notReread = 0
    /// The sources the sample drew records from.
    public private(set) var sourceIDs: Set<String> = []
    /// The first `keptMismatches` records that differ, in the order they were compared.
    public private(set) var mismatchedRecords: [SampleRecordResult] = []
    public static let keptMismatches = 200

    public init(spec: SampleSpec) {
        self.spec = spec
    }

    public init(spec: SampleSpec, records: [SampleRecordResult]) {
        self.spec = spec
        for record in records { add(record) }
    }

    public mutating func add(_ record: SampleRecordResult) {
        sampled += 1
        sourceIDs.insert(record.record.key.sourceID)
        if record.record.source == nil { notReread += 1 }
        var notChecked = 0
        for field in record.fields where field.status == .notChecked {
            notChecked += 1
            notCheckedByReason["\(field.field): \(field.note ?? "")", default: 0] += 1
        }
        notCheckedFields += notChecked
        if record.hasMismatch {
            mismatched += 1
            if mismatchedRecords.count < Self.keptMismatches { mismatchedRecords.append(record) }
        } else if notChecked == 0 {
            checked += 1
        }
    }

    /// The gate's `sample_recheck` check: passes only when no sampled record differs.
    public var gateCheck: GateCheck {
        var detail = "\(sampled) sampled (fraction \(spec.fraction), seed \(spec.seed)): \(checked) fully checked, "
            + "\(mismatched) mismatched, \(notCheckedFields) field(s) not checked"
        if let first = mismatchedRecords.first, let field = first.fields.first(where: { $0.status == .mismatch }) {
            detail += "; first: \(first.record.key.file) \(first.record.key.recordKey) \(field.field): source '\(field.source)' vs staged '\(field.staged)'"
        }
        return GateCheck(name: "sample_recheck", passed: mismatched == 0, detail: detail)
    }
}
