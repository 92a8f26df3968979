/// Rows (or lines) an erasure removed or anonymised in one place.
public struct ErasureCount: Sendable, Codable, Equatable {
    /// A table (`customers`), a staging table in a run (`RUN/staging.sqlite:stg_phone_rows`) or a
    /// file (`RUN/rejects.jsonl`).
    public var place: String
    public var rows: Int

    public init(place: String, rows: Int) {
        self.place = place
        self.rows = rows
    }
}
