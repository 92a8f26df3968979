/// How a run decides candidate pairs, within the run and against customers already in the CRM
/// database: the auto-merge threshold (`resolve.auto_merge_at`) and how a name part is made
/// comparable. Within a run names are folded to Simplified script before they are compared
/// (陳大文 and 陈大文 are one person); the database keeps names as written, so the publish step
/// folds both sides with the same function.
public struct MatchRule: Sendable {
    public var autoMergeAt: Double
    public var foldName: @Sendable (String) -> String

    public init(autoMergeAt: Double = MatchScore.defaultAutoMergeAt, foldName: @escaping @Sendable (String) -> String = { $0 }) {
        self.autoMergeAt = autoMergeAt
        self.foldName = foldName
    }

    /// The profile of a customer as stored (a staged row or a CRM customer), names folded.
    public func profile(
        surname: String?, givenName: String?, birthday: String?, calendar: String?, gender: String?, storeCode: String?
    ) -> MatchProfile {
        MatchProfile(
            surname: surname.map(foldName), givenName: givenName.map(foldName), birthday: birthday, calendar: calendar,
            gender: gender, storeCode: storeCode)
    }
}
