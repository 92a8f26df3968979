import SalonCore

/// A range of business days, inclusive, as `--backfill FROM..TO` gives it (`2024-03-01..2024-03-05`
/// or `20240301..20240305`). Days are ISO text, which compares in date order.
public struct BackfillRange: Sendable, Equatable, CustomStringConvertible {
    public var from: String
    public var to: String

    /// - Throws: `SalonError(.configuration)` naming the option and the form it takes.
    public init(parsing text: String) throws {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let from = Self.day(parts[0]), let to = Self.day(parts[1]), from <= to else {
            throw SalonError(
                .configuration, "cannot read the backfill range '\(text)'", location: "--backfill",
                fix: "give FROM..TO as days, earliest first, e.g. --backfill 2024-03-01..2024-03-05")
        }
        self.from = from
        self.to = to
    }

    public func contains(_ day: String) -> Bool { from <= day && day <= to }

    public var description: String { "\(from)..\(to)" }

    /// `2024-03-01` or `20240301` as ISO, checking the month and day.
    static func day(_ text: String) -> String? {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            text.count == 8 || (text.count == 10 && Array(text)[4] == "-" && Array(text)[7] == "-")
        else { return nil }
        let iso = "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
        return isValid(iso) ? iso : nil
    }

    /// The business day an export's file name carries: the first `yyyyMMdd` or `yyyy-MM-dd` in
    /// it that is a real date in 2000–2099 (SH01_20240301.csv, pos-2024-03-01.csv).
    public static func day(inFileName name: String) -> String? {
        let bytes = Array(name.utf8)
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        for start in bytes.indices {
            guard isDigit(start), !isDigit(start - 1) else { continue }
            for length in [8, 10] where start + length <= bytes.count && !isDigit(start + length) {
                let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
                if text.hasPrefix("20"), let iso = day(text) { return iso }
            }
        }
        return nil
    }

    private static func isValid(_ iso: String) -> Bool {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return false }
        let leap = parts[0] % 4 == 0 && (parts[0] % 100 != 0 || parts[0] % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
        return parts[2] <= days
    }
}
