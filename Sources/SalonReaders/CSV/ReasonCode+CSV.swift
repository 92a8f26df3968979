/// Reason codes the CSV reader gives to rejects and warnings.
extension ReasonCode {
    /// A row with fewer cells than the header; padded with empty cells (warning, record kept).
    public static let csvShortRow: ReasonCode = "csv.short_row"
    /// A row with more non-empty cells than the header (reject: the cells cannot be assigned).
    public static let csvExtraCells: ReasonCode = "csv.extra_cells"
    /// A quoted field still open at the end of the file (reject).
    public static let csvUnterminatedQuote: ReasonCode = "csv.unterminated_quote"
    /// A row with bytes that are illegal in the file's encoding (reject).
    public static let csvUndecodableBytes: ReasonCode = "csv.undecodable_bytes"
    /// A record longer than the reader's limit (1 MiB of text): a file without line breaks or a
    /// quote that never closes. Reject with the record's first 4 KiB; reading goes on after it.
    public static let csvRecordTooLong: ReasonCode = "csv.record_too_long"
}
