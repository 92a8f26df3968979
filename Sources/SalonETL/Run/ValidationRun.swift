import SalonCore
import SalonNormalizers
import SalonStore
import SalonValidation

/// What the validators gather while records are read: source-side control totals from the cells
/// as the reader yields them, and the records that explain why staged totals differ. Staged totals
/// and the detectors run on staging when reading is done (`RunState.runValidators`).
struct ValidationRun {
    var receiptSource = ControlTotals()
    var receiptExplanations = TotalsExplanations()
    var balanceSource = ControlTotals()
    var balanceExplanations = TotalsExplanations()
    /// Sources whose balance column is bound, for the staged side of the comparison.
    var balanceSources = Set<String>()

    /// One POS line as read, and what became of it.
    mutating func receiptRead(
        _ record: Record, binding: ReceiptColumnBinding, defaultStore: String, staged: StagedReceiptLine?, merged: String?
    ) {
        let location = record.provenance.location
        func cell(_ field: ReceiptField) -> String? {
            binding.index(of: field).flatMap { $0 < record.values.count ? record.values[$0] : nil }
        }
        let store = cell(.store).map { $0.trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 } ?? defaultStore
        let key = TotalsKey(store: store, period: cell(.time).flatMap(SimpleMonth.month) ?? "unknown")
        let fen = cell(.amount).flatMap(SimpleAmount.fen) ?? 0
        receiptSource.add(key, TotalsCell(count: 1, sumFen: fen))
        guard let staged else {
            receiptExplanations.move(from: key, sourceFen: fen, to: nil, stagedFen: 0, reason: "rejected", location: location)
            return
        }
        if let merged {
            receiptExplanations.move(
                from: key, sourceFen: fen, to: nil, stagedFen: 0, reason: merged, location: location, detail: staged.receiptNumber)
            return
        }
        let stagedKey = TotalsKey(store: staged.storeCode, period: staged.soldAt.map { String($0.prefix(7)) } ?? "unknown")
        if stagedKey != key || staged.amountFen != fen {
            receiptExplanations.move(
                from: key, sourceFen: fen, to: stagedKey, stagedFen: staged.amountFen, reason: "normalized", location: location,
                detail: "\(staged.receiptNumber) read as \(ControlTotalsComparison.yuan(fen)), staged as \(ControlTotalsComparison.yuan(staged.amountFen))")
        }
    }

    /// One customer record with a balance column, and the card balance it staged (nil: none).
    mutating func balanceRead(_ record: Record, column: Int, store: String, source: String, stagedFen: Int64?) {
        let location = record.provenance.location
        balanceSources.insert(source)
        let key = TotalsKey(store: store, period: "")
        let fen = column < record.values.count ? SimpleAmount.fen(record.values[column]) : nil
        guard let fen else {
            // An empty balance cell is no balance on either side, unless the record still staged a card.
            if let stagedFen { balanceExplanations.add(key, reason: "normalized", countDelta: 1, fenDelta: stagedFen, location: location) }
            return
        }
        balanceSource.add(key, TotalsCell(count: 1, sumFen: fen))
        guard let stagedFen else {
            balanceExplanations.add(key, reason: "rejected", countDelta: -1, fenDelta: -fen, location: location)
            return
        }
        if stagedFen != fen {
            balanceExplanations.add(key, reason: "normalized", countDelta: 0, fenDelta: stagedFen - fen, location: location)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        let bytes = utf8
        guard bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ") else { return self }
        return String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
