/// The `sorashare` command line: a subcommand and `--name value` options.
public struct CommandLineArguments: Sendable {
    public let command: String
    public let options: [String: String]
    public let flags: Set<String>
    /// Words after the command that are not options, e.g. `grant ada@example.com`.
    public let positionals: [String]

    /// Options that take a value; everything else starting with `--` is a flag.
    static let valued: Set<String> = ["--socket", "--threads", "--hour", "--file", "--checkpoints", "--keys"]

    public init(_ arguments: [String]) throws(ConfigurationError) {
        var remaining = arguments[...]
        command = remaining.popFirst() ?? "help"
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        while let argument = remaining.popFirst() {
            if Self.valued.contains(argument) {
                guard let value = remaining.popFirst() else { throw .invalid(name: argument, reason: "needs a value") }
                options[argument] = value
            } else if argument.hasPrefix("--") {
                flags.insert(argument)
            } else {
                positionals.append(argument)
            }
        }
        self.options = options
        self.flags = flags
        self.positionals = positionals
    }

    public static let usage = """
        usage: sorashare <command> [options]

        commands:
          serve [--socket PATH] [--threads N] [--migrate]
                      run the FastCGI responder (nginx forwards requests to it); without
                      --socket it answers on the socket inherited as fd 0 (spawn-fcgi).
                      Stops cleanly on SIGTERM or Ctrl-C after in-flight requests finish.
          worker [--once]
                      deliver queued e-mail (the outbox) over SMTP every few seconds, with
                      retries; without SORASHARE_SMTP_HOST the messages are written to the
                      log instead. --once: deliver what is due now, then exit. Stops cleanly
                      on SIGTERM or Ctrl-C; any number of workers may run at once.
          migrate     apply pending database migrations from db/migrations and exit
          admin grant|revoke|ban|unban EMAIL
                      make a member an admin or a member again; ban (ends their sessions
                      and blocks sign-in) or lift a ban
          admin pause [REASON] | admin resume
                      stop or restart handing out codes (the quality gate pauses by itself)
          admin mint-passes COUNT PREFIX
                      mint a batch of single-use priority passes (PREFIX-XXXXXXXXXXXX, 7 days)
          transparency publish [--hour TIME] | resume | status
                      commit the hourly transparency snapshots due now (or through TIME,
                      e.g. 2026-11-23T10:00:00Z) to the git mirror and push them, as the worker
                      does every hour; resume publishing after the mirror's history was
                      replaced; print where the mirror is and what was published
          verify-log [--file EXPORT [--checkpoints FILE --keys FILE]]
                      recompute the queue log's hash chain and replay the queue (every
                      allocation to the head); exit 1 and name the first bad entry. --file:
                      an export (/transparency/log.ndjson) instead of the database, no keys
                      needed; --checkpoints/--keys: also check the signed checkpoints
                      (/transparency/checkpoints.ndjson, /transparency/key) and hold the log
                      to them (docs/TRANSPARENCY.md)
          version     print the version
          help        print this text

        Settings come from SORASHARE_* environment variables (see .env.example).
        """
}
