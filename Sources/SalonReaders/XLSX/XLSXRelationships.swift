/// One part's relationships (`_rels/*.rels`): id → (type, target entry).
struct XLSXRelationships {
    struct Relationship {
        /// The relationship type URI; only its last segment ("worksheet", "styles") matters here,
        /// so transitional and strict OOXML read alike.
        var type: String
        var target: String
    }

    private(set) var byID: [String: Relationship] = [:]
    private(set) var all: [Relationship] = []

    /// Reads the relationships of `part`; an absent rels part means no relationships.
    init(of part: String, archive: XLSXArchive) throws {
        let relsPart = XLSXPackagePaths.relationships(of: part)
        guard let bytes = try archive.read(relsPart, maxBytes: 16 << 20, tooLarge: .zipBomb("\(relsPart) is larger than 16 MiB"))
        else { return }
        let reader = try XLSXPartReader(part: relsPart, bytes: bytes)
        while let event = try reader.next() {
            guard case .element(let name, _) = event, name == "Relationship",
                let id = reader.attribute("Id"), let target = reader.attribute("Target"),
                reader.attribute("TargetMode") != "External"
            else { continue }
            let type = reader.attribute("Type").map { String($0.split(separator: "/").last ?? "") } ?? ""
            let relationship = Relationship(type: type, target: XLSXPackagePaths.resolve(target, from: part))
            byID[id] = relationship
            all.append(relationship)
        }
    }

    /// The first target of this type ("styles", "sharedStrings", "officeDocument").
    func target(ofType type: String) -> String? {
        all.first { $0.type == type }?.target
    }
}
