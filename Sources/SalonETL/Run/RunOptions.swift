import Foundation
import SalonStore

/// How a run is asked for on the command line.
public struct RunOptions: Sendable {
    /// Overrides the pipeline's sqlite target.
    public var databasePath: String?
    /// Overrides the pipeline's workspace root.
    public var workspaceRoot: String?
    /// Also write the JSON report here.
    public var reportJSONPath: String?
    /// Stage and validate, publish nothing.
    public var dryRun = false
    /// Show a progress line on stderr (only when it is a terminal).
    public var showProgress = true
    /// Fixed run id (tests); by default a timestamp and a random suffix.
    public var runID: String?
    /// Write reports and reject files unmasked, for the person doing the review (`--show-pii`).
    /// The use is written to the audit log before anything else.
    public var showPII = false
    /// Set by `salon-etl import` for each file it reads: the run then holds back a receipt cut by
    /// a truncated last line and records the file, its corrections and card movements on publish.
    public var importing: ImportedFile?
    /// The caller deletes the staging database once the run is published (`salon-etl import`
    /// does, for each file); the report says so (`files.staging_removed`).
    public var stagingRemovedWhenPublished = false
    /// Threads that read and normalize ahead of staging (`--workers`); above 1 the validators and
    /// the sample re-check also run beside the publish. 1 does everything on one thread; the
    /// published result is the same for any number.
    public var workers = RunOptions.defaultWorkers

    /// One per core, at least two so reading overlaps staging.
    public static var defaultWorkers: Int { max(2, ProcessInfo.processInfo.activeProcessorCount) }

    public init(
        databasePath: String? = nil, workspaceRoot: String? = nil, reportJSONPath: String? = nil,
        dryRun: Bool = false, showProgress: Bool = true, runID: String? = nil, showPII: Bool = false
    ) {
        self.showPII = showPII
        self.databasePath = databasePath
        self.workspaceRoot = workspaceRoot
        self.reportJSONPath = reportJSONPath
        self.dryRun = dryRun
        self.showProgress = showProgress
        self.runID = runID
    }
}

/// What a run ended with, and the exit code the CLI should return.
public struct RunOutcome: Sendable {
    public var report: RunReport
    public var exitCode: Int32
}
