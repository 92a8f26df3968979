import SalonCore

/// Compares the old system's receipts with the new system's for a dual run.
///
/// Receipts pair by (store, number) where both sides have the number; the rest pair by store,
/// time window, amount and customer (closest time first). Everything is sorted before matching, so
/// the same two sides give the same result in any input order.
public enum Reconciler {
    public static func compare(
        old: [ReconcileReceipt], new: [ReconcileReceipt], oldBalances: [ReconcileBalance] = [],
        newBalances: [ReconcileBalance] = [], tolerance: ReconcileTolerance = ReconcileTolerance()
    ) -> ReconcileResult {
        let old = old.sorted(by: Self.order)
        let new = new.sorted(by: Self.order)
        var exceptions: [ReconcileResult.ReceiptException] = []
        var newUsed = [Bool](repeating: false, count: new.count)
        var oldUsed = [Bool](repeating: false, count: old.count)

        // 1. By number. A number repeated on one side pairs in time order with the other side's.
        var newByNumber: [String: [Int]] = [:]
        for (index, receipt) in new.enumerated() {
            if let number = receipt.number { newByNumber[receipt.store + "\u{1F}" + number, default: []].append(index) }
        }
        var matchedByNumber = 0
        for (index, receipt) in old.enumerated() {
            guard let number = receipt.number, var candidates = newByNumber[receipt.store + "\u{1F}" + number],
                !candidates.isEmpty
            else { continue }
            let partner = candidates.removeFirst()
            newByNumber[receipt.store + "\u{1F}" + number] = candidates
            oldUsed[index] = true
            newUsed[partner] = true
            matchedByNumber += 1
            let other = new[partner]
            if abs(receipt.amountFen - other.amountFen) > tolerance.amountFen {
                exceptions.append(.init(
                    kind: .amountDifferent, store: receipt.store, day: receipt.day, old: receipt, new: other,
                    detail: "receipt \(number): old \(Self.yuan(receipt.amountFen)), new \(Self.yuan(other.amountFen)) "
                        + "(difference \(Self.yuan(other.amountFen - receipt.amountFen)))"))
            }
        }

        // 2. By content, within each store, closest time first.
        var matchedByContent = 0
        let window = tolerance.timeWindowMinutes * 60
        var newByStore: [String: [(seconds: Int, index: Int)]] = [:]
        for (index, receipt) in new.enumerated() where !newUsed[index] {
            guard let seconds = receipt.wallClockSeconds else { continue }
            newByStore[receipt.store, default: []].append((seconds, index))
        }
        for key in newByStore.keys { newByStore[key]!.sort { ($0.seconds, $0.index) < ($1.seconds, $1.index) } }
        for (index, receipt) in old.enumerated() where !oldUsed[index] {
            guard let seconds = receipt.wallClockSeconds, let candidates = newByStore[receipt.store] else { continue }
            var best: (index: Int, distance: Int, amountGap: Int64)?
            var position = Self.firstIndex(in: candidates, atLeast: seconds - window)
            while position < candidates.count, candidates[position].seconds <= seconds + window {
                let candidate = candidates[position]
                position += 1
                let other = new[candidate.index]
                guard !newUsed[candidate.index] else { continue }
                let amountGap = abs(other.amountFen - receipt.amountFen)
                guard amountGap <= tolerance.amountFen else { continue }
                if let a = receipt.customer, let b = other.customer, a != b { continue }
                let distance = abs(candidate.seconds - seconds)
                if best == nil || (distance, amountGap) < (best!.distance, best!.amountGap) {
                    best = (candidate.index, distance, amountGap)
                }
            }
            if let best {
                oldUsed[index] = true
                newUsed[best.index] = true
                matchedByContent += 1
            }
        }

        // 3. What is left is missing on the other side.
        for (index, receipt) in old.enumerated() where !oldUsed[index] {
            exceptions.append(.init(
                kind: .missingInNew, store: receipt.store, day: receipt.day, old: receipt, new: nil,
                detail: "\(Self.describe(receipt)) is in the old system only"))
        }
        for (index, receipt) in new.enumerated() where !newUsed[index] {
            exceptions.append(.init(
                kind: .missingInOld, store: receipt.store, day: receipt.day, old: nil, new: receipt,
                detail: "\(Self.describe(receipt)) is in the new system only"))
        }
        exceptions.sort { ($0.store, $0.day, $0.kind.rawValue, $0.detail) < ($1.store, $1.day, $1.kind.rawValue, $1.detail) }

        return ReconcileResult(
            tolerance: tolerance, oldReceipts: old.count, newReceipts: new.count, matchedByNumber: matchedByNumber,
            matchedByContent: matchedByContent, storeDays: storeDays(old: old, new: new, tolerance: tolerance),
            receiptExceptions: exceptions, customerExceptions: customers(old: old, new: new, tolerance: tolerance),
            balanceExceptions: balances(old: oldBalances, new: newBalances, tolerance: tolerance))
    }

    private static func storeDays(old: [ReconcileReceipt], new: [ReconcileReceipt], tolerance: ReconcileTolerance)
        -> [ReconcileResult.StoreDay]
    {
        struct Key: Hashable, Comparable {
            var store: String
            var day: String
            static func < (a: Key, b: Key) -> Bool { (a.store, a.day) < (b.store, b.day) }
        }
        var totals: [Key: (oldCount: Int, oldSum: Int64, newCount: Int, newSum: Int64)] = [:]
        for receipt in old {
            totals[Key(store: receipt.store, day: receipt.day), default: (0, 0, 0, 0)].oldCount += 1
            totals[Key(store: receipt.store, day: receipt.day)]!.oldSum += receipt.amountFen
        }
        for receipt in new {
            totals[Key(store: receipt.store, day: receipt.day), default: (0, 0, 0, 0)].newCount += 1
            totals[Key(store: receipt.store, day: receipt.day)]!.newSum += receipt.amountFen
        }
        return totals.keys.sorted().map { key in
            let value = totals[key]!
            return .init(
                store: key.store, day: key.day, oldCount: value.oldCount, oldSumFen: value.oldSum, newCount: value.newCount,
                newSumFen: value.newSum,
                agrees: value.oldCount == value.newCount && abs(value.oldSum - value.newSum) <= tolerance.amountFen)
        }
    }

    /// Visits (receipts with a positive amount) and net spend per customer, where a side names one.
    private static func customers(old: [ReconcileReceipt], new: [ReconcileReceipt], tolerance: ReconcileTolerance)
        -> [ReconcileResult.CustomerException]
    {
        struct Figures {
            var stores: Set<String> = []
            var visits = 0
            var spend: Int64 = 0
        }
        func figures(_ receipts: [ReconcileReceipt]) -> [String: Figures] {
            var result: [String: Figures] = [:]
            for receipt in receipts {
                guard let customer = receipt.customer else { continue }
                result[customer, default: Figures()].stores.insert(receipt.store)
                if receipt.amountFen > 0 { result[customer]!.visits += 1 }
                result[customer]!.spend += receipt.amountFen
            }
            return result
        }
        let before = figures(old)
        let after = figures(new)
        var exceptions: [ReconcileResult.CustomerException] = []
        for customer in Set(before.keys).union(after.keys).sorted() {
            let a = before[customer] ?? Figures()
            let b = after[customer] ?? Figures()
            guard a.visits != b.visits || abs(a.spend - b.spend) > tolerance.amountFen else { continue }
            var parts: [String] = []
            if a.visits != b.visits { parts.append("visits \(a.visits) → \(b.visits)") }
            if abs(a.spend - b.spend) > tolerance.amountFen { parts.append("spend \(yuan(a.spend)) → \(yuan(b.spend))") }
            exceptions.append(.init(
                store: a.stores.union(b.stores).sorted().joined(separator: ","), customer: customer, oldVisits: a.visits,
                newVisits: b.visits, oldSpendFen: a.spend, newSpendFen: b.spend, detail: parts.joined(separator: ", ")))
        }
        return exceptions
    }

    private static func balances(old: [ReconcileBalance], new: [ReconcileBalance], tolerance: ReconcileTolerance)
        -> [ReconcileResult.BalanceException]
    {
        func index(_ balances: [ReconcileBalance]) -> [String: ReconcileBalance] {
            var result: [String: ReconcileBalance] = [:]
            for balance in balances { result[balance.store + "\u{1F}" + balance.card] = balance }
            return result
        }
        let before = index(old)
        let after = index(new)
        var exceptions: [ReconcileResult.BalanceException] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let a = before[key]
            let b = after[key]
            let store = (a ?? b)!.store
            let card = (a ?? b)!.card
            switch (a, b) {
            case (let a?, let b?) where abs(a.balanceFen - b.balanceFen) > tolerance.amountFen:
                exceptions.append(.init(
                    store: store, card: card, oldBalanceFen: a.balanceFen, newBalanceFen: b.balanceFen,
                    detail: "balance \(yuan(a.balanceFen)) → \(yuan(b.balanceFen))"))
            case (let a?, nil):
                exceptions.append(.init(
                    store: store, card: card, oldBalanceFen: a.balanceFen, newBalanceFen: nil,
                    detail: "card with \(yuan(a.balanceFen)) is in the old system only"))
            case (nil, let b?):
                exceptions.append(.init(
                    store: store, card: card, oldBalanceFen: nil, newBalanceFen: b.balanceFen,
                    detail: "card with \(yuan(b.balanceFen)) is in the new system only"))
            default:
                break
            }
        }
        return exceptions
    }

    private static func order(_ a: ReconcileReceipt, _ b: ReconcileReceipt) -> Bool {
        (a.store, a.time, a.number ?? "", a.amountFen, a.location) < (b.store, b.time, b.number ?? "", b.amountFen, b.location)
    }

    /// The first position whose time is at least `seconds` (binary search over sorted times).
    private static func firstIndex(in candidates: [(seconds: Int, index: Int)], atLeast seconds: Int) -> Int {
        var low = 0
        var high = candidates.count
        while low < high {
            let middle = (low + high) / 2
            if candidates[middle].seconds < seconds { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func describe(_ receipt: ReconcileReceipt) -> String {
        let number = receipt.number.map { "receipt \($0)" } ?? "a receipt without number"
        return "\(number) at \(receipt.time) for \(yuan(receipt.amountFen)) (\(receipt.location))"
    }

    /// "¥1,280.00"-style text for messages.
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)¥\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
