import Foundation
import SalonCore

/// Expands a source's path (a file or a glob such as `legacy/SH01/*.csv`) to files, sorted so a
/// run reads them in the same order every time.
enum SourceFiles {
    static func expand(_ pattern: String) -> [String] {
        if !pattern.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let pointer = result.gl_pathv[index] { paths.append(String(cString: pointer)) }
        }
        return paths.sorted()
    }

    /// The path as shown in reports and stored as provenance: relative to the pipeline's directory
    /// when inside it, so keys do not change when a project folder moves.
    static func displayPath(_ path: String, base: String) -> String {
        let baseURL = URL(fileURLWithPath: base).standardized.path
        let full = URL(fileURLWithPath: path).standardized.path
        if full.hasPrefix(baseURL + "/") { return String(full.dropFirst(baseURL.count + 1)) }
        // Walk up: ../samples/x.csv reads better than an absolute path.
        var baseParts = baseURL.split(separator: "/")
        let fullParts = full.split(separator: "/")
        var ups = 0
        while !baseParts.isEmpty {
            let prefix = "/" + baseParts.joined(separator: "/") + "/"
            if full.hasPrefix(prefix) {
                let rest = fullParts.dropFirst(baseParts.count).joined(separator: "/")
                return String(repeating: "../", count: ups) + rest
            }
            baseParts.removeLast()
            ups += 1
        }
        return full
    }
}
