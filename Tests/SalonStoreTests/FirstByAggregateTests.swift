import Testing
@testable import SalonStore

/// `salon_first_by(key, value)`: per group, the value of the smallest key among non-NULL values,
/// whatever order the rows arrive in, with the value's own type.
struct FirstByAggregateTests {
    @Test func theSmallestKeyWithAValueWinsPerGroup() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t (g TEXT, k INTEGER, v)")
        try connection.execute("""
            INSERT INTO t VALUES ('a', 3, 'third'), ('a', 1, NULL), ('a', 2, 'second'), ('a', 5, 'fifth'),
              ('b', 9, 42), ('b', 7, NULL), ('c', 4, NULL), ('d', NULL, 'keyless'), ('d', 8, 'eighth')
            """)
        let rows = try connection.query("SELECT g, salon_first_by(k, v), typeof(salon_first_by(k, v)) FROM t GROUP BY g ORDER BY g")
        #expect(rows.map { $0.map(\.text) } == [
            ["a", "second", "text"], ["b", "42", "integer"], ["c", nil, "null"], ["d", "eighth", "text"],
        ])
        #expect(try connection.query("SELECT salon_first_by(k, v) FROM t WHERE 0").first?.first == .null)
    }
}
