import SalonCore
import SalonNormalizers
import SalonValidation

/// The pipeline's receipt columns looked up in a re-read header by name (the first listed header
/// the file has), and a WeChat Pay bill's refund columns, which the bill's layout fixes.
struct ReceiptCells {
    private var positions: [ReceiptField: Int] = [:]
    private var refundNumber: Int?
    private var refundAmount: Int?
    private var columns: [String]

    init(columns: [String], source: PipelineSpec.Source) {
        self.columns = columns
        for (field, candidates) in source.receiptColumns {
            if let index = candidates.lazy.compactMap({ columns.firstIndex(of: $0) }).first { positions[field] = index }
        }
        if source.read.format == .wechatpayCSV {
            refundNumber = columns.firstIndex(of: "商户退款单号")
            refundAmount = columns.firstIndex(of: "退款金额")
        }
    }

    func line(of row: [String], store: String) -> ReceiptSampleComparator.SourceLine {
        func cell(_ index: Int?) -> String? { index.map { $0 < row.count ? row[$0] : "" } }
        func cell(_ field: ReceiptField) -> String? { cell(positions[field]) }
        var line = ReceiptSampleComparator.SourceLine(sourceStore: store)
        line.receiptNumber = cell(.receiptNumber)
        line.time = cell(.time)
        line.store = cell(.store)
        line.cardNumber = cell(.cardNumber)
        line.phone = cell(.phone)
        line.amount = cell(.amount)
        line.quantity = cell(.quantity)
        line.unitPrice = cell(.unitPrice)
        line.status = cell(.status)
        line.refundNumber = cell(refundNumber)
        line.refundAmount = cell(refundAmount)
        return line
    }

    /// The line as the sign-off sheet shows it: the receipt in the customer column, its phone and
    /// card in theirs.
    func sampleRecord(
        key: SampleKey, line: Int, merged: Bool, source: ReceiptSampleComparator.SourceLine?, staged: ReceiptSampleComparator.Staged
    ) -> SampleRecord {
        let number: String
        switch staged {
        case .line(let staged): number = staged.receiptNumber
        case .merged(_, let receiptNumber, let reason, _): number = "\(receiptNumber) (\(reason))"
        }
        var cells: [CustomerField: (column: String, text: String)] = [:]
        if let phone = source?.phone, let index = positions[.phone] { cells[.phone] = (columns[index], phone) }
        if let card = source?.cardNumber, let index = positions[.cardNumber] { cells[.cardNumber] = (columns[index], card) }
        let shown = [source?.time, source?.amount].compactMap { $0 }.joined(separator: " ")
        return SampleRecord(
            key: key, line: line, customerKey: "小票 \(number)", merged: merged,
            source: source.map { _ in SampleRecord.SourceCells(cells: cells, notes: shown.isEmpty ? [] : [("receipt", shown)]) },
            staged: SampleRecord.StagedValues())
    }
}
