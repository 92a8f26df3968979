import Foundation

/// Checks on a `postgresql://` connection URL before anything connects with it.
public enum PostgresURL {
    /// True when the URL carries a password (`user:secret@host` or a `password=` parameter).
    /// Pipeline files are committed and shared, so a password never belongs in one: libpq reads
    /// PGPASSWORD or ~/.pgpass instead.
    public static func containsPassword(_ url: String) -> Bool {
        guard let (authority, _, query) = parts(of: url) else { return false }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
        return query.dropFirst().split(separator: "&").contains { $0.lowercased().hasPrefix("password=") }
    }

    /// The same server, user and parameters with another database (`postgres`, to look a
    /// database up); nil when the URL is not a `postgresql://` URL.
    public static func replacingDatabase(of url: String, with database: String) -> String? {
        guard let parts = parts(of: url) else { return nil }
        return String(url[..<parts.authority.endIndex]) + "/" + database + parts.query
    }

    /// The database the URL names, percent-decoded as libpq reads it; nil when it names none.
    public static func database(of url: String) -> String? {
        guard let path = parts(of: url)?.path.dropFirst(), !path.isEmpty else { return nil }
        return String(path).removingPercentEncoding
    }

    /// A URL's `user@host:port` part, its path (`/database`, or empty) and its query (`?…`, or empty).
    private static func parts(of url: String) -> (authority: Substring, path: Substring, query: Substring)? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let queryStart = rest[authorityEnd...].firstIndex(of: "?") ?? rest.endIndex
        return (rest[..<authorityEnd], rest[authorityEnd..<queryStart], rest[queryStart...])
    }

    /// The URL with any password replaced by `***`, for messages and reports.
    public static func redacted(_ url: String) -> String {
        guard containsPassword(url), let authority = parts(of: url)?.authority else { return url }
        var result = String(url[..<authority.startIndex])
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result += authority[..<colon] + ":***" + authority[at...]
        } else {
            result += authority
        }
        var tail = String(url[authority.endIndex...])
        if let query = tail.firstIndex(of: "?") {
            let parameters = tail[tail.index(after: query)...].split(separator: "&").map {
                $0.lowercased().hasPrefix("password=") ? "password=***" : String($0)
            }
            tail = String(tail[..<query]) + "?" + parameters.joined(separator: "&")
        }
        return result + tail
    }
}
