extension HTMLReport {
    /// A red banner at the top when the run showed personal data unmasked: whoever opens the page
    /// must see at once that it is not for sharing.
    static func privacyNotice(_ report: RunReport) -> String {
        guard report.piiShown == true else { return "" }
        return "<p class=\"banner bad\">含未打码个人信息（--show-pii，已记入审计日志）。本报告和拒绝文件中的电话、证件号未打码，请勿转发。"
            + " Personal data NOT masked (--show-pii, recorded in the audit log): phones and ID numbers in this report and the reject files are shown in full. Do not share.</p>\n"
    }

    /// What `normalize.consent` withheld.
    static func consentSection(_ report: RunReport) -> String {
        guard let consent = report.consent else { return "" }
        return section("同意与画像 Consent")
            + "<p>未同意画像的客户不保存偏好标签（过敏等安全标签照常保存）。Preference tags are not stored for customers without profiling consent; safety tags such as allergies always are.</p>"
            + "<table><tr><td>未保存的偏好标签 tags withheld</td><td class=n>\(consent.tagsWithheld)</td></tr>"
            + "<tr><td>涉及客户 customers</td><td class=n>\(consent.customersWithheld)</td></tr></table>\n"
    }
}
