/// One row of the audit log. `detail` holds ids, counts and masked values, never personal data.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64
    /// ISO 8601 with the offset (Asia/Shanghai).
    public var at: String
    /// The operating-system user who ran the command.
    public var osUser: String
    /// What happened: see `AuditLog.Action`.
    public var action: String
    /// What it happened to: `run:ID`, `customer:42`, `pipeline:NAME`.
    public var subject: String
    public var detail: String
    public var runID: String?

    public init(id: Int64, at: String, osUser: String, action: String, subject: String, detail: String, runID: String?) {
        self.id = id
        self.at = at
        self.osUser = osUser
        self.action = action
        self.subject = subject
        self.detail = detail
        self.runID = runID
    }
}
