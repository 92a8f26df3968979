/// Reason codes of the xlsx reader. Each is a file-level reject naming the file: the workbook (or
/// the rest of it) cannot be read, and nothing is guessed.
extension ReasonCode {
    /// Not a zip archive, a truncated one, or a zip without `xl/workbook.xml` (and a legacy .xls).
    public static let xlsxNotAWorkbook: ReasonCode = "xlsx.not_a_workbook"
    /// A password-protected workbook: an OLE compound file holding an EncryptedPackage.
    public static let xlsxEncrypted: ReasonCode = "xlsx.encrypted"
    /// An entry inflates past the total size limit or the compression-ratio limit.
    public static let xlsxZipBomb: ReasonCode = "xlsx.zip_bomb"
    /// More zip entries than any real workbook has.
    public static let xlsxTooManyEntries: ReasonCode = "xlsx.too_many_entries"
    /// The workbook names a part (a sheet, the shared strings) the archive does not hold.
    public static let xlsxMissingPart: ReasonCode = "xlsx.missing_part"
    /// An entry's compressed data is damaged (inflate error or CRC mismatch).
    public static let xlsxCorruptEntry: ReasonCode = "xlsx.corrupt_entry"
    /// The shared strings table is larger than the configured cap.
    public static let xlsxSharedStringsTooLarge: ReasonCode = "xlsx.shared_strings_too_large"
    /// A cell refers to a shared string past the end of the table; the row is rejected.
    public static let xlsxBadSharedString: ReasonCode = "xlsx.bad_shared_string"
}
