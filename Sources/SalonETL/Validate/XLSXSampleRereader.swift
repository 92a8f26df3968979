import SalonReaders

/// xlsx: the sheet's header is sniffed again, then the sheet's entry is inflated once and the
/// sampled rows are taken as it streams by.
struct XLSXSampleRereader: SampleRereading {
    func reread(path: String, source: PipelineSpec.Source, sheet: String?, locations: [(line: Int, byteOffset: Int64?)]) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        guard let sheet else { return ([], [:]) }
        let layout = try XLSXSniffer.sniff(
            path: path, options: XLSXReadOptions(sourceID: source.id, sheets: [sheet], headerRow: source.read.headerRow))
        let rows = try XLSXRecordLocator.readRows(path: path, sheet: sheet, rows: Set(locations.map(\.line)))
        return (layout.sheets.first?.columns ?? [], rows)
    }
}
