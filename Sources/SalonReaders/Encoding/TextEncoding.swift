/// A text encoding the CSV family of readers can decode. Raw values are the names a pipeline file
/// uses; `init(name:)` also accepts the aliases people type (gbk, cp936, unicode, latin1, ...).
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case utf32LE = "utf-32le"
    case utf32BE = "utf-32be"
    case gb18030
    case big5
    case windows1252 = "windows-1252"

    /// Parses an encoding name case-insensitively, with common aliases. GBK, GB2312 and CP936 map
    /// to GB18030, which decodes all of them (it is their superset); "unicode" is what Windows and
    /// Excel call UTF-16LE; ISO-8859-1 maps to Windows-1252, which is what such files really hold.
    public init?(name: String) {
        let key = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        if let exact = TextEncoding(rawValue: key) {
            self = exact
            return
        }
        switch key {
        case "utf8", "utf-8-sig", "utf8-sig": self = .utf8
        case "utf16le", "utf-16", "utf16", "unicode", "ucs-2", "ucs-2le": self = .utf16LE
        case "utf16be", "unicodefffe", "ucs-2be": self = .utf16BE
        case "utf32le", "utf-32", "utf32", "ucs-4", "ucs-4le": self = .utf32LE
        case "utf32be", "ucs-4be": self = .utf32BE
        case "gbk", "gb2312", "cp936", "ms936", "windows-936", "euc-cn", "gb-18030": self = .gb18030
        case "big-5", "cp950", "ms950", "windows-950", "big5-hkscs", "big5hkscs": self = .big5
        case "cp1252", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1", "ascii", "us-ascii": self = .windows1252
        default: return nil
        }
    }

    /// The byte order mark that may open a file in this encoding.
    public var byteOrderMark: [UInt8] {
        switch self {
        case .utf8: [0xEF, 0xBB, 0xBF]
        case .utf16LE: [0xFF, 0xFE]
        case .utf16BE: [0xFE, 0xFF]
        case .utf32LE: [0xFF, 0xFE, 0x00, 0x00]
        case .utf32BE: [0x00, 0x00, 0xFE, 0xFF]
        case .gb18030, .big5, .windows1252: []
        }
    }

    /// The converter name handed to ICU ("utf-8" selects the validating pass-through).
    /// Big5 uses ICU's Big5-HKSCS table: it decodes plain Big5 identically and also the Hong Kong
    /// characters that salon files from Hong Kong contain (the WHATWG Big5 decoder does the same).
    var converterName: String {
        switch self {
        case .utf8: "utf-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .utf32LE: "UTF-32LE"
        case .utf32BE: "UTF-32BE"
        case .gb18030: "gb18030"
        case .big5: "big5-hkscs"
        case .windows1252: "windows-1252"
        }
    }
}
