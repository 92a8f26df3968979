import Foundation
import SalonCore
import SalonNormalizers
import SalonReaders
import SalonValidation
import SalonStore
import Yams

/// Reads a pipeline file and rejects anything wrong before a run starts: unknown keys (with the
/// nearest valid one), wrong kinds of values, unsupported targets and formats, missing files.
public enum PipelineLoader {
    static let topKeys = [
        "name", "target", "workspace", "sources", "normalize", "resolve", "validate", "derive", "import", "stores",
        "reconcile", "privacy",
    ]
    static let sourceKeys = ["id", "entity", "store", "read", "columns", "phone_region"]
    static let readKeys = ["format", "path", "encoding", "delimiter", "header_row", "sheets", "group", "table"]
    static let phoneRegions = ["CN", "HK", "MO", "TW"]

    /// Loads and checks the pipeline at `path`.
    /// - Throws: `SalonError` with code `.configuration`, naming the file, line and key.
    public static func load(path: String) throws -> PipelineSpec {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SalonError(.configuration, "cannot read the pipeline file", location: path,
                             fix: "check the path; pipelines/ holds examples to copy")
        }
        return try parse(text, file: path)
    }

    /// Parses pipeline YAML text; `file` names it in messages and anchors relative paths.
    public static func parse(_ text: String, file: String) throws -> PipelineSpec {
        let reader = YAMLNodeReader(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SalonError(.configuration, "the pipeline file is empty", location: file,
                                 fix: "start from pipelines/template.yaml")
            }
            root = node
        } catch let error as SalonError {
            throw error
        } catch {
            throw SalonError(.configuration, "not valid YAML: \(error)", location: file,
                             fix: "check indentation and quoting near the line shown")
        }
        let top = try reader.mapping(root, path: "", allowed: topKeys, required: ["name", "target", "sources"])
        let baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path

        let name = try reader.string(top["name"]!, path: "name")
        let target = try parseTarget(top["target"]!, reader: reader, base: baseDirectory)
        let workspace = try top["workspace"].map { resolve(try reader.string($0, path: "workspace"), base: baseDirectory) }
            ?? resolve("../runs", base: baseDirectory)

        var defaultRegion = "CN"
        var tagVocabularyPath: String?
        var consent = PipelineSpec.ConsentSpec()
        if let normalize = top["normalize"] {
            let map = try reader.mapping(normalize, path: "normalize", allowed: ["phone", "tags", "consent"])
            if let node = map["consent"] { consent = try parseConsent(node, reader: reader) }
            if let tags = map["tags"] {
                let path = resolve(try reader.string(tags, path: "normalize.tags"), base: baseDirectory)
                guard FileManager.default.fileExists(atPath: path) else {
                    throw reader.error("no tag vocabulary at \(path)", at: tags, path: "normalize.tags",
                                       fix: "point it at schemas/tags.yaml (relative to this pipeline file)")
                }
                tagVocabularyPath = path
            }
            if let phone = map["phone"] {
                let phoneMap = try reader.mapping(phone, path: "normalize.phone", allowed: ["region"])
                if let region = phoneMap["region"] {
                    defaultRegion = try reader.choice(region, path: "normalize.phone.region", choices: phoneRegions)
                }
            }
        }
        var resolveSpec = PipelineSpec.ResolveSpec()
        if let resolveNode = top["resolve"] {
            let map = try reader.mapping(resolveNode, path: "resolve", allowed: ["match_on", "auto_merge_at"])
            if let match = map["match_on"] {
                _ = try reader.choice(match, path: "resolve.match_on", choices: ["phone"])
            }
            if let threshold = map["auto_merge_at"] {
                let value = try reader.double(threshold, path: "resolve.auto_merge_at")
                guard value > 0, value <= 1 else {
                    throw reader.error("auto_merge_at must be a score above 0 and at most 1", at: threshold,
                                       path: "resolve.auto_merge_at", fix: "write 0.9 (the default); 1 merges only pairs that agree on every known field")
                }
                resolveSpec.autoMergeAt = value
            }
        }
        var validate = PipelineSpec.ValidateSpec()
        if let validateNode = top["validate"] {
            let map = try reader.mapping(validateNode, path: "validate", allowed: ["max_reject_rate", "sample"] + validationKeys)
            if let rate = map["max_reject_rate"] {
                let value = try reader.double(rate, path: "validate.max_reject_rate")
                guard (0...1).contains(value) else {
                    throw reader.error("max_reject_rate must be between 0 and 1", at: rate, path: "validate.max_reject_rate",
                                       fix: "write 0.05 for 5%")
                }
                validate.maxRejectRate = value
            }
            if let sample = map["sample"] {
                validate.sample = try parseSample(sample, reader: reader)
            }
            validate.checks = try parseValidationChecks(map, reader: reader)
        }

        var derive = try top["derive"].map { try parseDerive($0, reader: reader) } ?? DerivedFieldRules()
        derive?.requireProfilingConsent = consent.requireForProfiling

        let sourceNodes = try reader.sequence(top["sources"]!, path: "sources")
        guard !sourceNodes.isEmpty else {
            throw reader.error("a pipeline needs at least one source", at: top["sources"], path: "sources")
        }
        var sources: [PipelineSpec.Source] = []
        var seenIDs = Set<String>()
        for (index, node) in sourceNodes.enumerated() {
            let source = try parseSource(node, index: index, reader: reader, base: baseDirectory, defaultRegion: defaultRegion)
            guard seenIDs.insert(source.id).inserted else {
                throw reader.error("source id '\(source.id)' is used twice", at: node, path: "sources[\(index)].id",
                                   fix: "give each source its own id")
            }
            sources.append(source)
        }
        var spec = PipelineSpec(
            name: name, file: file, baseDirectory: baseDirectory, target: target, workspace: workspace,
            sources: sources, defaultPhoneRegion: defaultRegion, tagVocabularyPath: tagVocabularyPath, validate: validate,
            consent: consent, derive: derive,
            storeOpened: try top["stores"].map { try parseStores($0, reader: reader) } ?? [:], resolve: resolveSpec)
        if let importNode = top["import"] {
            let map = try reader.mapping(importNode, path: "import", allowed: ["archive", "keep_runs_days"])
            spec.importArchive = try map["archive"].map { resolve(try reader.string($0, path: "import.archive"), base: baseDirectory) }
            if let node = map["keep_runs_days"] {
                let days = try reader.int(node, path: "import.keep_runs_days")
                guard days >= 1 else {
                    throw reader.error("keep_runs_days must be at least 1", at: node, path: "import.keep_runs_days",
                                       fix: "write 90 to keep three months of import reports, or leave the key out to keep them all")
                }
                spec.importKeepRunsDays = days
            }
        }
        if let node = top["reconcile"] {
            spec.reconcile = try parseReconcile(node, sources: sources, reader: reader)
        }
        if let node = top["privacy"] { spec.encryptPhones = try parsePrivacy(node, reader: reader) }
        return spec
    }

    static func resolve(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardized.path
    }

    /// `validate.sample: { fraction: 0.10, seed: 42 }`; both keys optional.
    private static func parseSample(_ node: Node, reader: YAMLNodeReader) throws -> SampleSpec {
        let map = try reader.mapping(node, path: "validate.sample", allowed: ["fraction", "seed"])
        var spec = SampleSpec()
        if let fraction = map["fraction"] {
            spec.fraction = try reader.double(fraction, path: "validate.sample.fraction")
            guard (0...1).contains(spec.fraction) else {
                throw reader.error("fraction must be between 0 and 1", at: fraction, path: "validate.sample.fraction",
                                   fix: "write 0.10 to re-check 10% of records, or 0 to turn the re-check off")
            }
        }
        if let seed = map["seed"] {
            let value = try reader.int(seed, path: "validate.sample.seed")
            guard value >= 0 else {
                throw reader.error("seed must be a whole number from 0 up", at: seed, path: "validate.sample.seed", fix: "write seed: 42")
            }
            spec.seed = UInt64(value)
        }
        return spec
    }

    private static func parseTarget(_ node: Node, reader: YAMLNodeReader, base: String) throws -> PipelineSpec.Target {
        let map = try reader.mapping(node, path: "target", allowed: ["sqlite", "postgres"])
        guard map.count == 1 else {
            throw reader.error("target needs exactly one of sqlite or postgres", at: node, path: "target",
                               fix: "write target: { sqlite: out/crm.sqlite }")
        }
        if let sqlite = map["sqlite"] {
            return .sqlite(path: resolve(try reader.string(sqlite, path: "target.sqlite"), base: base))
        }
        let url = try reader.string(map["postgres"]!, path: "target.postgres")
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw reader.error("a postgres target is a URL like postgresql://user@host:5432/db", at: map["postgres"],
                               path: "target.postgres")
        }
        guard !PostgresURL.containsPassword(url) else {
            throw reader.error("the postgres URL contains a password; pipeline files must not hold one", at: map["postgres"],
                               path: "target.postgres",
                               fix: "remove the password from the URL and set PGPASSWORD or add a line to ~/.pgpass")
        }
        return .postgres(url: url)
    }

    private static func parseSource(
        _ node: Node, index: Int, reader: YAMLNodeReader, base: String, defaultRegion: String
    ) throws -> PipelineSpec.Source {
        let path = "sources[\(index)]"
        let map = try reader.mapping(node, path: path, allowed: sourceKeys, required: ["id", "entity", "read"])
        let id = try reader.string(map["id"]!, path: "\(path).id")
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw reader.error("a source id uses letters, digits, '-', '_' or '.'", at: map["id"], path: "\(path).id")
        }
        let entityName = try reader.choice(map["entity"]!, path: "\(path).entity", choices: PipelineSpec.Entity.allCases.map(\.rawValue))
        let entity = PipelineSpec.Entity(rawValue: entityName)!
        if entity == .chat {
            return try parseChatSource(map, node: node, id: id, path: path, reader: reader, base: base, defaultRegion: defaultRegion)
        }
        guard entity == .customers || entity == .receipts else {
            throw reader.error("entity '\(entityName)' is not supported yet; this version loads customers, receipts and chat",
                               at: map["entity"], path: "\(path).entity", fix: "use entity: customers, receipts or chat")
        }
        // `columns` is checked below: a paper-intake source may leave it out.
        if map["store"] == nil {
            throw reader.error("missing required key 'store'", at: node, path: path, fix: "add 'store:' here")
        }
        let store = try reader.string(map["store"]!, path: "\(path).store")
        guard !store.isEmpty else { throw reader.error("store must not be empty", at: map["store"], path: "\(path).store") }

        let readMap = try reader.mapping(map["read"]!, path: "\(path).read", allowed: readKeys, required: ["format", "path"])
        let format = PipelineSpec.Format(rawValue: try reader.choice(
            readMap["format"]!, path: "\(path).read.format", choices: PipelineSpec.Format.allCases.map(\.rawValue)))!
        guard ChatFormat(rawValue: format.rawValue) == nil, readMap["group"] == nil else {
            throw reader.error("format \(format.rawValue) and read.group belong to chat sources", at: readMap["format"],
                               path: "\(path).read.format", fix: "use entity: chat for chat exports")
        }
        let filePath = resolve(try reader.string(readMap["path"]!, path: "\(path).read.path"), base: base)
        try checkFormat(format, for: entity, node: readMap["format"]!, path: "\(path).read.format", reader: reader)
        let table = try readTable(readMap["table"], format: format, path: "\(path).read.table", reader: reader)
        let encoding = try readEncoding(readMap["encoding"], path: "\(path).read.encoding", reader: reader)
        var delimiter: UInt8?
        if let node = readMap["delimiter"] {
            let value = try reader.string(node, path: "\(path).read.delimiter")
            switch value.lowercased() {
            case "auto": delimiter = nil
            case ",", "comma": delimiter = UInt8(ascii: ",")
            case "\t", "tab", "\\t": delimiter = UInt8(ascii: "\t")
            case ";", "semicolon": delimiter = UInt8(ascii: ";")
            case "|", "pipe": delimiter = UInt8(ascii: "|")
            default:
                throw reader.error("unknown delimiter '\(value)'", at: node, path: "\(path).read.delimiter",
                                   fix: "use auto, comma, tab, semicolon or pipe")
            }
        }
        var headerRow: Int?
        if let node = readMap["header_row"], try reader.string(node, path: "\(path).read.header_row").lowercased() != "auto" {
            headerRow = try reader.int(node, path: "\(path).read.header_row")
            guard headerRow! >= 1 else {
                throw reader.error("header_row counts from 1", at: node, path: "\(path).read.header_row")
            }
        }
        let sheets = try readMap["sheets"].map { try reader.stringList($0, path: "\(path).read.sheets") }
        if sheets != nil && format != .spreadsheetml && format != .xlsx {
            throw reader.error("sheets applies to spreadsheetml and xlsx sources only", at: readMap["sheets"], path: "\(path).read.sheets")
        }
        var columns: [PipelineSpec.CustomerField: [String]] = [:]
        var receiptColumns: [ReceiptField: [String]] = [:]
        if format == .paperIntake {
            // A paper-intake source knows its template's headers; listed columns override them.
            columns = PaperIntakeLayout.defaultColumns
            if let node = map["columns"] {
                columns.merge(try parseColumns(node, path: "\(path).columns", reader: reader, as: CustomerField.self)) { $1 }
            }
        } else {
            guard let columnsNode = map["columns"] else {
                throw reader.error("missing required key 'columns'", at: node, path: path, fix: "add 'columns:' here")
            }
            if entity == .receipts {
                receiptColumns = try parseReceiptColumns(columnsNode, path: "\(path).columns", reader: reader)
            } else {
                columns = try parseCustomerColumns(columnsNode, path: "\(path).columns", reader: reader)
            }
        }
        var region = defaultRegion
        if let node = map["phone_region"] {
            region = try reader.choice(node, path: "\(path).phone_region", choices: phoneRegions)
        }
        let location = "\(reader.file):\(node.mark?.line ?? 0) (\(path))"
        return PipelineSpec.Source(
            id: id, entity: entity, store: store,
            read: .init(format: format, path: filePath, encoding: encoding, delimiter: delimiter, headerRow: headerRow, sheets: sheets, table: table),
            columns: columns, receiptColumns: receiptColumns, phoneRegion: region, location: location)
    }
}

extension PipelineLoader {
    /// Reads a tag vocabulary file and checks it.
    /// - Throws: `SalonError(.configuration)` naming the file and the problem.
    public static func loadTagMapper(path: String) throws -> TagMapper {
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let vocabulary = try YAMLDecoder().decode(TagVocabulary.self, from: text)
            return try TagMapper(vocabulary: vocabulary)
        } catch let error as TagVocabularyError {
            throw SalonError(.configuration, "the tag vocabulary is not valid: \(error)", location: path,
                             fix: "compare with schemas/tags.yaml")
        } catch {
            throw SalonError(.configuration, "cannot read the tag vocabulary: \(error)", location: path,
                             fix: "compare with schemas/tags.yaml")
        }
    }
}
