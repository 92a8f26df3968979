/// Why a workbook stops being readable part-way. The record reader turns it into a reject after
/// keeping the rows before it; the sniffer and the locator throw it as a `SalonError`.
protocol WorkbookFailure: Error, Sendable {
    var code: ReasonCode { get }
    var message: String { get }
    /// Line of the failing part libxml2 reported, 0 when unknown.
    var line: Int { get }
    /// Whether rows read before the failure are still good to show (a malformed tail); false when
    /// the whole file is refused (a DOCTYPE, a zip bomb).
    var keepsEarlierRows: Bool { get }
    func salonError(path: String) -> SalonError
}

extension SpreadsheetMLFailure: WorkbookFailure {
    var keepsEarlierRows: Bool { kind == .malformed }
}
