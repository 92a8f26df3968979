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
    /// Every record whose card reached staging: a later record of the same card replaces its
    /// balance, and these are looked up only when balances differ. Kept as small integers (one
    /// entry per customer record of a run that may hold millions), with files and stores interned.
    var stagedBalances: [StagedBalance] = []
    /// Files (with their sheet) and stores by the index `StagedBalance` holds.
    var balanceFiles: [(file: String, sheet: String?)] = []
    var balanceFileIndex: [String: Int32] = [:]
    var balanceStores: [String] = []
    var balanceStoreIndex: [String: Int32] = [:]

    struct StagedBalance {
        var file: Int32
        var store: Int32
        var line: Int32
        var fen: Int64
    }

    /// Where a staged balance came from, as `Provenance` writes it.
    func location(of entry: StagedBalance) -> (file: String, recordKey: String, location: String) {
        let (file, sheet) = balanceFiles[Int(entry.file)]
        let provenance = Provenance(sourceID: "", file: file, line: Int(entry.line), recordIndex: 0, sheet: sheet)
        return (file, provenance.recordKey, provenance.location)
    }

    private mutating func stageBalance(_ record: Record, store: String, fen: Int64) {
        // Records come file by file: the last file's index answers almost every lookup without
        // building a key per record.
        let file: Int32
        if let last = balanceFiles.indices.last, balanceFiles[last].file == record.provenance.file,
            balanceFiles[last].sheet == record.provenance.sheet
        {
            file = Int32(last)
        } else if let known = balanceFileIndex[record.provenance.file + "\u{1F}" + (record.provenance.sheet ?? "")] {
            file = known
        } else {
            let fileKey = record.provenance.file + "\u{1F}" + (record.provenance.sheet ?? "")
            file = Int32(balanceFiles.count)
            balanceFiles.append((record.provenance.file, record.provenance.sheet))
            balanceFileIndex[fileKey] = file
        }
        let storeIndex: Int32
        if let known = balanceStoreIndex[store] {
            storeIndex = known
        } else {
            storeIndex = Int32(balanceStores.count)
            balanceStores.append(store)
            balanceStoreIndex[store] = storeIndex
        }
        stagedBalances.append(StagedBalance(file: file, store: storeIndex, line: Int32(clamping: record.provenance.line), fen: fen))
    }

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
            if let stagedFen { stageBalance(record, store: store, fen: stagedFen) }
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
        stageBalance(record, store: store, fen: stagedFen)
    }
}

extension String {
    var trimmingSpaces: String {
        let bytes = utf8
        guard bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ") else { return self }
        return String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
