import Foundation
import Postgres
import Store

extension Commands {
    /// `transparency publish [--hour 2026-11-23T10:00:00Z]`: publishes the snapshots due now (or
    /// through that hour: how tests simulate hours) and pushes them, as the worker does each hour;
    /// `transparency resume`: publishes again after a stop; `transparency status`: prints the state.
    static func transparency(_ arguments: CommandLineArguments, _ configuration: Configuration, logger: Logger) throws -> Int32 {
        let database = Connection(conninfo: configuration.databaseURL)
        let store = TransparencySnapshotStore()
        switch arguments.positionals.first {
        case "resume":
            print(try store.resume(on: database) ? "transparency publishing resumed" : "transparency publishing was not stopped")
            return 0
        case "status":
            let progress = try store.progress(on: database)
            let stopped = try store.stoppedReason(on: database)
            print("mirror: \(configuration.transparency.mirrorURL ?? "none (SORASHARE_TRANSPARENCY_GIT_REMOTE is not set)")")
            print("latest hour: \(progress.latestHour.map(SnapshotHour.iso) ?? "none"), all pushed: \(progress.allPushed ? "yes" : "no")")
            print(stopped.map { "stopped: \($0)" } ?? "publishing")
            return stopped == nil ? 0 : 1
        case "publish":
            guard let remote = configuration.transparency.remote else {
                throw ConfigurationError.missing("SORASHARE_TRANSPARENCY_GIT_REMOTE")
            }
            let publisher = TransparencyPublisher(
                settings: configuration.transparency, remote: remote, site: configuration.publicURL, logger: logger)
            let hour: Int
            if let text = arguments.options["--hour"] {
                guard let parsed = SnapshotHour.parse(text) else {
                    throw ConfigurationError.invalid(name: "--hour", reason: "must be a time like 2026-11-23T10:00:00Z")
                }
                hour = publisher.dueHour(at: parsed)
            } else {
                hour = publisher.dueHour(at: Int(Date().timeIntervalSince1970))
            }
            switch try publisher.run(through: hour, on: database) {
            case .published(let committed, let pushed):
                print(
                    "committed \(committed.count) snapshot(s)\(committed.last.map { " through \(SnapshotHour.iso($0))" } ?? ""); "
                        + (pushed ? "the mirror is up to date" : "not pushed yet: the mirror cannot be reached"))
                return pushed ? 0 : 3
            case .busy:
                print("another worker is publishing")
                return 4
            case .stopped(let reason):
                print("transparency publishing is stopped: \(reason)")
                return 5
            }
        default:
            throw ConfigurationError.invalid(
                name: "transparency", reason: "needs an action: transparency publish [--hour TIME]|resume|status")
        }
    }
}
