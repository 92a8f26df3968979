/// An error that stops a command (not a bad record: those are rejects). It names what is wrong,
/// where, and how to fix it.
public struct SalonError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case configuration, io, unsupported, database, decoding, gateFailed = "gate_failed", internalError = "internal"
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The pipeline file or the command line is wrong; exit code 2.
        public static let configuration = Code(.configuration)
        /// A file cannot be read or written.
        public static let io = Code(.io)
        /// A feature the pipeline asks for does not exist yet.
        public static let unsupported = Code(.unsupported)
        public static let database = Code(.database)
        /// A whole source cannot be decoded (as opposed to one record, which is a reject).
        public static let decoding = Code(.decoding)
        public static let gateFailed = Code(.gateFailed)
        public static let internalError = Code(.internalError)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// File, and where known line/column/key, e.g. `pipelines/x.yaml:12 (sources[0].read.format)`.
    public var location: String?
    /// What the user can do about it.
    public var fix: String?
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, location: String? = nil, fix: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.fix = fix
        self.cause = cause
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += message
        if let fix { text += "\n  fix: \(fix)" }
        if let cause { text += "\n  cause: \(cause)" }
        return text
    }
}
