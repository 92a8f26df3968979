import Yams

extension PipelineLoader {
    /// `reconcile: { old: [ids], tolerance: { amount_fen, time_minutes }, cutover: { clean_days, max_open_exceptions } }`.
    static func parseReconcile(_ node: Node, sources: [PipelineSpec.Source], reader: YAMLNodeReader) throws -> PipelineSpec.ReconcileSpec {
        let map = try reader.mapping(node, path: "reconcile", allowed: ["old", "tolerance", "cutover"], required: ["old"])
        let oldNode = map["old"]!
        let old: [String]
        if case .scalar = oldNode {
            old = [try reader.string(oldNode, path: "reconcile.old")]
        } else {
            old = try reader.stringList(oldNode, path: "reconcile.old")
        }
        // Receipt sources are the old system's sales; customer sources its member balances.
        let oldKinds = sources.filter { $0.entity == .receipts || $0.entity == .customers }.map(\.id)
        for id in old where !oldKinds.contains(id) {
            throw reader.error(
                "'\(id)' is not a receipt or customer source of this pipeline", at: oldNode, path: "reconcile.old",
                fix: oldKinds.isEmpty ? "add the old system's export as a source with entity: receipts"
                    : "use one of: \(oldKinds.joined(separator: ", "))")
        }
        guard !old.isEmpty else { throw reader.error("name at least one source", at: oldNode, path: "reconcile.old") }
        var spec = PipelineSpec.ReconcileSpec(oldSources: old)
        if let node = map["tolerance"] {
            let tolerance = try reader.mapping(node, path: "reconcile.tolerance", allowed: ["amount_fen", "time_minutes"])
            if let value = tolerance["amount_fen"] {
                spec.amountToleranceFen = Int64(try nonNegative(value, path: "reconcile.tolerance.amount_fen", reader: reader))
            }
            if let value = tolerance["time_minutes"] {
                spec.timeWindowMinutes = try nonNegative(value, path: "reconcile.tolerance.time_minutes", reader: reader)
            }
        }
        if let node = map["cutover"] {
            let cutover = try reader.mapping(node, path: "reconcile.cutover", allowed: ["clean_days", "max_open_exceptions"])
            if let value = cutover["clean_days"] {
                spec.cleanDays = try nonNegative(value, path: "reconcile.cutover.clean_days", reader: reader)
            }
            if let value = cutover["max_open_exceptions"] {
                spec.maxOpenExceptions = try nonNegative(value, path: "reconcile.cutover.max_open_exceptions", reader: reader)
            }
        }
        return spec
    }

    private static func nonNegative(_ node: Node, path: String, reader: YAMLNodeReader) throws -> Int {
        let value = try reader.int(node, path: path)
        guard value >= 0 else { throw reader.error("use a whole number from 0 up", at: node, path: path) }
        return value
    }
}
