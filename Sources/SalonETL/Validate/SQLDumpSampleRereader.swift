import SalonReaders

/// SQL dumps: the table's rows are numbered as the reader numbers them (`customers!3` is the
/// table's third row) and re-parsed by `SQLDumpRowLocator`, a separate plain tuple parser.
struct SQLDumpSampleRereader: SampleRereading {
    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        let table = sheet ?? source.read.table ?? ""
        return try SQLDumpRowLocator.readRows(
            path: path, table: table, rows: Set(locations.map(\.line)), encoding: source.read.encoding.flatMap(TextEncoding.init(name:)))
    }
}
