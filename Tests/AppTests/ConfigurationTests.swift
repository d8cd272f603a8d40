import Testing

@testable import App

@Suite struct ConfigurationTests {
    static let minimal = ["SORASHARE_DATABASE_URL": "dbname=x"]
    static let secretKeyMessage = "SORASHARE_SECRET_KEY must be base64 of at least 32 random bytes (openssl rand -base64 32)"

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

    /// Without SORASHARE_SECRET_KEY nobody could sign in (visitors' forms are signed with it): the
    /// responder does not start.
    @Test func theResponderNeedsTheSecretKey() throws {
        let configuration = try Configuration(environment: Self.minimal.merging(["SORASHARE_TEMPLATES_DIR": "/nonexistent"]) { $1 })
        #expect(configuration.secretKey == nil)
        do {
            _ = try Application(configuration: configuration)
            Issue.record("started without SORASHARE_SECRET_KEY")
        } catch {
            #expect(String(describing: error).hasPrefix("SORASHARE_SECRET_KEY is not set"))
        }
    }

    /// Only LinkedIn's `email_verified` is trusted unless a provider's TRUST_EMAIL says otherwise.
    @Test func onlyLinkedInIsTrustedForAddressesByDefault() throws {
        let providers = try Configuration(
            environment: Self.minimal.merging([
                "SORASHARE_OIDC_LINKEDIN_CLIENT_ID": "l", "SORASHARE_OIDC_LINKEDIN_CLIENT_SECRET": "s",
                "SORASHARE_OIDC_PROVIDERS": "acme,corp",
                "SORASHARE_OIDC_ACME_CLIENT_ID": "a", "SORASHARE_OIDC_ACME_CLIENT_SECRET": "s",
                "SORASHARE_OIDC_ACME_DISCOVERY_URL": "https://acme.example/.well-known/openid-configuration",
                "SORASHARE_OIDC_CORP_CLIENT_ID": "c", "SORASHARE_OIDC_CORP_CLIENT_SECRET": "s", "SORASHARE_OIDC_CORP_TRUST_EMAIL": "1",
                "SORASHARE_OIDC_CORP_DISCOVERY_URL": "https://corp.example/.well-known/openid-configuration",
            ]) { $1 }
        ).openIDProviders
        #expect(providers.map(\.name) == ["linkedin", "acme", "corp"])
        #expect(providers.map(\.trustsEmail) == [true, false, true])
        let distrusted = try Configuration(
            environment: Self.minimal.merging([
                "SORASHARE_OIDC_LINKEDIN_CLIENT_ID": "l", "SORASHARE_OIDC_LINKEDIN_CLIENT_SECRET": "s",
                "SORASHARE_OIDC_LINKEDIN_TRUST_EMAIL": "0",
            ]) { $1 })
        #expect(distrusted.openIDProviders.map(\.trustsEmail) == [false])
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
        ("SORASHARE_SECRET_KEY", "c2hvcnQ=", Self.secretKeyMessage), ("SORASHARE_SECRET_KEY", "not base64!", Self.secretKeyMessage),
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
