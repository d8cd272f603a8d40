import Domain
import FastCGI
import Postgres
import Store

/// What each `sorashare` subcommand does. Returns the process exit status.
public enum Commands {
    public static func run(_ arguments: CommandLineArguments, environment: [String: String]) -> Int32 {
        let logger = Logger()
        do {
            if !["admin", "transparency"].contains(arguments.command), let stray = arguments.positionals.first {
                throw ConfigurationError.invalid(name: stray, reason: "is not an option of \(arguments.command)")
            }
            switch arguments.command {
            case "serve": return try serve(arguments, environment: environment, logger: logger)
            case "worker": return try worker(arguments, Configuration(environment: environment), logger: logger)
            case "admin": return try admin(arguments, Configuration(environment: environment), logger: logger)
            case "transparency": return try transparency(arguments, Configuration(environment: environment), logger: logger)
            case "migrate": return try migrate(Configuration(environment: environment), logger: logger)
            case "verify-log": return try LogVerification.run(arguments, environment: environment, logger: logger)
            case "version", "--version":
                print("sorashare \(Version.current)")
                return 0
            case "help", "--help", "-h":
                print(CommandLineArguments.usage)
                return 0
            default:
                print("unknown command: \(arguments.command)\n\n\(CommandLineArguments.usage)")
                return 2
            }
        } catch let error as ConfigurationError {
            logger.error("configuration error: \(error)")
            return 2
        } catch {
            logger.error("\(arguments.command) failed: \(error)")
            return 1
        }
    }

    private static func serve(_ arguments: CommandLineArguments, environment: [String: String], logger: Logger) throws -> Int32 {
        var configuration = try Configuration(environment: environment)
        if let socket = arguments.options["--socket"] { configuration.socketPath = socket }
        if let threads = arguments.options["--threads"] {
            guard let count = Int(threads), (1...1024).contains(count) else {
                throw ConfigurationError.invalid(name: "--threads", reason: "must be a whole number from 1 to 1024")
            }
            configuration.threads = count
        }
        if configuration.migrateOnStart || arguments.flags.contains("--migrate") {
            _ = try migrate(configuration, logger: logger)
        }
        let application = try Application(configuration: configuration, logger: logger)
        let server = FastCGIServer(
            configuration: FastCGIConfiguration(
                socketPath: configuration.socketPath, threads: configuration.threads, maxBodyBytes: configuration.maxBodyBytes,
                temporaryDirectory: configuration.temporaryDirectory, socketGroup: configuration.socketGroup),
            log: { logger.info($0) })
        logger.info("sorashare \(Version.current) starting", [("development", .bool(configuration.development))])
        let signal = try server.run { application.makeResponder() }
        logger.info("stopped after \(signal)")
        return 0
    }

    /// `worker [--once]`: the e-mail outbox until SIGTERM/SIGINT, or once.
    private static func worker(_ arguments: CommandLineArguments, _ configuration: Configuration, logger: Logger) throws -> Int32 {
        if let unknown = arguments.flags.subtracting(["--once"]).sorted().first {
            throw ConfigurationError.invalid(name: unknown, reason: "is not an option of worker (only --once)")
        }
        try Worker(configuration: configuration, logger: logger).run(once: arguments.flags.contains("--once"))
        return 0
    }

    /// `admin grant|revoke|ban|unban EMAIL`, `admin mint-passes COUNT PREFIX`.
    private static func admin(_ arguments: CommandLineArguments, _ configuration: Configuration, logger: Logger) throws -> Int32 {
        if let action = arguments.positionals.first, action == "pause" || action == "resume" {
            let reason = action == "pause" ? "paused by an admin" + arguments.positionals.dropFirst().map { ": " + $0 }.joined() : ""
            let changed = try QueueControl().set(
                paused: action == "pause", reason: reason, on: Connection(conninfo: configuration.databaseURL))
            print(
                changed
                    ? "distribution \(action == "pause" ? "paused" : "resumed")"
                    : "distribution was already \(action == "pause" ? "paused" : "running")")
            return 0
        }
        if arguments.positionals.first == "mint-passes" {
            guard arguments.positionals.count == 3, let count = Int(arguments.positionals[1]) else {
                throw ConfigurationError.invalid(name: "mint-passes", reason: "needs a count and a prefix: admin mint-passes 50 SORA")
            }
            do {
                _ = try PassBatch(count: count, prefix: arguments.positionals[2])
            } catch {
                throw ConfigurationError.invalid(name: "mint-passes", reason: error.message)
            }
            let minted = try Connection(conninfo: configuration.databaseURL).transaction { database in
                let minted = try PassStore().mint(count: count, prefix: arguments.positionals[2], createdBy: nil, on: database)
                try AdminAudit().record(
                    actorID: nil, action: "mint passes", detail: "\(minted.codes.count) in \(minted.batch)", on: database)
                return minted
            }
            logger.info("minted priority passes", [("batch", .string(minted.batch)), ("count", .int(minted.codes.count))])
            print("batch \(minted.batch), valid for 7 days:")
            for code in minted.codes { print(code) }
            return 0
        }
        guard arguments.positionals.count == 2, let action = arguments.positionals.first, let address = arguments.positionals.last else {
            throw ConfigurationError.invalid(
                name: "admin", reason: "needs an action and an e-mail address: admin grant|revoke|ban|unban EMAIL")
        }
        let email = try EmailAddress(address)
        let database = Connection(conninfo: configuration.databaseURL)
        let queueLog = configuration.logKey.flatMap { QueueLog(key: $0) }
        guard ["grant", "revoke", "ban", "unban"].contains(action) else {
            throw ConfigurationError.invalid(name: action, reason: "is not an admin action (grant, revoke, ban, unban)")
        }
        do {
            try database.transaction { database in
                switch action {
                case "grant", "revoke":
                    guard try MemberStore().setRole(action == "grant" ? .admin : .member, email: email, on: database) else {
                        throw DomainError.unknownMember
                    }
                default:
                    // The log is needed only if the ban takes the member out of the queue.
                    try Moderation().setBanned(action == "ban", email: email, log: queueLog, on: database)
                }
                try AdminAudit().record(actorID: nil, action: action, detail: email.value, on: database)
            }
        } catch DomainError.unknownMember {
            logger.error("no member has the address \(email)")
            return 1
        }
        logger.info("\(action): done", [("email", .string(email.value))])
        return 0
    }

    private static func migrate(_ configuration: Configuration, logger: Logger) throws -> Int32 {
        let connection = Connection(conninfo: configuration.databaseURL)
        let applied = try Migrator(directory: configuration.migrationsDirectory).migrate(on: connection)
        logger.info(
            applied.isEmpty ? "database is up to date" : "applied \(applied.count) migration(s)",
            [("applied", .array(applied.map { .string($0) }))])
        return 0
    }
}
