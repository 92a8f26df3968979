import Foundation
import SalonCore
import SalonNormalizers
import SalonStore
import Yams

extension PipelineLoader {
    static let deriveKeys = ["as_of", "segments", "member_levels"]
    static let segmentKeys = [
        "new_days", "dormant_days", "high_value_top", "high_value_min_visits", "potential_visits", "potential_days",
    ]

    /// `derive: false`, or `derive: { as_of, segments, member_levels }` with every part optional
    /// (the defaults of `DerivedFieldRules`); `segments` and `member_levels` may each be `false`.
    static func parseDerive(_ node: Node, reader: YAMLNodeReader) throws -> DerivedFieldRules? {
        if case .scalar = node {
            _ = try reader.choice(node, path: "derive", choices: ["false"])
            return nil
        }
        let map = try reader.mapping(node, path: "derive", allowed: deriveKeys)
        var rules = DerivedFieldRules()
        if let asOf = map["as_of"] {
            let text = try reader.string(asOf, path: "derive.as_of")
            if text != "latest" {
                guard BirthdayOccurrence.parseISODate(text) != nil else {
                    throw reader.error("'\(text)' is not a date", at: asOf, path: "derive.as_of",
                                       fix: "write a date like 2024-03-31, or latest for the latest transaction date loaded")
                }
                rules.asOf = text
            }
        }
        if let segments = map["segments"] { rules.segments = try parseSegments(segments, reader: reader) }
        if let levels = map["member_levels"] { rules.memberLevels = try parseMemberLevels(levels, reader: reader) }
        return rules
    }

    private static func parseSegments(_ node: Node, reader: YAMLNodeReader) throws -> DerivedFieldRules.SegmentRules? {
        if case .scalar = node {
            _ = try reader.choice(node, path: "derive.segments", choices: ["false"])
            return nil
        }
        let map = try reader.mapping(node, path: "derive.segments", allowed: segmentKeys)
        var rules = DerivedFieldRules.SegmentRules()
        func whole(_ key: String, atLeast minimum: Int) throws -> Int? {
            guard let value = map[key] else { return nil }
            let number = try reader.int(value, path: "derive.segments.\(key)")
            guard number >= minimum, number <= 36_500 else {
                throw reader.error("\(key) must be a whole number from \(minimum) to 36500", at: value,
                                   path: "derive.segments.\(key)", fix: "write e.g. \(key): \(max(minimum, 3))")
            }
            return number
        }
        rules.newDays = try whole("new_days", atLeast: 0) ?? rules.newDays
        rules.dormantDays = try whole("dormant_days", atLeast: 0) ?? rules.dormantDays
        rules.highValueMinVisits = try whole("high_value_min_visits", atLeast: 0) ?? rules.highValueMinVisits
        rules.potentialVisits = try whole("potential_visits", atLeast: 1) ?? rules.potentialVisits
        rules.potentialDays = try whole("potential_days", atLeast: 0) ?? rules.potentialDays
        if let top = map["high_value_top"] {
            let share = try reader.double(top, path: "derive.segments.high_value_top")
            guard share > 0, share <= 1 else {
                throw reader.error("high_value_top is a share above 0 and at most 1", at: top,
                                   path: "derive.segments.high_value_top", fix: "write 0.2 for the top 20%")
            }
            rules.highValueTop = share
        }
        return rules
    }

    /// `member_levels: { 银卡: 2000, 金卡: 5000, 钻石: 10000 }`: level name → lifetime spend in yuan
    /// from which it holds. The level for spend below every threshold is 普通 unless one level is
    /// given from 0.
    private static func parseMemberLevels(
        _ node: Node, reader: YAMLNodeReader
    ) throws -> [DerivedFieldRules.MemberLevelThreshold]? {
        let path = "derive.member_levels"
        if case .scalar = node {
            _ = try reader.choice(node, path: path, choices: ["false"])
            return nil
        }
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            throw reader.error("expected level names with the spend in yuan they start at", at: node, path: path,
                               fix: "write member_levels: { 银卡: 2000, 金卡: 5000, 钻石: 10000 } or member_levels: false")
        }
        var levels: [DerivedFieldRules.MemberLevelThreshold] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= 20 else {
                throw reader.error("a level name must be text of 1 to 20 characters", at: keyNode, path: path)
            }
            let keyPath = "\(path).\(name)"
            let text = try reader.string(value, path: keyPath)
            guard case .success(let parsed) = MoneyNormalizer.parseFen(text), let fen = parsed, fen >= 0 else {
                throw reader.error("'\(text)' is not an amount in yuan", at: value, path: keyPath, fix: "write e.g. \(name): 2000")
            }
            if levels.contains(where: { $0.level == name }) {
                throw reader.error("level '\(name)' appears twice", at: keyNode, path: path)
            }
            if levels.contains(where: { $0.fromFen == fen }) {
                throw reader.error("two levels start at the same spend", at: value, path: keyPath, fix: "give each level its own amount")
            }
            levels.append(.init(level: name, fromFen: fen))
        }
        if !levels.contains(where: { $0.fromFen == 0 }) {
            guard !levels.contains(where: { $0.level == "普通" }) else {
                throw reader.error("no level starts at 0 yuan", at: node, path: path,
                                   fix: "add a level from 0 (普通 is used when none is named)")
            }
            levels.append(.init(level: "普通", fromFen: 0))
        }
        return levels.sorted { $0.fromFen < $1.fromFen }
    }
}
