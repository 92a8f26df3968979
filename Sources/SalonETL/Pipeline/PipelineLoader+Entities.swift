import SalonCore
import SalonNormalizers
import SalonReaders
import Yams

/// The parts of a source that depend on its entity: which formats it may be read from and which
/// fields its `columns:` may map.
extension PipelineLoader {
    /// Formats each entity can be loaded from.
    static let formatsByEntity: [PipelineSpec.Entity: [PipelineSpec.Format]] = [
        .customers: [.csv, .spreadsheetml, .xlsx, .paperIntake, .sqlDump],
        .receipts: [.posCSV, .wechatpayCSV, .sqlDump],
    ]

    static func checkFormat(
        _ format: PipelineSpec.Format, for entity: PipelineSpec.Entity, node: Node, path: String, reader: YAMLNodeReader
    ) throws {
        let allowed = formatsByEntity[entity] ?? []
        guard allowed.contains(format) else {
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            throw reader.error("format '\(format.rawValue)' cannot be loaded as \(entity.rawValue)", at: node, path: path,
                               fix: "\(entity.rawValue) are read from \(names)")
        }
    }

    /// `read.table`: required for a dump (a dump holds many tables, and guessing one would load the
    /// wrong rows), refused for other formats. Whether the dump declares it is checked when the
    /// file is opened.
    static func readTable(_ node: Node?, format: PipelineSpec.Format, path: String, reader: YAMLNodeReader) throws -> String? {
        guard format == .sqlDump else {
            if let node { throw reader.error("table applies to sql-dump sources only", at: node, path: path) }
            return nil
        }
        guard let node else {
            throw reader.error("a sql-dump source names the table it reads", at: nil, path: path,
                               fix: "add table: NAME to read (salon-etl inspect FILE lists the dump's tables)")
        }
        let table = try reader.string(node, path: path)
        guard !table.isEmpty else { throw reader.error("table must not be empty", at: node, path: path) }
        return table
    }

    static func parseCustomerColumns(_ node: Node, path: String, reader: YAMLNodeReader) throws -> [CustomerField: [String]] {
        let columns = try parseColumns(node, path: path, reader: reader, as: CustomerField.self)
        guard columns[.name] != nil || columns[.phone] != nil else {
            throw reader.error("a customer source must map at least name or phone", at: node,
                               path: path, fix: "add name: [姓名] or phone: [手机]")
        }
        return columns
    }

    static func parseReceiptColumns(_ node: Node, path: String, reader: YAMLNodeReader) throws -> [ReceiptField: [String]] {
        let columns = try parseColumns(node, path: path, reader: reader, as: ReceiptField.self)
        guard columns[.receiptNumber] != nil, columns[.amount] != nil || columns[.unitPrice] != nil else {
            throw reader.error("a receipt source must map receipt_number and amount (or unit_price)", at: node,
                               path: path, fix: "add receipt_number: [小票号] and amount: [金额]")
        }
        return columns
    }

    /// Field → candidate headers, every key checked against the field's raw values.
    static func parseColumns<Field: RawRepresentable & CaseIterable & Hashable>(
        _ node: Node, path: String, reader: YAMLNodeReader, as: Field.Type
    ) throws -> [Field: [String]] where Field.RawValue == String {
        let map = try reader.mapping(node, path: path, allowed: Field.allCases.map(\.rawValue))
        var columns: [Field: [String]] = [:]
        for (key, value) in map {
            let headers = try reader.stringList(value, path: "\(path).\(key)")
            guard !headers.isEmpty, headers.allSatisfy({ !$0.isEmpty }) else {
                throw reader.error("list at least one header name", at: value, path: "\(path).\(key)")
            }
            columns[Field(rawValue: key)!] = headers
        }
        return columns
    }

    /// `read.encoding`: nil for `auto` or absent (detect), else a name TextEncoding knows.
    static func readEncoding(_ node: Node?, path: String, reader: YAMLNodeReader) throws -> String? {
        guard let node else { return nil }
        let value = try reader.string(node, path: path)
        guard value.lowercased() != "auto" else { return nil }
        guard TextEncoding(name: value) != nil else {
            throw reader.error("unknown encoding '\(value)'", at: node, path: path,
                               fix: "use auto, utf-8, utf-16le, utf-16be, gb18030, gbk, big5 or windows-1252")
        }
        return value
    }
}
