import SalonCore
import SalonReaders
import Yams

extension PipelineLoader {
    static let chatReadKeys = ["format", "path", "encoding", "group"]

    /// A chat source: `read.format` is one of the chat formats, `store` is optional (it goes on
    /// the messages, the customers created from them and their appointments), and there are no
    /// `columns`, since every chat record has the same fields.
    static func parseChatSource(
        _ map: [String: Node], node: Node, id: String, path: String, reader: YAMLNodeReader, base: String, defaultRegion: String
    ) throws -> PipelineSpec.Source {
        if map["columns"] != nil {
            throw reader.error("a chat source has no columns: every message has a time, sender and text", at: map["columns"],
                               path: "\(path).columns", fix: "remove columns from this source")
        }
        let store = try map["store"].map { try reader.string($0, path: "\(path).store") } ?? ""
        let readMap = try reader.mapping(map["read"]!, path: "\(path).read", allowed: chatReadKeys, required: ["format", "path"])
        let formats = ChatFormat.allCases.map(\.rawValue)
        let format = PipelineSpec.Format(rawValue: try reader.choice(readMap["format"]!, path: "\(path).read.format", choices: formats))!
        let filePath = resolve(try reader.string(readMap["path"]!, path: "\(path).read.path"), base: base)
        let encoding = try readEncoding(readMap["encoding"], path: "\(path).read.encoding", reader: reader)
        var group = true
        if let node = readMap["group"] {
            let value = try reader.choice(node, path: "\(path).read.group", choices: ["true", "false"])
            group = value == "true"
        }
        var region = defaultRegion
        if let node = map["phone_region"] {
            region = try reader.choice(node, path: "\(path).phone_region", choices: phoneRegions)
        }
        return PipelineSpec.Source(
            id: id, entity: .chat, store: store,
            read: .init(format: format, path: filePath, encoding: encoding, delimiter: nil, headerRow: nil, sheets: nil, group: group),
            columns: [:], phoneRegion: region, location: "\(reader.file):\(node.mark?.line ?? 0) (\(path))")
    }
}
