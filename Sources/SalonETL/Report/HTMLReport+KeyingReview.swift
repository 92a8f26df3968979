import SalonCore
import SalonNormalizers

extension HTMLReport {
    /// " — 录入 keyed 138*****000 → 建议 proposed 138****8000" for a suspected keying error; empty otherwise.
    /// The values arrive masked; they are masked again here in case a caller forgot.
    static func keyingDetail(_ item: RunReport.ReviewItem, pii: PIIDisplay) -> String {
        guard let keyed = item.keyed else { return "" }
        var text = " — 录入 keyed <code>\(escape(pii.keyed(keyed)))</code>"
        text += " → 建议 proposed " + (item.proposed.map { "<code>\(escape(pii.text($0)))</code>" } ?? "无 none (check the card)")
        if item.fieldLeftEmpty == true { text += "（字段留空 field left empty）" }
        return text
    }
}
