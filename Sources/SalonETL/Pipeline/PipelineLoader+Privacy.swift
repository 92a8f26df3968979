import Yams

extension PipelineLoader {
    /// `privacy: { encrypt_phones: false }`, decoded strictly: only true or false. Keys never come
    /// from a pipeline file; this only opts a pipeline out of encryption.
    static func parsePrivacy(_ node: Node, reader: YAMLNodeReader) throws -> Bool {
        let map = try reader.mapping(node, path: "privacy", allowed: ["encrypt_phones"])
        guard let value = map["encrypt_phones"] else { return true }
        return try reader.choice(value, path: "privacy.encrypt_phones", choices: ["true", "false"]) == "true"
    }
}
