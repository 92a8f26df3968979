import SalonCore

/// Which column of one POS file feeds which receipt field, resolved once per file from the
/// pipeline's candidate headers (单号 or 小票号, 时间 or 消费时间, …).
public struct ReceiptColumnBinding: Sendable {
    /// Column index per field: the first candidate header present in the file.
    public var columns: [ReceiptField: Int] {
        didSet { indexes = Self.indexes(of: columns) }
    }
    /// The same, by `ReceiptField.ordinal` (-1 for an unmapped field): looked up for every field of
    /// millions of lines, where a dictionary's hashing showed in profiles.
    private var indexes: [Int]

    public init(columns: [ReceiptField: Int]) {
        self.columns = columns
        indexes = Self.indexes(of: columns)
    }

    /// The column feeding `field`, nil when the file has none.
    @inline(__always)
    public func index(of field: ReceiptField) -> Int? {
        let index = indexes[field.ordinal]
        return index < 0 ? nil : index
    }

    private static func indexes(of columns: [ReceiptField: Int]) -> [Int] {
        var indexes = [Int](repeating: -1, count: ReceiptField.allCases.count)
        for (field, index) in columns { indexes[field.ordinal] = index }
        return indexes
    }

    /// Binds `mapping` (field → candidate headers) to the file's columns.
    /// - Returns: the binding, or the fields none of whose candidate headers exist in the file.
    public static func bind(mapping: [ReceiptField: [String]], schema: RecordSchema) -> Result<ReceiptColumnBinding, MissingColumns> {
        var columns: [ReceiptField: Int] = [:]
        var missing: [(ReceiptField, [String])] = []
        for field in ReceiptField.allCases {
            guard let candidates = mapping[field] else { continue }
            if let index = candidates.lazy.compactMap({ schema.index(of: $0) }).first {
                columns[field] = index
            } else {
                missing.append((field, candidates))
            }
        }
        if !missing.isEmpty { return .failure(MissingColumns(fields: missing, available: schema.columns)) }
        return .success(ReceiptColumnBinding(columns: columns))
    }

    /// The mapping named headers the file does not have.
    public struct MissingColumns: Error, Sendable {
        public var fields: [(ReceiptField, [String])]
        public var available: [String]

        public var message: String {
            let parts = fields.map { "\($0.0.rawValue) (looked for \($0.1.joined(separator: ", ")))" }
            return "no column for \(parts.joined(separator: "; ")); the file has: \(available.joined(separator: ", "))"
        }
    }
}
