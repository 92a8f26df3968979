import SalonCore

/// Which column of one file feeds which customer field, resolved once per file from the
/// pipeline's candidate headers.
public struct CustomerColumnBinding: Sendable {
    /// Column index per field (the first candidate header present in the file).
    public var single: [CustomerField: Int]
    /// Every note column present, in the pipeline's order: a note is never left behind.
    public var notes: [(column: String, index: Int)]

    /// Binds `mapping` (field → candidate headers) to the file's columns.
    /// - Returns: the binding, or the fields none of whose candidate headers exist in the file.
    public static func bind(
        mapping: [CustomerField: [String]], schema: RecordSchema
    ) -> Result<CustomerColumnBinding, MissingColumns> {
        var single: [CustomerField: Int] = [:]
        var notes: [(String, Int)] = []
        var missing: [(CustomerField, [String])] = []
        for field in CustomerField.allCases {
            guard let candidates = mapping[field] else { continue }
            if field == .notes {
                notes = candidates.compactMap { name in schema.index(of: name).map { (name, $0) } }
                if notes.isEmpty { missing.append((field, candidates)) }
            } else if let index = candidates.lazy.compactMap({ schema.index(of: $0) }).first {
                single[field] = index
            } else {
                missing.append((field, candidates))
            }
        }
        if !missing.isEmpty { return .failure(MissingColumns(fields: missing, available: schema.columns)) }
        return .success(CustomerColumnBinding(single: single, notes: notes))
    }

    /// The mapping named headers the file does not have.
    public struct MissingColumns: Error, Sendable {
        public var fields: [(CustomerField, [String])]
        public var available: [String]

        public var message: String {
            let parts = fields.map { "\($0.0.rawValue) (looked for \($0.1.joined(separator: ", ")))" }
            return "no column for \(parts.joined(separator: "; ")); the file has: \(available.joined(separator: ", "))"
        }
    }
}
