import Testing

@testable import Postgres

/// Arrays as one text parameter: the exact literal, and the values PostgreSQL reads back.
struct PostgresArrayTests {
    @Test func literalsQuoteEveryElement() {
        #expect(PostgresArray([Int]()).postgresText == "{}")
        #expect(PostgresArray([1, -2, 30]).postgresText == #"{"1","-2","30"}"#)
        #expect(PostgresArray([#"{"a":"b\"c"}"#, "", "x,y", "NULL"]).postgresText == #"{"{\"a\":\"b\\\"c\"}","","x,y","NULL"}"#)
        #expect(PostgresArray([[UInt8]([0, 255])]).postgresText == #"{"\\x00ff"}"#)
    }

    @Test(.enabled(if: TestDatabase.isConfigured, "needs SORASHARE_TEST_DATABASE_URL"))
    func valuesReadBackUnchanged() throws {
        let texts = [#"{"kind":"join","subject":"a\"b\\c"}"#, "", "NULL", "{braces}", "caf\u{E9}, \u{1F3AC}", " spaced "]
        let bytes: [[UInt8]] = [[], [0, 1, 92, 34, 255], Array("hash".utf8)]
        let database = TestDatabase.connect()
        let readTexts = try database.query(
            "SELECT value FROM unnest(\(PostgresArray(texts))::text[]) WITH ORDINALITY AS t (value, n) ORDER BY n"
        )
        .map { try $0.decode(String.self, "value") }
        #expect(readTexts == texts)
        let readBytes = try database.query(
            "SELECT value FROM unnest(\(PostgresArray(bytes))::bytea[]) WITH ORDINALITY AS t (value, n) ORDER BY n"
        )
        .map { try $0.decode([UInt8].self, "value") }
        #expect(readBytes == bytes)
        let sum = try database.query("SELECT sum(value) AS total FROM unnest(\(PostgresArray([1, 2, 3_000_000_000]))::bigint[]) AS value")
            .single("sum").decode(Int.self, "total")
        #expect(sum == 3_000_000_003)
    }
}
