/// The CRM fields a customer source maps from its columns (`columns:` in a pipeline file).
public enum CustomerField: String, Sendable, CaseIterable, Codable {
    case name, phone, gender, birthday
    case memberLevel = "member_level"
    case balance
    case cardNumber = "card_number"
    case joinDate = "join_date"
    case notes
    /// A column giving the store code per row, for files that hold several stores.
    case store
    /// A column saying the customer refuses marketing (拒收营销: 是/否, yes/no).
    case marketingOptOut = "marketing_opt_out"
    /// A column saying the customer consents to profiling (同意画像: 是/否, yes/no).
    case profilingConsent = "profiling_consent"
}
