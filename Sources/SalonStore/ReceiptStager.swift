import SalonCore

/// Stages POS receipt lines and decides, line by line, whether each adds something.
///
/// A line is `merged` instead of loaded when it adds nothing the run does not already hold:
/// - `duplicate_line`: the same line from another export of the source (daily exports overlap).
///   Identical lines within one receipt of one file are all kept (two of the same product rung
///   separately), because each carries its occurrence number in its content key.
/// - `other_source`: an earlier source of the pipeline already holds this receipt (say the POS
///   export, then the old POS database dump, then the WeChat Pay bill of the same till), or
///   already holds a refund of the same original receipt for the same amount under another
///   number (WeChat numbers its refunds itself). The first source in pipeline order owns a receipt.
/// Every merged line is recorded with its provenance in `stg_receipt_merge_rows`.
public final class ReceiptStager {
    public enum Outcome: Sendable, Equatable {
        case loaded
        case merged(reason: String)
    }

    private let staging: StagingStore
    private let insertLine: SQLiteStatement
    private let insertMerge: SQLiteStatement
    private let ownerOfReceipt: SQLiteStatement
    private let refundFromOtherSource: SQLiteStatement
    /// The receipt of the previous line, its owning source, and how often each content was seen
    /// in it: exports write a receipt's lines together, so this is all the state kept per line.
    private var current: (fileID: Int64, store: String, number: String, owner: String?)?
    private var occurrences: [StagedReceiptLine.ContentDigest: Int] = [:]
    private var digestBuffer: [UInt8] = []

    public init(staging: StagingStore) throws {
        self.staging = staging
        let connection = staging.connection
        insertLine = try connection.prepare("""
            INSERT OR IGNORE INTO stg_receipt_line_rows (store_code, receipt_no, sold_at, utc_offset, card_number, phone_e164,
              masked_prefix, masked_suffix, item, technician, quantity_milli, unit_price_fen, amount_fen, payment, status,
              original_receipt_no, content_key, file_id, line, points)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
            """)
        insertMerge = try connection.prepare(
            "INSERT INTO stg_receipt_merge_rows (store_code, receipt_no, reason, file_id, line) VALUES (?1, ?2, ?3, ?4, ?5)")
        ownerOfReceipt = try connection.prepare("""
            SELECT f.source_id FROM stg_receipt_line_rows r JOIN stg_sources f ON f.file_id = r.file_id
            WHERE r.store_code = ?1 AND r.receipt_no = ?2 LIMIT 1
            """)
        refundFromOtherSource = try connection.prepare("""
            SELECT 1 FROM stg_receipt_line_rows r JOIN stg_sources f ON f.file_id = r.file_id
            WHERE r.store_code = ?1 AND r.original_receipt_no = ?2 AND r.status = 'refund' AND r.amount_fen = ?3
              AND f.source_id <> ?4 LIMIT 1
            """)
    }

    /// Stages one line, or records why it was merged.
    /// - Parameter content: the line's `contentDigest()`, when the caller made it already.
    public func stage(_ line: StagedReceiptLine, provenance: Provenance, content: StagedReceiptLine.ContentDigest? = nil) throws -> Outcome {
        let fileID = try staging.fileID(of: provenance)
        if current?.fileID != fileID || current?.store != line.storeCode || current?.number != line.receiptNumber {
            current = (fileID, line.storeCode, line.receiptNumber, try owner(of: line))
            occurrences.removeAll(keepingCapacity: true)
        }
        if let owner = current?.owner, owner != provenance.sourceID {
            return try merge(line, fileID: fileID, provenance: provenance, reason: "other_source")
        }
        if line.status == .refund, let original = line.originalReceiptNumber, try refundExistsElsewhere(line, original, provenance) {
            return try merge(line, fileID: fileID, provenance: provenance, reason: "other_source")
        }
        let content = content ?? line.contentDigest(buffer: &digestBuffer)
        let occurrence = (occurrences[content] ?? 0) + 1
        occurrences[content] = occurrence
        let s = insertLine
        s.reset()
        try s.bind(line.storeCode, at: 1)
        try s.bind(line.receiptNumber, at: 2)
        try s.bind(line.soldAt, at: 3)
        try s.bind(line.utcOffset, at: 4)
        try s.bind(line.cardNumber, at: 5)
        try s.bind(line.phoneE164, at: 6)
        try s.bind(line.maskedPrefix, at: 7)
        try s.bind(line.maskedSuffix, at: 8)
        try s.bind(line.item, at: 9)
        try s.bind(line.technician, at: 10)
        try s.bind(line.quantityMilli, at: 11)
        try s.bind(line.unitPriceFen, at: 12)
        try s.bind(line.amountFen, at: 13)
        try s.bind(line.payment, at: 14)
        try s.bind(line.status.rawValue, at: 15)
        try s.bind(line.originalReceiptNumber, at: 16)
        try s.bind(content.key(occurrence: occurrence), at: 17)
        try s.bind(fileID, at: 18)
        try s.bind(Int64(provenance.line), at: 19)
        try s.bind(line.points, at: 20)
        try s.step()
        if staging.connection.changes == 0 {
            return try merge(line, fileID: fileID, provenance: provenance, reason: "duplicate_line")
        }
        if current?.owner == nil { current?.owner = provenance.sourceID }
        return .loaded
    }

    private func owner(of line: StagedReceiptLine) throws -> String? {
        ownerOfReceipt.reset()
        try ownerOfReceipt.bind(line.storeCode, at: 1)
        try ownerOfReceipt.bind(line.receiptNumber, at: 2)
        defer { ownerOfReceipt.reset() }
        return try ownerOfReceipt.step() ? ownerOfReceipt.string(at: 0) : nil
    }

    private func refundExistsElsewhere(_ line: StagedReceiptLine, _ original: String, _ provenance: Provenance) throws -> Bool {
        let s = refundFromOtherSource
        s.reset()
        try s.bind(line.storeCode, at: 1)
        try s.bind(original, at: 2)
        try s.bind(line.amountFen, at: 3)
        try s.bind(provenance.sourceID, at: 4)
        defer { s.reset() }
        return try s.step()
    }

    private func merge(_ line: StagedReceiptLine, fileID: Int64, provenance: Provenance, reason: String) throws -> Outcome {
        try insertMerge.run([.text(line.storeCode), .text(line.receiptNumber), .text(reason), .int(fileID), .int(Int64(provenance.line))])
        return .merged(reason: reason)
    }
}
