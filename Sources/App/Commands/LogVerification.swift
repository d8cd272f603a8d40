import Foundation
import Postgres
import Store

/// `sorashare verify-log`: the queue log checked by `LogAudit` (the hash chain, then the replay,
/// entry by entry), either in the database or in an exported file (`--file`, no database and no
/// keys needed), optionally held to signed checkpoints (`--checkpoints` with `--keys`).
enum LogVerification {
    /// What was checked: exit status 0 for an intact log, 1 otherwise; the verdict is printed.
    static func run(_ arguments: CommandLineArguments, environment: [String: String], logger: Logger) throws -> Int32 {
        let file = arguments.options["--file"]
        let checkpoints = arguments.options["--checkpoints"]
        if arguments.options["--keys"] != nil && checkpoints == nil {
            throw ConfigurationError.invalid(name: "--keys", reason: "needs --checkpoints (the keys check the checkpoints' signatures)")
        }
        if checkpoints != nil && file == nil {
            throw ConfigurationError.invalid(name: "--checkpoints", reason: "needs --file (checkpoints are checked against an export)")
        }
        var audit = LogAudit()
        var signed = 0
        if let checkpoints {
            guard let keysPath = arguments.options["--keys"] else {
                throw ConfigurationError.invalid(name: "--checkpoints", reason: "needs --keys (the document /transparency/key serves)")
            }
            guard let document = FileManager.default.contents(atPath: keysPath), let keys = CheckpointCheck.keys(inDocument: document)
            else {
                throw ConfigurationError.invalid(name: "--keys", reason: "is not a key document like /transparency/key: \(keysPath)")
            }
            var check = CheckpointCheck(keys: keys)
            let lines = try TextLines(path: checkpoints, option: "--checkpoints")
            while let line = lines.next() {
                if let fault = check.check(line: line) {
                    logger.error("checkpoints invalid: \(fault)")
                    print("checkpoints invalid: \(fault)")
                    return 1
                }
            }
            signed = check.marks.count
            audit = LogAudit(marks: check.marks)
        }
        let verdict: EventLog.Verdict
        if let file {
            verdict = try Self.audit(file: file, audit)
        } else {
            let configuration = try Configuration(environment: environment)
            verdict = try EventLog().audit(audit, on: Connection(conninfo: configuration.databaseURL))
        }
        switch verdict {
        case .intact(let entries):
            let held = checkpoints == nil ? "" : ", consistent with \(signed) signed checkpoint(s)"
            logger.info("queue log intact", [("entries", .int(entries))])
            print("queue log intact: \(entries) entries, every allocation went to the head of the queue\(held)")
            return 0
        case .broken(let seq, let reason):
            logger.error("queue log broken at entry \(seq): \(reason)", [("seq", .int(seq))])
            print("queue log broken at entry \(seq): \(reason)")
            return 1
        }
    }

    /// Runs `audit` over the export at `path`, a line at a time.
    static func audit(file path: String, _ audit: LogAudit) throws -> EventLog.Verdict {
        var audit = audit
        let lines = try TextLines(path: path, option: "--file")
        var number = 0
        while let line = lines.next() {
            number += 1
            guard let entry = LogEntry(line: line) else {
                return .broken(seq: audit.entries + 1, reason: "line \(number) is not a canonical log line")
            }
            if let verdict = audit.check(entry) { return verdict }
        }
        return audit.finish()
    }
}
