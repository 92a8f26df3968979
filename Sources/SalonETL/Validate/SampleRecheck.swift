import SalonCore
import SalonReaders
import SalonStore
import SalonValidation

/// The validators' sample re-check: draw a reproducible, stratified sample of the staged records,
/// read each again from its source file at the location its provenance records, parse it with
/// the simple path and compare it field by field with what would be published.
enum SampleRecheck {
    /// - Parameter each: called with every compared record as it is compared (the sign-off sheet
    ///   writes it out); the result keeps only counts and the first mismatches.
    /// - Throws: only when the staging database cannot be queried; a source file that cannot be
    ///   read again makes its sampled records mismatches, so the gate fails and says where.
    static func run(
        spec: PipelineSpec, staging: SQLiteConnection, each: (SampleRecordResult) throws -> Void = { _ in }
    ) throws -> SampleRecheckResult {
        let settings = spec.validate.sample
        var result = SampleRecheckResult(spec: settings)
        guard settings.isEnabled else { return result }
        func add(_ record: SampleRecordResult) throws {
            result.add(record)
            try each(record)
        }
        let queries = SampleStagingQueries(connection: staging)
        let sources = Dictionary(spec.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var selector = SampleSelector<SampleStagingQueries.StagedRecord>(spec: settings)
        func offer(_ record: SampleStagingQueries.StagedRecord) {
            let store = record.store ?? sources[record.ref.sourceID]?.store ?? ""
            selector.offer(SampleKey(sourceID: record.ref.sourceID, store: store, file: record.ref.file, recordKey: record.ref.recordKey), record)
        }
        try queries.forEachStagedRecord(offer)
        try queries.forEachStagedLineOrMessage(offer)
        // A large run draws hundreds of thousands of records, and the re-check runs beside the
        // publish: the sample is let go once it is grouped by file, and each group once compared.
        var drawn = selector.sample()
        selector = SampleSelector(spec: settings)
        let staged = try queries.stagedValues(for: drawn.compactMap { $0.payload.kind == .customer ? $0.payload : nil })
        // Receipt lines and messages are looked up one by one as they are compared.
        let lookup = try queries.lineAndMessageLookup()

        // Group by file and sheet, so each file is read once, forward, in line order.
        struct FileGroup: Hashable {
            var sourceID: String
            var file: String
            var sheet: String?
        }
        var groups: [FileGroup: [(key: SampleKey, record: SampleStagingQueries.StagedRecord)]] = [:]
        for (key, record) in drawn {
            groups[FileGroup(sourceID: key.sourceID, file: key.file, sheet: sheet(of: key.recordKey)), default: []].append((key, record))
        }
        drawn = []
        // Files in pipeline order, then by name and sheet; records by line within each.
        let order = Dictionary(spec.sources.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = groups.keys.sorted {
            (order[$0.sourceID] ?? 0, $0.file, $0.sheet ?? "") < (order[$1.sourceID] ?? 0, $1.file, $1.sheet ?? "")
        }
        for group in ordered {
            guard let source = sources[group.sourceID],
                let members = groups.removeValue(forKey: group)?.sorted(by: { $0.record.line < $1.record.line })
            else { continue }
            let path = SourceFiles.expand(source.read.path).first { SourceFiles.displayPath($0, base: spec.baseDirectory) == group.file }
            let rereader = SampleRereaders.rereader(for: source.read.format)
            var reread: (columns: [String], rows: [Int: [String]]) = ([], [:])
            if let path {
                reread = (try? rereader.reread(
                    path: path, source: source, sheet: group.sheet, locations: members.map { ($0.record.line, $0.record.byteOffset) }))
                    ?? ([], [:])
            }
            var binding = ColumnPositions(columns: reread.columns, mapping: source.columns)
            if source.read.format == .paperIntake { binding.calendar = reread.columns.firstIndex(of: PaperIntakeLayout.calendarHeader) }
            let receiptBinding = ReceiptCells(columns: reread.columns, source: source)
            for (key, record) in members {
                let row = reread.rows[record.line]
                switch record.kind {
                case .customer:
                    let values = staged[record.ref] ?? ("", SampleRecord.StagedValues())
                    let sampled = SampleRecord(
                        key: key, line: record.line, customerKey: values.customerKey, merged: record.merged,
                        source: row.map(binding.cells(of:)), staged: values.values)
                    try add(SampleComparator.compare(sampled))
                case .receiptLine, .receiptMerge:
                    let line = row.map { receiptBinding.line(of: $0, store: source.store) }
                    var stagedLine = try lookup.receipt(record) ?? .merged(store: "", receiptNumber: "", reason: "not staged", receiptStaged: false)
                    // A bill's refund merged into a refund of the same order that an earlier source holds.
                    if case .merged(let store, let number, let reason, false) = stagedLine, let line,
                        let original = ReceiptSampleComparator.refundedOrder(line), try queries.refundIsStaged(store: store, original: original)
                    {
                        stagedLine = .merged(store: store, receiptNumber: number, reason: reason, receiptStaged: true)
                    }
                    try add(SampleRecordResult(
                        record: receiptBinding.sampleRecord(key: key, line: record.line, merged: record.merged, source: line, staged: stagedLine),
                        fields: ReceiptSampleComparator.compare(line, stagedLine)))
                case .chatMessage:
                    let message = row.map { ChatSampleComparator.SourceMessage(time: $0[0], sender: $0[1], text: $0[2]) }
                    let stagedMessage = try lookup.message(record) ?? .init(sender: "", sentAt: "", text: "")
                    try add(SampleRecordResult(
                        record: ChatSampleRereader.sampleRecord(key: key, line: record.line, source: message, staged: stagedMessage),
                        fields: ChatSampleComparator.compare(message, stagedMessage)))
                }
            }
        }
        return result
    }

    /// `Sheet!12` names a worksheet; `line 12` does not.
    static func sheet(of recordKey: String) -> String? {
        guard !recordKey.hasPrefix("line "), let bang = recordKey.lastIndex(of: "!") else { return nil }
        return String(recordKey[..<bang])
    }

    /// The pipeline's columns looked up in the re-read header by name: the first listed header the
    /// file has, and every note column it has.
    struct ColumnPositions {
        var single: [CustomerField: (column: String, index: Int)] = [:]
        var notes: [(column: String, index: Int)] = []
        /// The paper-intake template's birthday calendar column.
        var calendar: Int?

        init(columns: [String], mapping: [CustomerField: [String]]) {
            for (field, candidates) in mapping {
                let found = candidates.compactMap { name in columns.firstIndex(of: name).map { (name, $0) } }
                if field == .notes {
                    notes = found
                } else if let first = found.first {
                    single[field] = first
                }
            }
        }

        func cells(of row: [String]) -> SampleRecord.SourceCells {
            func text(_ index: Int) -> String { index < row.count ? row[index] : "" }
            var cells = SampleRecord.SourceCells(
                cells: single.mapValues { ($0.column, text($0.index)) },
                notes: notes.map { ($0.column, text($0.index)) })
            cells.calendar = calendar.map(text)
            return cells
        }
    }
}
