/// Reason codes the SQL dump reader gives to rejects and warnings.
extension ReasonCode {
    /// A row with more or fewer values than the table has columns (reject).
    public static let sqlColumnCount: ReasonCode = "sql.column_count"
    /// A string literal still open at the end of the file (reject; reading stops there).
    public static let sqlUnterminatedString: ReasonCode = "sql.unterminated_string"
    /// One value longer than the reader's limit (16 MiB); the row is rejected, reading goes on.
    public static let sqlValueTooLong: ReasonCode = "sql.value_too_long"
    /// A row that is not a parenthesized value list; the rest of its statement is skipped (reject).
    public static let sqlSyntax: ReasonCode = "sql.syntax"
    /// An INSERT without a column list for a table whose CREATE TABLE was not seen: columns are
    /// named column_1… (warning).
    public static let sqlNoColumns: ReasonCode = "sql.no_columns"
}
