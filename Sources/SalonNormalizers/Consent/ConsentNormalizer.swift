import SalonCore

/// Reads the yes/no cells of consent columns (拒收营销, 同意画像). Words that only make sense for
/// one column (拒收, 退订) are left out: in the other column they would mean the opposite. Staff write these every way a
/// spreadsheet allows: 是/否, 同意/不同意, Y/N, yes/no, true/false, 1/0, ✓/✗. Anything else is a
/// field reject rather than a guess, since a wrong guess either spams or profiles someone.
public enum ConsentNormalizer {
    private static let yes: Set<String> = [
        "是", "是的", "同意", "已同意", "愿意", "接受", "对", "有", "√", "✓", "✔", "y", "yes", "true", "t", "1",
        "agree", "agreed",
    ]
    private static let no: Set<String> = [
        "否", "不", "不是", "不同意", "未同意", "不愿意", "不接受", "没有", "无", "×", "✗", "✘", "n", "no", "false", "f", "0",
        "disagree",
    ]

    /// true for a yes, false for a no, nil for an empty cell.
    /// - Returns: `.failure` with `consent.unrecognized` for anything else.
    public static func parse(_ text: String) -> Result<Bool?, FieldIssue> {
        let folded = TextNormalizer.foldWidth(text).lowercased()
        let trimmed = String(folded.unicodeScalars.filter { $0 != " " && $0 != "\u{3000}" && $0 != "\t" })
        if trimmed.isEmpty { return .success(nil) }
        if yes.contains(trimmed) { return .success(true) }
        if no.contains(trimmed) { return .success(false) }
        return .failure(FieldIssue(
            code: "consent.unrecognized", message: "a consent cell must say yes or no (是/否, yes/no, 1/0)", text: text))
    }
}
