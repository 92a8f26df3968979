import SalonReaders

/// WeChat Pay bills: the header below the preamble is found as the bill reader finds it (the
/// layout only), then the sampled rows are read again by the CSV cursor.
struct WeChatPayBillSampleRereader: SampleRereading {
    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        let layout = try WeChatPayBillReader(path: path, options: CSVSampleRereader.options(source)).layout
        return try CSVSampleRereader.rows(path: path, layout: layout, locations: locations)
    }
}
