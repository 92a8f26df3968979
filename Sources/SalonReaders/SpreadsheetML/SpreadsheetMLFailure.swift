/// Why a workbook stops being readable part-way: the reader turns it into a reject after keeping
/// the rows before it; the sniffer and the locator throw it as a `SalonError`.
struct SpreadsheetMLFailure: Error, Sendable {
    enum Kind: Sendable {
        case doctypeForbidden, malformed
    }

    var kind: Kind
    /// libxml2's description (masked: it can quote document text).
    var detail: String
    /// Line libxml2 reported, 0 when unknown.
    var line: Int

    var code: ReasonCode {
        kind == .doctypeForbidden ? .xmlDoctypeForbidden : .xmlMalformed
    }

    var message: String {
        switch kind {
        case .doctypeForbidden:
            return "the file declares a DOCTYPE or entities; such files are refused whole, "
                + "nothing in them is loaded or expanded"
        case .malformed:
            return "the XML is not well-formed at line \(line): \(detail); rows before it were read"
        }
    }

    func salonError(path: String) -> SalonError {
        SalonError(
            .decoding, message, location: line > 0 ? "\(path):\(line)" : path,
            fix: kind == .doctypeForbidden
                ? "save the workbook again from Excel as XML Spreadsheet 2003" : "repair or re-export the file")
    }
}
