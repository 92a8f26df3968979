/// A customer's gender as the source states it (or as an honorific such as 女士 implies).
public enum Gender: String, Sendable, Codable {
    case female, male
}
