import Yams

extension PipelineLoader {
    /// `normalize.consent: { require_for_profiling: true }`, decoded strictly: only true or false.
    static func parseConsent(_ node: Node, reader: YAMLNodeReader) throws -> PipelineSpec.ConsentSpec {
        let map = try reader.mapping(node, path: "normalize.consent", allowed: ["require_for_profiling"])
        var spec = PipelineSpec.ConsentSpec()
        if let value = map["require_for_profiling"] {
            let text = try reader.choice(value, path: "normalize.consent.require_for_profiling", choices: ["true", "false"])
            spec.requireForProfiling = text == "true"
        }
        return spec
    }
}
