import Foundation
import SalonNormalizers
import Yams

/// Loads the shipped vocabularies the way a pipeline does: YAML decoded by the caller.
enum TagTestSupport {
    /// The package root: the nearest directory above this file that holds Package.swift.
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    static func loadVocabulary(_ file: String) throws -> TagVocabulary {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("schemas/\(file)"), encoding: .utf8)
        return try YAMLDecoder().decode(TagVocabulary.self, from: text)
    }

    /// One mapper for the salon vocabulary, shared by every test (building it is the slow part).
    static let salonMapper: TagMapper = {
        do {
            return try TagMapper(vocabulary: loadVocabulary("tags.yaml"))
        } catch {
            fatalError("schemas/tags.yaml does not load: \(error)")
        }
    }()

    /// A small vocabulary for rule tests that must not depend on the shipped data.
    static func makeVocabulary(tags: [TagDefinition]) -> TagVocabulary {
        TagVocabulary(
            name: "test", version: 1, negationCues: ["不要"], noAllergyPhrases: ["无过敏"],
            suspectedCues: ["疑似"], tags: tags)
    }

    /// Code, value and matched text of each tag: the parts most tests compare.
    static func summary(_ tags: [TagMatch]) -> [String] {
        tags.map { tag in
            var text = tag.code
            if let value = tag.value { text += "=" + value }
            text += "@" + tag.matchedText
            if tag.needsReview { text += "?" }
            return text
        }
    }
}
