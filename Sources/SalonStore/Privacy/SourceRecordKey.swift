/// A source record as provenance names it: the source id, the file as the pipeline displays it
/// and the record key (`line 12`, `2023!3`).
public struct SourceRecordKey: Sendable, Hashable {
    public var sourceID: String
    public var file: String
    public var recordKey: String

    public init(sourceID: String, file: String, recordKey: String) {
        self.sourceID = sourceID
        self.file = file
        self.recordKey = recordKey
    }
}
