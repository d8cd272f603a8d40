import Cryptography
import Domain
import FastCGI
import Foundation
import Integrations
import Store

/// Settings read from the environment (see README "Configuration" and .env.example).
public struct Configuration: Sendable {
    /// libpq connection string.
    public var databaseURL: String
    /// Unix socket to create; nil to use the socket inherited on fd 0 (spawn-fcgi).
    public var socketPath: String?
    /// The group id a created socket (mode 0660) and its directory (0750) get: nginx's workers'
    /// group, from `SORASHARE_SOCKET_GROUP` (a name or a number); nil keeps the process's group.
    public var socketGroup: UInt32?
    public var threads: Int
    public var maxBodyBytes: Int
    public var temporaryDirectory: String
    public var templatesDirectory: String
    public var migrationsDirectory: String
    /// Development mode: templates reload when they change, pages show a development banner, the
    /// responder logs sign-in links, and a worker without SMTP writes mail to the log.
    public var development: Bool
    /// Test-only diagnostic routes under `/_diag/` (never enable in production).
    public var diagnostics: Bool
    /// Apply pending migrations when `serve` starts.
    public var migrateOnStart: Bool
    /// Log one line per request (nginx keeps an access log too).
    public var logRequests: Bool
    /// Where members reach the site (no trailing slash): links in e-mails, OpenID redirect URIs,
    /// and the origin that forms must come from.
    public var publicURL: String
    /// `scheme://host[:port]` of `publicURL`: the only origin whose forms are accepted.
    public var publicOrigin: String {
        guard let schemeEnd = publicURL.range(of: "://") else { return publicURL }
        let rest = publicURL[schemeEnd.upperBound...]
        return String(publicURL[..<schemeEnd.upperBound]) + rest.prefix { $0 != "/" }
    }
    /// The server's secret (SORASHARE_SECRET_KEY, base64 of at least 32 bytes), from which the keys
    /// that sign visitors' CSRF tokens and seal sign-in links in the outbox are derived
    /// (`ServerKeys`). The responder does not start without it.
    public var secretKey: [UInt8]?
    /// Session and sign-in lifetimes and limits.
    public var accountPolicy = AccountPolicy()
    /// The secret that turns member ids into the queue log's pseudonyms (HMAC-SHA256); without
    /// it the queue is closed. Base64 of at least 32 bytes, from SORASHARE_LOG_KEY.
    public var logKey: [UInt8]?
    /// The Ed25519 key the worker signs the log's hourly checkpoints with (docs/TRANSPARENCY.md):
    /// SORASHARE_TRANSPARENCY_SIGNING_KEY, base64 of its 32-byte seed. Without it no checkpoints
    /// are written.
    public var transparencySigningKey: Ed25519.PrivateKey?
    /// How the queue orders members within a lane (`SORASHARE_QUEUE_POLICY`: `fcfs`, the default,
    /// or `scored` with `SORASHARE_PERSONA_SCORES` and `SORASHARE_USE_CASE_BONUSES`).
    public var queuePolicy: QueuePolicy
    /// How long a recipient has to reveal an allocated code before it goes back to the pool.
    public var revealWindowSeconds: Int
    /// Codes a recipient owes back after their code worked, and the days they have to do it.
    public var returnCodes: Int
    public var returnDays: Int
    /// The quality gate: below `trustThreshold` (over `trustWindowDays`, once at least
    /// `trustMinimumSample` allocations have ended) distribution pauses by itself.
    public var trustThreshold: Int
    public var trustWindowDays: Int
    public var trustMinimumSample: Int
    /// How donors are judged one by one: quarantine after failures, a pool limit for new donors.
    public var donorRules: DonorRules
    /// OpenID Connect providers members can sign in with (LinkedIn first).
    public var openIDProviders: [OpenIDSettings]
    /// The submission server for outgoing mail; nil when no host is set, in which case the
    /// worker writes each message to the log instead of sending it in development, and does not
    /// start otherwise.
    public var smtp: SMTPSettings?
    /// The sender of every message (`From:` and the envelope's MAIL FROM).
    public var mailFrom: MailAddress
    /// Seconds the worker waits between looks at the outbox.
    public var workerIntervalSeconds: Int
    /// Seconds between two computations of the public figures of /transparency
    /// (`SORASHARE_TRANSPARENCY_INTERVAL_SECONDS`, default 60; 0: at every worker pass, for tests).
    public var transparencyIntervalSeconds: Int
    /// Days that sent (or given up) mail stays in the outbox before housekeeping removes it
    /// (`SORASHARE_OUTBOX_RETENTION_DAYS`, default 7; 0: at the next housekeeping).
    public var outboxRetentionDays: Int
    /// What a donated invite code must look like (`SORASHARE_CODE_PATTERN`).
    public var codeFormat: InviteCodeFormat
    /// The keys that encrypt and fingerprint invite codes (`SORASHARE_CODE_KEYS`, `SORASHARE_CODE_KEY_ID`,
    /// `SORASHARE_CODE_FINGERPRINT_KEY`); nil when `SORASHARE_CODE_KEYS` is unset.
    public var codeKeys: CodeKeyRing?
    /// Payments with Stripe (`SORASHARE_STRIPE_*`); nil when no secret key is set: the billing
    /// pages then say that payments are not configured.
    public var billing: BillingSettings?
    /// The video studio: providers, storage, prices and retention (`StudioConfiguration`).
    public var studio: StudioConfiguration
    /// The hourly transparency snapshot's git mirror (`TransparencySettings`).
    public var transparency: TransparencySettings
    /// Who runs this SoraShare (the data controller the privacy and terms pages name), from
    /// `SORASHARE_OPERATOR_NAME`, and how to reach them, from `SORASHARE_OPERATOR_EMAIL`.
    public var operatorName: String
    public var operatorEmail: String

    /// Reads `SORASHARE_*` variables; a value that is set but invalid is an error naming it.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw .invalid(name: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func flag(_ name: String, default fallback: Bool = false) throws(ConfigurationError) -> Bool {
            switch value(name)?.lowercased() {
            case nil: return fallback
            case "0", "false", "no", "off": return false
            case "1", "true", "yes", "on": return true
            default: throw .invalid(name: name, reason: "must be 1 or 0")
            }
        }
        guard let databaseURL = value("SORASHARE_DATABASE_URL") else { throw .missing("SORASHARE_DATABASE_URL") }
        self.databaseURL = databaseURL
        socketPath = value("SORASHARE_SOCKET")
        if let group = value("SORASHARE_SOCKET_GROUP") {
            guard let id = SocketGroup.id(of: group) else {
                throw .invalid(name: "SORASHARE_SOCKET_GROUP", reason: "names no group on this machine")
            }
            socketGroup = id
        } else {
            socketGroup = nil
        }
        threads = try integer("SORASHARE_THREADS", default: Self.defaultThreads, range: 1...1024)
        maxBodyBytes = try integer("SORASHARE_MAX_BODY_BYTES", default: 16 << 20, range: 1024...(1 << 30))
        temporaryDirectory = value("SORASHARE_TMPDIR") ?? "/tmp"
        templatesDirectory = value("SORASHARE_TEMPLATES_DIR") ?? "templates"
        migrationsDirectory = value("SORASHARE_MIGRATIONS_DIR") ?? "db/migrations"
        development = try flag("SORASHARE_DEV")
        diagnostics = try flag("SORASHARE_DIAGNOSTICS")
        migrateOnStart = try flag("SORASHARE_MIGRATE_ON_START")
        logRequests = try flag("SORASHARE_LOG_REQUESTS")
        publicURL = String((value("SORASHARE_PUBLIC_URL") ?? "http://127.0.0.1:8080").reversed().drop { $0 == "/" }.reversed())
        guard publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://") else {
            throw .invalid(name: "SORASHARE_PUBLIC_URL", reason: "must start with http:// or https://")
        }
        openIDProviders = try OpenIDSettings.all(from: value, flag: flag)
        queuePolicy = try Self.queuePolicy(value: value)
        revealWindowSeconds = try integer("SORASHARE_REVEAL_WINDOW_HOURS", default: 48, range: 1...720) * 3600
        returnCodes = try integer("SORASHARE_RETURN_CODES", default: 1, range: 0...20)
        returnDays = try integer("SORASHARE_RETURN_DAYS", default: 7, range: 1...365)
        trustThreshold = try integer("SORASHARE_TRUST_THRESHOLD", default: 60, range: 0...100)
        trustWindowDays = try integer("SORASHARE_TRUST_WINDOW_DAYS", default: 30, range: 1...365)
        trustMinimumSample = try integer("SORASHARE_TRUST_MINIMUM_SAMPLE", default: 20, range: 1...100_000)
        donorRules = DonorRules(
            quarantineFailures: try integer("SORASHARE_DONOR_QUARANTINE_FAILURES", default: 2, range: 1...1000),
            newDonorPoolLimit: try integer("SORASHARE_NEW_DONOR_POOL_LIMIT", default: 3, range: 1...10_000))
        if let text = value("SORASHARE_LOG_KEY") {
            guard let key = Base64.decode(text), key.count >= 32 else {
                throw .invalid(name: "SORASHARE_LOG_KEY", reason: "must be base64 of at least 32 random bytes (openssl rand -base64 32)")
            }
            logKey = key
        }
        if let text = value("SORASHARE_TRANSPARENCY_SIGNING_KEY") {
            guard let seed = Base64.decode(text), let key = try? Ed25519.PrivateKey(seed: seed) else {
                throw .invalid(
                    name: "SORASHARE_TRANSPARENCY_SIGNING_KEY", reason: "must be base64 of a 32-byte Ed25519 seed (openssl rand -base64 32)"
                )
            }
            transparencySigningKey = key
        }
        if let text = value("SORASHARE_SECRET_KEY") {
            guard let key = Base64.decode(text), key.count >= 32 else {
                throw .invalid(name: "SORASHARE_SECRET_KEY", reason: "must be base64 of at least 32 random bytes (openssl rand -base64 32)")
            }
            secretKey = key
        }
        accountPolicy.signInLinksPerAddressPerHour = try integer(
            "SORASHARE_SIGNIN_LINKS_PER_ADDRESS_PER_HOUR", default: accountPolicy.signInLinksPerAddressPerHour, range: 1...1_000_000)
        accountPolicy.signInLinksPerClientPerHour = try integer(
            "SORASHARE_SIGNIN_LINKS_PER_CLIENT_PER_HOUR", default: accountPolicy.signInLinksPerClientPerHour, range: 1...1_000_000)
        smtp = try Self.smtpSettings(value: value, integer: integer, flag: flag)
        let from = value("SORASHARE_SMTP_FROM") ?? "SoraShare <no-reply@localhost>"
        do {
            mailFrom = try MailAddress(parsing: from)
        } catch {
            throw .invalid(
                name: "SORASHARE_SMTP_FROM", reason: "must be an address, optionally with a name: SoraShare <no-reply@example.com>")
        }
        billing = try BillingSettings.read(value: value, integer: integer, flag: flag)
        studio = try StudioConfiguration.read(value: value, integer: integer, flag: flag, publicURL: publicURL)
        transparency = try TransparencySettings.read(value: value, integer: integer)
        operatorName = value("SORASHARE_OPERATOR_NAME") ?? "SoraShare (development operator)"
        operatorEmail = value("SORASHARE_OPERATOR_EMAIL") ?? "privacy@sorashare.invalid"
        workerIntervalSeconds = try integer("SORASHARE_WORKER_INTERVAL_SECONDS", default: 2, range: 1...3600)
        transparencyIntervalSeconds = try integer("SORASHARE_TRANSPARENCY_INTERVAL_SECONDS", default: 60, range: 0...86400)
        outboxRetentionDays = try integer("SORASHARE_OUTBOX_RETENTION_DAYS", default: 7, range: 0...3650)
        do {
            codeFormat = try InviteCodeFormat(pattern: value("SORASHARE_CODE_PATTERN") ?? InviteCodeFormat.defaultPattern)
        } catch {
            throw .invalid(name: "SORASHARE_CODE_PATTERN", reason: error.reason)
        }
        do {
            codeKeys = try CodeKeyRing(environment: environment)
        } catch .missing(let variable) {
            throw .missing(variable)
        } catch {
            throw .invalid(name: error.variable, reason: error.reason)
        }
    }

    /// `SORASHARE_QUEUE_POLICY` and, for `scored`, its rules (defaults: `ScoringRules.standard`).
    private static func queuePolicy(value: (String) -> String?) throws(ConfigurationError) -> QueuePolicy {
        let personas = value("SORASHARE_PERSONA_SCORES")
        let bonuses = value("SORASHARE_USE_CASE_BONUSES")
        switch value("SORASHARE_QUEUE_POLICY")?.lowercased() ?? "fcfs" {
        case "fcfs":
            if let stray = personas.map({ _ in "SORASHARE_PERSONA_SCORES" }) ?? bonuses.map({ _ in "SORASHARE_USE_CASE_BONUSES" }) {
                throw .invalid(name: stray, reason: "only applies with SORASHARE_QUEUE_POLICY=scored")
            }
            return .firstComeFirstServed
        case "scored":
            let personaPoints: [QueueEntry.Persona: Int]
            do {
                personaPoints = try QueuePolicy.ScoringRules.personaPoints(personas)
            } catch {
                throw .invalid(name: "SORASHARE_PERSONA_SCORES", reason: error.reason)
            }
            do {
                return .scored(.init(personaPoints: personaPoints, useCaseBonuses: try QueuePolicy.ScoringRules.useCaseBonuses(bonuses)))
            } catch {
                throw .invalid(name: "SORASHARE_USE_CASE_BONUSES", reason: error.reason)
            }
        default:
            throw .invalid(name: "SORASHARE_QUEUE_POLICY", reason: "must be fcfs (first come, first served) or scored")
        }
    }

    /// The `SORASHARE_SMTP_*` settings, or nil when no host is set (then no other SMTP setting
    /// may be set either: that would be a half-done configuration that silently logs mail).
    private static func smtpSettings(
        value: (String) -> String?,
        integer: (String, Int, ClosedRange<Int>) throws(ConfigurationError) -> Int,
        flag: (String, Bool) throws(ConfigurationError) -> Bool
    ) throws(ConfigurationError) -> SMTPSettings? {
        let others = ["PORT", "STARTTLS", "USER", "PASSWORD", "CA_FILE", "TLS_VERIFY"].map { "SORASHARE_SMTP_" + $0 }
        guard let host = value("SORASHARE_SMTP_HOST") else {
            if let stray = others.first(where: { value($0) != nil }) { throw .invalid(name: stray, reason: "needs SORASHARE_SMTP_HOST") }
            return nil
        }
        guard !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw .invalid(name: "SORASHARE_SMTP_HOST", reason: "must be a host name or IP address")
        }
        let user = value("SORASHARE_SMTP_USER")
        let password = value("SORASHARE_SMTP_PASSWORD")
        if user != nil && password == nil {
            throw .invalid(name: "SORASHARE_SMTP_PASSWORD", reason: "must be set with SORASHARE_SMTP_USER")
        }
        if user == nil && password != nil {
            throw .invalid(name: "SORASHARE_SMTP_USER", reason: "must be set with SORASHARE_SMTP_PASSWORD")
        }
        let startTLS = try flag("SORASHARE_SMTP_STARTTLS", true)
        if !startTLS, let tlsOnly = ["SORASHARE_SMTP_CA_FILE", "SORASHARE_SMTP_TLS_VERIFY"].first(where: { value($0) != nil }) {
            throw .invalid(name: tlsOnly, reason: "only applies with SORASHARE_SMTP_STARTTLS=1")
        }
        return SMTPSettings(
            host: host, port: try integer("SORASHARE_SMTP_PORT", 587, 1...65535), startTLS: startTLS, user: user, password: password,
            caFile: value("SORASHARE_SMTP_CA_FILE"), verifyCertificates: try flag("SORASHARE_SMTP_TLS_VERIFY", true))
    }

    /// Four threads per core, at least eight: requests spend most of their time waiting on
    /// PostgreSQL or the client, not on the CPU.
    public static var defaultThreads: Int {
        max(8, 4 * System.coreCount)
    }
}

/// A configuration value that is missing or malformed.
public enum ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// A required variable is not set.
    case missing(String)
    /// A variable is set to a value that cannot be used.
    case invalid(name: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name): "\(name) is not set"
        case .invalid(let name, let reason): "\(name) \(reason)"
        }
    }
}
