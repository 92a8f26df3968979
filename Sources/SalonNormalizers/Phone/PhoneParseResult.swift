/// Everything one phone cell yielded: the numbers it holds (deduplicated, in order of appearance)
/// and the parts that could not be used.
public struct PhoneParseResult: Sendable {
    public var phones: [NormalizedPhone]
    public var issues: [FieldIssue]

    public init(phones: [NormalizedPhone] = [], issues: [FieldIssue] = []) {
        self.phones = phones
        self.issues = issues
    }
}
