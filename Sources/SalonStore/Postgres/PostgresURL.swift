import Foundation

/// Checks on a `postgresql://` connection URL before anything connects with it.
public enum PostgresURL {
    /// True when the URL carries a password (`user:secret@host` or a `password=` parameter).
    /// Pipeline files are committed and shared, so a password never belongs in one: libpq reads
    /// PGPASSWORD or ~/.pgpass instead.
    public static func containsPassword(_ url: String) -> Bool {
        guard let schemeEnd = url.firstRange(of: "://") else { return false }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
        guard let query = url.firstIndex(of: "?") else { return false }
        return url[url.index(after: query)...].split(separator: "&").contains {
            $0.lowercased().hasPrefix("password=")
        }
    }

    /// The same server, user and parameters with another database (`postgres`, to look a
    /// database up); nil when the URL is not a `postgresql://` URL.
    public static func replacingDatabase(of url: String, with database: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let query = rest[authorityEnd...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(url[..<authorityEnd]) + "/" + database + query
    }

    /// The database the URL names, percent-decoded as libpq reads it; nil when it names none.
    public static func database(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }), rest[slash] == "/" else { return nil }
        let path = rest[rest.index(after: slash)...].prefix { $0 != "?" }
        return path.isEmpty ? nil : String(path).removingPercentEncoding
    }

    /// The URL with any password replaced by `***`, for messages and reports.
    public static func redacted(_ url: String) -> String {
        guard containsPassword(url), let schemeEnd = url.firstRange(of: "://") else { return url }
        var result = String(url[..<schemeEnd.upperBound])
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result += authority[..<colon] + ":***" + authority[at...]
        } else {
            result += authority
        }
        var tail = String(rest[authorityEnd...])
        if let query = tail.firstIndex(of: "?") {
            let parameters = tail[tail.index(after: query)...].split(separator: "&").map {
                $0.lowercased().hasPrefix("password=") ? "password=***" : String($0)
            }
            tail = String(tail[..<query]) + "?" + parameters.joined(separator: "&")
        }
        return result + tail
    }
}
