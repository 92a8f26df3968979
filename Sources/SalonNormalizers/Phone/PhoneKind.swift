/// What a number reaches: a person's mobile, a fixed line, or a company's 400/800 hotline, which
/// the loader keeps apart from personal phones.
public enum PhoneKind: String, Sendable, Codable {
    case mobile, landline
    case tollFree = "toll_free"
}
