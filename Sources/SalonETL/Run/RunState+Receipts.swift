import SalonCore
import SalonNormalizers
import SalonReaders
import SalonStore
import SalonValidation

typealias ReceiptReadAhead = ReadAhead<ReceiptColumnBinding, NormalizedReceiptLine>

/// A receipt line as the read-ahead thread hands it over: normalized, and when it is a line,
/// already in its staging form with its content digest, so the staging thread only writes it.
struct NormalizedReceiptLine: Sendable {
    var output: ReceiptLineNormalizer.Output
    var staged: StagedReceiptLine?
    var content: StagedReceiptLine.ContentDigest?
}

/// Staging of `entity: receipts` sources: every line is loaded, merged (it added nothing the run
/// did not hold, see `ReceiptStager`) or rejected, so the gate's row accounting holds for them too.
extension RunState {
    /// Reads, normalizes and stages one receipt file in file order; reading and normalizing run
    /// ahead on the read-ahead thread, as for customer files.
    mutating func stageReceiptFile(
        _ opened: OpenedSource, display: String, source: PipelineSpec.Source, tally: inout SourceTally
    ) throws {
        if receiptStager == nil { receiptStager = try ReceiptStager(staging: staging) }
        let stager = receiptStager!
        let normalizer = ReceiptLineNormalizer(storeCode: source.store, phoneRegion: PhoneRegion(rawValue: source.phoneRegion) ?? .cn)
        let isWeChatPayBill = source.read.format == .wechatpayCSV
        var bindings: [ObjectIdentifier: ReceiptColumnBinding] = [:]
        let readAhead = ReceiptReadAhead(
            reader: opened.reader, bytesRead: opened.bytesRead, display: display, workers: options.workers,
            binder: { record in try Self.receiptBinding(for: record, source: source, display: display, cache: &bindings) },
            normalize: { record, binding in
                var output = normalizer.normalize(record, binding: binding)
                if isWeChatPayBill, output.candidate != nil { WeChatPayBillLine.adjust(&output.candidate!, record: record) }
                let staged = output.candidate.map(StagedReceiptLine.init)
                return NormalizedReceiptLine(output: output, staged: staged, content: staged?.contentDigest())
            })
        defer { readAhead.cancel() }
        var mark = monotonicNanos()
        while let batch = try readAhead.next() {
            mark = account(batch.readNanos, batch.normalizeNanos, since: mark)
            for (item, normalized) in zip(batch.items, batch.outputs) {
                switch item {
                case .record(let record, let binding):
                    tally.recordsIn += 1
                    let normalized = normalized!
                    let output = normalized.output
                    for reject in output.rejects {
                        try handle(reject)
                        if !reject.wholeRecord { tally.fieldRejects += 1 }
                    }
                    guard let line = output.candidate, let staged = normalized.staged else {
                        tally.rejected += 1
                        validation.receiptRead(record, binding: binding, defaultStore: source.store, staged: nil, merged: nil)
                        continue
                    }
                    switch try stager.stage(staged, provenance: line.provenance, content: normalized.content) {
                    case .loaded:
                        tally.loaded += 1
                        validation.receiptRead(record, binding: binding, defaultStore: source.store, staged: staged, merged: nil)
                    case .merged(let reason):
                        tally.merged += 1
                        validation.receiptRead(record, binding: binding, defaultStore: source.store, staged: staged, merged: reason)
                    }
                case .reject(let reject):
                    tally.recordsIn += 1
                    tally.rejected += 1
                    try handle(reject)
                case .warning(let warning):
                    tally.warnings += 1
                    warningsByReason[warning.code.rawValue, default: 0] += 1
                }
            }
            mark = clock.add("resolve", since: mark)
            progress.update(stage: "reading \(source.id)", done: batch.bytesRead, total: opened.fileSize, records: tally.recordsIn)
        }
    }

    /// The receipt column binding for a record's header, bound once per file (or dump table).
    private static func receiptBinding(
        for record: Record, source: PipelineSpec.Source, display: String, cache: inout [ObjectIdentifier: ReceiptColumnBinding]
    ) throws -> ReceiptColumnBinding {
        let schemaID = ObjectIdentifier(record.schema)
        if let known = cache[schemaID] { return known }
        switch ReceiptColumnBinding.bind(mapping: source.receiptColumns, schema: record.schema) {
        case .success(let bound):
            cache[schemaID] = bound
            return bound
        case .failure(let missing):
            let place = record.provenance.sheet.map { " table \($0)" } ?? " (header line \(max(record.provenance.line - 1, 1)))"
            throw SalonError(
                .configuration, missing.message, location: "\(display)\(place)",
                fix: "add the file's header names to \(source.location).columns")
        }
    }

    /// Receipt totals per store and merges by reason, read back from staging for the report.
    func receiptSummary(links: [String: Int64]?) throws -> RunReport.ReceiptSummary? {
        guard receiptStager != nil else { return nil }
        let stores = try staging.connection.query("""
            SELECT store_code, COUNT(DISTINCT receipt_no), COUNT(*), SUM(CASE WHEN status = 'void' THEN 0 ELSE amount_fen END)
            FROM stg_receipt_line_rows GROUP BY store_code ORDER BY store_code
            """).map { row in
            RunReport.StoreReceiptTotal(
                store: row[0].text ?? "", receipts: Int(row[1].int ?? 0), lines: Int(row[2].int ?? 0), totalFen: row[3].int ?? 0)
        }
        var merged: [String: Int] = [:]
        for row in try staging.connection.query("SELECT reason, COUNT(*) FROM stg_receipt_merge_rows GROUP BY reason") {
            merged[row[0].text ?? ""] = Int(row[1].int ?? 0)
        }
        return RunReport.ReceiptSummary(stores: stores, mergedByReason: merged, links: links)
    }
}

extension StagedReceiptLine {
    /// The staging form of a normalized line: local time and offset apart, a masked phone as its
    /// visible digits.
    init(_ line: ReceiptLineCandidate) {
        let status: Status = line.isVoided ? .void : line.isRefund ? .refund : .normal
        self.init(
            storeCode: line.storeCode, receiptNumber: line.receiptNumber, amountFen: line.amountFen,
            quantityMilli: line.quantityMilli, status: status)
        if let time = line.time, time.utf8.count >= 19 {
            // 2024-03-01T10:05:12+08:00 → 2024-03-01 10:05:12 and +08:00.
            soldAt = String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(8))
            utcOffset = time.utf8.count > 19 ? String(time.dropFirst(19)) : nil
        }
        cardNumber = line.cardNumber.flatMap { $0.isEmpty ? nil : $0 }
        phoneE164 = line.phoneE164
        maskedPrefix = line.maskedPhone?.prefix
        maskedSuffix = line.maskedPhone?.suffix
        item = line.item
        technician = line.technician
        unitPriceFen = line.unitPriceFen
        payment = line.payment?.rawValue
        originalReceiptNumber = line.originalReceiptNumber.flatMap { $0.isEmpty ? nil : $0 }
        points = line.points
    }
}
