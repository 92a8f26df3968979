import SalonCore
import SalonStore
import SalonValidation

/// The run report, written as JSON (for tools) and HTML (for people). Personal data never
/// appears in it unmasked.
public struct RunReport: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case published
        case gateFailed = "gate_failed"
        case error
        case dryRun = "dry_run"
    }

    public struct SourceSummary: Sendable, Codable {
        public var id: String
        public var store: String
        public var files: [FileSummary]
        public var recordsIn: Int
        public var loaded: Int
        public var merged: Int
        public var rejected: Int
        public var fieldRejects: Int
        public var warnings: Int
        public var bytes: Int64
    }

    public struct FileSummary: Sendable, Codable {
        public var path: String
        public var format: String
        public var encoding: String?
        public var encodingConfidence: Double?
        public var delimiter: String?
        public var headerLine: Int?
        public var records: Int
        /// SHA-256 of the file's bytes: the same content is recognised under any name.
        public var sha256: String?
        public var sizeBytes: Int64?
    }

    public struct Totals: Sendable, Codable {
        public var recordsIn = 0
        public var loaded = 0
        public var merged = 0
        public var rejected = 0
        public var fieldRejects = 0
        public var warnings = 0
    }

    public struct StageTiming: Sendable, Codable {
        public var stage: String
        public var seconds: Double
        public var recordsPerSecond: Double?
    }

    public struct Timings: Sendable, Codable {
        public var stages: [StageTiming]
        public var totalSeconds: Double
        public var recordsPerSecond: Double
        /// Peak resident memory of the process so far.
        public var peakRSSBytes: Int64
        /// User plus system CPU time of the process so far.
        public var cpuSeconds: Double
    }

    /// A few example rejects per reason, masked, so the HTML page can show what went wrong.
    public struct RejectExample: Sendable, Codable {
        public var code: String
        public var location: String
        public var column: String?
        public var message: String
        public var originalText: String
    }

    public struct ReviewItem: Sendable, Codable {
        public var reason: String
        public var detail: String
        /// For a suspected keying error: the CRM field, the text as keyed and the proposed
        /// correction (both masked), and whether the field was left empty.
        public var field: String?
        public var keyed: String?
        public var proposed: String?
        public var fieldLeftEmpty: Bool?

        public init(
            reason: String, detail: String, field: String? = nil, keyed: String? = nil, proposed: String? = nil,
            fieldLeftEmpty: Bool? = nil
        ) {
            self.reason = reason
            self.detail = detail
            self.field = field
            self.keyed = keyed
            self.proposed = proposed
            self.fieldLeftEmpty = fieldLeftEmpty
        }
    }

    /// A safety tag (allergy) as the report lists it: every one, with where it came from.
    public struct SafetyTag: Sendable, Codable {
        public var code: String
        public var value: String?
        public var matchedText: String
        public var needsReview: Bool
        public var location: String
        /// The customer's key, masked.
        public var customer: String
    }

    public struct Files: Sendable, Codable {
        public var workspace: String
        public var reportJSON: String
        public var reportHTML: String
        public var rejectsJSONL: String
        public var rejectsCSV: String
        public var staging: String
        /// True when the staging database is deleted once published (each file of an import: it
        /// holds the file's rows again, phones in plain text); absent otherwise.
        public var stagingRemoved: Bool?
    }

    public var runID: String
    public var pipeline: String
    public var pipelineFile: String
    public var status: Status
    public var startedAt: String
    public var finishedAt: String
    public var database: String?
    public var sources: [SourceSummary]
    public var totals: Totals
    public var rejectsByReason: [String: Int]
    public var warningsByReason: [String: Int]
    public var rejectExamples: [RejectExample]
    public var reviewItems: [ReviewItem]
    /// Merged records by what matched them: phone, phone+name, name+birthday.
    public var mergesByMatch: [String: Int]
    public var tagsByCode: [String: Int]
    public var allergies: [SafetyTag]
    public var gate: GateResult
    public var publish: PublishSummary?
    /// True when this publish changed no CRM rows: the run repeated an earlier one.
    public var unchangedRerun: Bool?
    public var databaseTotals: [String: Int64]?
    public var timings: Timings
    public var files: Files
    public var error: String?
    /// What the chat sources yielded; nil when the pipeline has none.
    public var chat: ChatSummary? = nil
    /// True when the run was started with `--show-pii`: this report and the reject files hold
    /// personal data unmasked. nil (absent) otherwise.
    public var piiShown: Bool? = nil
    /// What `normalize.consent` kept out of the CRM; nil when the pipeline requires no consent.
    public var consent: ConsentSummary? = nil

    public struct ConsentSummary: Sendable, Codable {
        /// Preference and style tags not stored because their customer gave no profiling consent.
        public var tagsWithheld: Int
        public var customersWithheld: Int
    }
    /// Receipts per store and their customer links (nil when the pipeline has no receipt source).
    public var receipts: ReceiptSummary? = nil
    /// The sample re-check; nil when it is turned off or the run stopped before it.
    public var sample: SampleSummary? = nil
    public var validation: ValidationSummary? = nil
}
