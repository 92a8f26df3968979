import SalonCore
import SalonNormalizers
import SalonValidation
import SalonStore

/// A pipeline file, decoded strictly (see `PipelineLoader`). Relative paths in it are resolved
/// against the directory of the pipeline file, so a pipeline can be copied with its data.
public struct PipelineSpec: Sendable {
    public enum Target: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public enum Entity: String, Sendable, CaseIterable {
        case customers, visits, receipts, chat, members
    }

    public enum Format: String, Sendable, CaseIterable {
        case csv, spreadsheetml, xlsx
        /// The filled-in `salon-etl template paper-intake` CSV: hand-keyed paper cards.
        case paperIntake = "paper-intake"
        case wechatTXT = "wechat-txt", wechatCSV = "wechat-csv", whatsappTXT = "whatsapp-txt"
        /// A POS cashier export: CSV with a check that the last line is whole.
        case posCSV = "pos-csv"
        /// A WeChat Pay merchant bill (preamble, backquoted cells, summary block).
        case wechatpayCSV = "wechatpay-csv"
        /// One table of a MySQL dump (`read.table`).
        case sqlDump = "sql-dump"
    }

    public typealias CustomerField = SalonCore.CustomerField

    public struct ReadSpec: Sendable {
        public var format: Format
        /// Path or glob, already resolved to an absolute or pipeline-relative path.
        public var path: String
        /// nil = detect.
        public var encoding: String?
        /// nil = sniff.
        public var delimiter: UInt8?
        /// nil = detect; 1-based.
        public var headerRow: Int?
        /// Worksheets to read (workbook formats); nil = all.
        public var sheets: [String]?
        /// Chat formats: whether the export is a group chat (facts attach by sender) or a
        /// one-to-one chat (facts attach by conversation). See `ChatConversation`.
        public var group: Bool = true
        /// The dump table to read (`sql-dump`).
        public var table: String?
    }

    public struct Source: Sendable {
        public var id: String
        public var entity: Entity
        /// Empty for a chat source without a store.
        public var store: String
        public var read: ReadSpec
        /// Candidate headers per field, in order of preference.
        public var columns: [CustomerField: [String]]
        /// Candidate headers per receipt field (`entity: receipts`).
        public var receiptColumns: [ReceiptField: [String]] = [:]
        /// Default phone region for numbers written without a country code: CN, HK, MO, TW.
        public var phoneRegion: String
        /// Where in the pipeline file this source is declared, for messages.
        public var location: String
    }

    public struct ValidateSpec: Sendable {
        /// Share of records that may be rejected before the gate fails (0...1).
        public var maxRejectRate: Double = 0.05
        /// The sample re-check (`validate.sample`); fraction 0 turns it off.
        public var sample = SampleSpec()
        /// Control totals and anomaly detectors (`validate.control_totals`, `validate.anomalies`).
        public var checks = ValidationChecksSpec()
    }

    public var name: String
    public var file: String
    public var baseDirectory: String
    public var target: Target
    /// Workspace root for run folders; `runs/<run-id>/` is created inside it.
    public var workspace: String
    public var sources: [Source]
    public var defaultPhoneRegion: String
    /// The tag vocabulary file (`normalize.tags`), resolved; nil maps no tags.
    public var tagVocabularyPath: String?
    public var validate: ValidateSpec
    /// `normalize.consent`: what needs the customer's consent.
    public var consent = ConsentSpec()
    /// `privacy.encrypt_phones`: phones and personal text stored sealed in a CRM database that is
    /// not encrypted yet (an encrypted one stays encrypted whatever a pipeline says).
    public var encryptPhones = true
    /// `import.archive`: the folder `salon-etl import --backfill` reads archived exports from,
    /// resolved; nil reads the sources' own paths.
    public var importArchive: String?
    /// `import.keep_runs_days`: an import deletes the folders of earlier imports (`import-<id>`,
    /// with their reports and reject files) started more than this many days before it; nil keeps
    /// them all.
    public var importKeepRunsDays: Int?
    /// `derive`: segments, member levels and next birthdays after publish; nil = `derive: false`.
    public var derive: DerivedFieldRules? = DerivedFieldRules()
    /// `stores:` — what the pipeline knows of each store (its opening date, for the detectors).
    public var storeOpened: [String: String] = [:]

    public struct ConsentSpec: Sendable {
        /// Store preference and style tags (not safety tags) only for customers who consented to
        /// profiling (`normalize.consent.require_for_profiling`).
        public var requireForProfiling = false
    }

    /// `resolve`: when candidate pairs merge on their own.
    public var resolve = ResolveSpec()

    public struct ResolveSpec: Sendable {
        /// Candidate pairs scoring at or above this merge; below it they go to the review queue.
        public var autoMergeAt: Double = MatchScore.defaultAutoMergeAt
    }

    /// `reconcile`: the dual-run comparison `salon-etl reconcile` makes; nil when the pipeline has none.
    public var reconcile: ReconcileSpec?

    public struct ReconcileSpec: Sendable {
        /// Receipt sources holding the old system's exports; the other side is the CRM database.
        public var oldSources: [String]
        public var amountToleranceFen: Int64 = 0
        public var timeWindowMinutes = 10
        public var cleanDays = 7
        public var maxOpenExceptions = 0
    }
}
