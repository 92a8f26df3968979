/// Reason codes the POS export and WeChat Pay bill readers give to rejects.
extension ReasonCode {
    /// The file ends inside this line (no line break after it, or a quoted field left open): the
    /// export was cut or is still being written. Reject; the line comes again in a later export.
    public static let posTruncatedLine: ReasonCode = "pos.truncated_line"
    /// A row after the WeChat Pay summary values row; the bill ends with its summary (reject).
    public static let wechatPayAfterSummary: ReasonCode = "wechatpay.after_summary"
}
