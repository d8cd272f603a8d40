import Testing

@testable import App

@Suite struct ConfigurationTests {
    static let minimal = ["SORASHARE_DATABASE_URL": "dbname=x"]

    @Test func defaultsApplyWhenOnlyTheDatabaseIsSet() throws {
        let configuration = try Configuration(environment: Self.minimal)
        #expect(configuration.databaseURL == "dbname=x")
        #expect(configuration.socketPath == nil && configuration.socketGroup == nil)
        #expect(configuration.threads == Configuration.defaultThreads)
        #expect(configuration.threads >= 8)
        #expect(configuration.maxBodyBytes == 16 << 20)
        #expect(configuration.templatesDirectory == "templates")
        #expect(configuration.migrationsDirectory == "db/migrations")
        #expect(!configuration.development && !configuration.diagnostics && !configuration.migrateOnStart)
    }

    @Test func everyVariableIsRead() throws {
        let configuration = try Configuration(environment: [
            "SORASHARE_DATABASE_URL": "dbname=y", "SORASHARE_SOCKET": "/run/s.sock", "SORASHARE_THREADS": "3",
            "SORASHARE_MAX_BODY_BYTES": "2048", "SORASHARE_TMPDIR": "/var/tmp", "SORASHARE_TEMPLATES_DIR": "t",
            "SORASHARE_MIGRATIONS_DIR": "m", "SORASHARE_DEV": "yes", "SORASHARE_DIAGNOSTICS": "1", "SORASHARE_MIGRATE_ON_START": "true",
            "SORASHARE_LOG_REQUESTS": "on", "SORASHARE_SOCKET_GROUP": "root",
        ])
        #expect(configuration.socketPath == "/run/s.sock" && configuration.socketGroup == 0)
        #expect(try Configuration(environment: Self.minimal.merging(["SORASHARE_SOCKET_GROUP": "4321"]) { $1 }).socketGroup == 4321)
        #expect(configuration.threads == 3)
        #expect(configuration.maxBodyBytes == 2048)
        #expect(configuration.temporaryDirectory == "/var/tmp")
        #expect(configuration.templatesDirectory == "t" && configuration.migrationsDirectory == "m")
        #expect(configuration.development && configuration.diagnostics && configuration.migrateOnStart && configuration.logRequests)
    }

    @Test func missingDatabaseIsNamed() {
        #expect(throws: ConfigurationError.self) { try Configuration(environment: [:]) }
        #expect((try? Configuration(environment: ["SORASHARE_DATABASE_URL": ""])) == nil)
    }

    @Test(arguments: [
        ("SORASHARE_THREADS", "0", "SORASHARE_THREADS must be a whole number from 1 to 1024"),
        ("SORASHARE_THREADS", "many", "SORASHARE_THREADS must be a whole number from 1 to 1024"),
        ("SORASHARE_MAX_BODY_BYTES", "12", "SORASHARE_MAX_BODY_BYTES must be a whole number from 1024 to 1073741824"),
        ("SORASHARE_DEV", "maybe", "SORASHARE_DEV must be 1 or 0"),
        ("SORASHARE_SOCKET_GROUP", "no-such-group-here", "SORASHARE_SOCKET_GROUP names no group on this machine"),
    ])
    func invalidValuesAreNamed(name: String, value: String, message: String) {
        var environment = Self.minimal
        environment[name] = value
        do {
            _ = try Configuration(environment: environment)
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(String(describing: error) == message)
        }
    }
}
