import Testing

@testable import Postgres

/// Typed reads from a row's text values.
struct PostgresDecodableTests {
    enum Shade: String, PostgresDecodable { case light, dark }
    enum Level: Int, PostgresDecodable {
        case low = 1
        case high = 2
    }

    @Test func anEnumReadsItsRawValueAndAnUnknownOneFailsNamingTheColumn() throws {
        let row = Row(columns: ["shade", "level", "odd_shade", "odd_level", "none"], values: ["dark", "2", "mauve", "7", nil])
        #expect(try row.decode(Shade.self, "shade") == .dark)
        #expect(try row.decode(Level.self, "level") == .high)
        #expect(try row.decodeIfPresent(Shade.self, "none") == nil)
        #expect(throws: DatabaseError.decodingFailed(column: "odd_shade", expected: "Shade")) { try row.decode(Shade.self, "odd_shade") }
        #expect(throws: DatabaseError.decodingFailed(column: "odd_level", expected: "Level")) { try row.decode(Level.self, "odd_level") }
        #expect(DatabaseError.decodingFailed(column: "odd_shade", expected: "Shade").description == "column odd_shade is not a valid Shade")
    }
}
