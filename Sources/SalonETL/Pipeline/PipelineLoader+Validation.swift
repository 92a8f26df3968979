import Foundation
import SalonValidation
import Yams

/// The validators' keys under `validate:` and the top-level `stores:`, decoded strictly.
extension PipelineLoader {
    static let validationKeys = ["as_of", "control_totals", "anomalies"]

    static func parseValidationChecks(_ map: [String: Node], reader: YAMLNodeReader) throws -> ValidationChecksSpec {
        var spec = ValidationChecksSpec()
        if let node = map["as_of"] {
            spec.asOf = try date(node, path: "validate.as_of", reader: reader)
        }
        if let node = map["control_totals"] {
            let totals = try reader.mapping(node, path: "validate.control_totals", allowed: ["tolerance_fen"])
            if let tolerance = totals["tolerance_fen"] {
                let value = try reader.int(tolerance, path: "validate.control_totals.tolerance_fen")
                guard value >= 0 else {
                    throw reader.error("tolerance_fen cannot be negative", at: tolerance, path: "validate.control_totals.tolerance_fen",
                                       fix: "write 0 for exact to the fen, 100 for one yuan")
                }
                spec.toleranceFen = Int64(value)
            }
        }
        if let node = map["anomalies"] {
            let detectors = try reader.mapping(node, path: "validate.anomalies", allowed: AnomalyKind.allCases.map(\.rawValue))
            for kind in AnomalyKind.allCases {
                guard let detector = detectors[kind.rawValue] else { continue }
                try parseDetector(detector, kind: kind, into: &spec, reader: reader)
            }
        }
        return spec
    }

    /// `<detector>: off`, or `{ severity: block|warn }` plus the detector's own settings.
    private static func parseDetector(_ node: Node, kind: AnomalyKind, into spec: inout ValidationChecksSpec, reader: YAMLNodeReader) throws {
        let path = "validate.anomalies.\(kind.rawValue)"
        if case .scalar = node {
            _ = try reader.choice(node, path: path, choices: ["off"])
            spec.anomalies.disabled.insert(kind)
            return
        }
        var allowed = ["severity"]
        switch kind {
        case .yearKeyedWrong: allowed += ["apply", "max_block"]
        case .amountOutlier: allowed += ["deviations", "min_lines"]
        case .monthJump: allowed += ["factor", "min_fen"]
        case .birthdayAge: allowed += ["youngest", "oldest"]
        default: break
        }
        let map = try reader.mapping(node, path: path, allowed: allowed)
        if let severity = map["severity"] {
            let choice = try reader.choice(severity, path: "\(path).severity", choices: AnomalySeverity.allCases.map(\.rawValue))
            spec.anomalies.severity[kind] = AnomalySeverity(rawValue: choice)
        }
        func positive(_ key: String) throws -> Int? {
            guard let value = map[key] else { return nil }
            let number = try reader.int(value, path: "\(path).\(key)")
            guard number > 0 else { throw reader.error("\(key) must be above 0", at: value, path: "\(path).\(key)") }
            return number
        }
        if let apply = map["apply"] {
            spec.applyYearCorrections = try reader.choice(apply, path: "\(path).apply", choices: ["true", "false"]) == "true"
        }
        if let value = try positive("max_block") { spec.anomalies.maxYearBlock = value }
        if let value = try positive("min_lines") { spec.anomalies.outlierMinimumLines = value }
        if let value = try positive("min_fen") { spec.anomalies.jumpMinimumFen = Int64(value) }
        if let value = try positive("youngest") { spec.anomalies.youngestAge = value }
        if let value = try positive("oldest") { spec.anomalies.oldestAge = value }
        for (key, keyPath) in [("deviations", \AnomalySettings.outlierDeviations), ("factor", \AnomalySettings.jumpFactor)] {
            guard let value = map[key] else { continue }
            let number = try reader.double(value, path: "\(path).\(key)")
            guard number > 1 else { throw reader.error("\(key) must be above 1", at: value, path: "\(path).\(key)") }
            spec.anomalies[keyPath: keyPath] = number
        }
    }

    /// `stores: { SH01: { opened: 2015-06-01 } }`.
    static func parseStores(_ node: Node, reader: YAMLNodeReader) throws -> [String: String] {
        guard case .mapping(let mapping) = node else {
            throw reader.error("stores must be a mapping of store codes", at: node, path: "stores", fix: "write stores: { SH01: { opened: 2015-06-01 } }")
        }
        var opened: [String: String] = [:]
        for (key, value) in mapping {
            let code = try reader.string(key, path: "stores")
            let store = try reader.mapping(value, path: "stores.\(code)", allowed: ["opened"])
            if let date = store["opened"] { opened[code] = try self.date(date, path: "stores.\(code).opened", reader: reader) }
        }
        return opened
    }

    /// A `yyyy-MM-dd` date that exists.
    private static func date(_ node: Node, path: String, reader: YAMLNodeReader) throws -> String {
        let text = try reader.string(node, path: path)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1900...2200).contains(y), (1...12).contains(m), (1...GregorianCalendarMath.daysInMonth(m, year: y)).contains(d)
        else {
            throw reader.error("'\(text)' is not a date", at: node, path: path, fix: "write it as yyyy-MM-dd, say 2015-06-01")
        }
        return text
    }
}
