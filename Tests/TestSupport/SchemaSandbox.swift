import Postgres

/// A fresh schema with every migration applied, for tests and benchmarks that must not touch
/// the public schema: extensions belong to the whole database, so they are kept in `public`
/// (under an advisory lock, since several sandboxes may be set up at once).
public enum SchemaSandbox {
    /// Drops and recreates `schema`, applies the migrations in `migrations` to it, and returns
    /// a connection string whose connections work in it (with `public` behind it for extensions).
    public static func reset(_ schema: String, conninfo: String, migrations: String) throws -> String {
        let admin = Connection(conninfo: conninfo)
        try admin.query(Query(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
        try admin.query(Query(unsafeSQL: "CREATE SCHEMA \(schema)"))
        try admin.executeScript(
            """
            BEGIN;
            SELECT pg_advisory_xact_lock(4242);
            CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
            DO $$ BEGIN
                IF (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'citext') <> 'public' THEN
                    ALTER EXTENSION citext SET SCHEMA public;
                END IF;
            END $$;
            COMMIT;
            """)
        let scoped = conninfo + " options='-c search_path=\(schema),public'"
        try Migrator(directory: migrations).migrate(on: Connection(conninfo: scoped))
        return scoped
    }
}
