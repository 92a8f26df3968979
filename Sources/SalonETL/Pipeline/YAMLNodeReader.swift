import SalonCore
import Yams

/// Walks a composed YAML node tree strictly: every key must be known, every value of the right
/// kind. Errors name the file, line, key path and a fix (the nearest valid key for a typo).
struct YAMLNodeReader {
    let file: String

    func error(_ message: String, at node: Node?, path: String, fix: String? = nil) -> SalonError {
        var location = file
        if let mark = node?.mark { location += ":\(mark.line)" }
        location += " (\(path))"
        return SalonError(.configuration, message, location: location, fix: fix)
    }

    /// The mapping at `node`, with its keys checked against `allowed`.
    func mapping(_ node: Node, path: String, allowed: [String], required: [String] = []) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of keys (\(allowed.joined(separator: ", ")))", at: node, path: path)
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error("a key must be text", at: keyNode, path: path) }
            guard allowed.contains(key) else {
                let suggestion = Self.nearest(to: key, in: allowed)
                throw error(
                    "unknown key '\(key)'", at: keyNode, path: path.isEmpty ? key : "\(path).\(key)",
                    fix: suggestion.map { "did you mean '\($0)'? Valid keys: \(allowed.joined(separator: ", "))" }
                        ?? "valid keys: \(allowed.joined(separator: ", "))")
            }
            if result[key] != nil { throw error("key '\(key)' appears twice", at: keyNode, path: path) }
            result[key] = value
        }
        for key in required where result[key] == nil {
            throw error("missing required key '\(key)'", at: node, path: path, fix: "add '\(key):' here")
        }
        return result
    }

    func string(_ node: Node, path: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a single value", at: node, path: path) }
        return scalar.string
    }

    func int(_ node: Node, path: String) throws -> Int {
        guard let value = Int(try string(node, path: path)) else {
            throw error("expected a whole number", at: node, path: path)
        }
        return value
    }

    func double(_ node: Node, path: String) throws -> Double {
        guard let value = Double(try string(node, path: path)) else {
            throw error("expected a number", at: node, path: path)
        }
        return value
    }

    /// A single string or a list of strings.
    func stringList(_ node: Node, path: String) throws -> [String] {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let sequence):
            return try sequence.enumerated().map { try string($0.element, path: "\(path)[\($0.offset)]") }
        default: throw error("expected a header name or a list of header names", at: node, path: path)
        }
    }

    func sequence(_ node: Node, path: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw error("expected a list", at: node, path: path) }
        return Array(sequence)
    }

    /// One of `choices`, with the nearest choice suggested on a typo.
    func choice(_ node: Node, path: String, choices: [String]) throws -> String {
        let value = try string(node, path: path)
        guard choices.contains(value) else {
            let suggestion = Self.nearest(to: value, in: choices)
            throw error("'\(value)' is not one of \(choices.joined(separator: ", "))", at: node, path: path,
                        fix: suggestion.map { "did you mean '\($0)'?" })
        }
        return value
    }

    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
