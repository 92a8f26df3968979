import Foundation

/// Finds ../shared/corpus next to the package root, the way CI lays it out.
enum CorpusLocation {
    static let root: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.deletingLastPathComponent().appendingPathComponent("shared/corpus")
            }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// The `prefix|value` data lines of a libphonenumber resource file, without the 86 prefix.
    static func prefixLines(_ relativePath: String) throws -> [(prefix: String, value: String)] {
        try text(relativePath).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let bar = line.firstIndex(of: "|") else { return nil }
            let prefix = line[..<bar]
            guard prefix.hasPrefix("86") else { return nil }
            return (String(prefix.dropFirst(2)), String(line[line.index(after: bar)...]))
        }
    }
}
