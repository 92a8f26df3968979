import Foundation
import SalonStore
import Testing

/// `AuditLog.timestamp` writes what `ISO8601DateFormatter` in Asia/Shanghai writes, so run ledgers,
/// audit rows and reports keep one format and sort as text.
struct AuditTimestampTests {
    static func formatted(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }

    @Test func matchesTheFoundationFormatter() {
        // Midnight either side of the date line in Shanghai, a leap day, fractions of a second
        // that must not round up, the far future, and the summer time Shanghai kept in 1986-1991.
        let instants: [TimeInterval] = [
            0, 1_709_251_199, 1_709_251_200, 1_709_222_400.999, 1_701_964_799.5, 4_102_444_800, 568_051_200,
            582_000_000, 590_000_000,
        ]
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            #expect(AuditLog.timestamp(date) == Self.formatted(date), "at \(instant)")
        }
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: 1_709_251_200)) == "2024-03-01T08:00:00+08:00")
    }

    @Test func everyHourOfAYearMatches() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        var instant: TimeInterval = 1_704_067_200  // 2024-01-01 UTC
        while instant < 1_735_689_600 {
            let date = Date(timeIntervalSince1970: instant)
            #expect(AuditLog.timestamp(date) == formatter.string(from: date))
            instant += 3_600 + 17
        }
    }
}
