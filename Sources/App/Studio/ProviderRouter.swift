import Integrations
import Postgres
import Store

/// Chooses the provider for a job's next attempt: among the configured providers whose circuit is
/// closed and that are under their concurrency cap, the one this job has failed at least often,
/// then the cheaper per second, then the configured order. A retryable failure therefore sends the
/// job on to the next provider.
struct ProviderRouter {
    /// One configured provider, with what the router weighs.
    struct Route: Sendable {
        let provider: any VideoProvider
        /// What a second of video costs there (in cents, for comparing), and how many of our
        /// tasks it may run at once.
        let centsPerSecond: Int
        let concurrency: Int
    }

    let routes: [Route]

    /// The provider for the job's next attempt, or nil when none can take it now.
    func choose(failedAt: [String: Int], on database: Connection) throws -> (any VideoProvider)? {
        var candidates: [(route: Route, order: Int)] = []
        for (order, route) in routes.enumerated() {
            let name = route.provider.name
            guard try !ProviderHealthStore().isOpen(name, on: database) else { continue }
            guard try VideoJobQueue().inFlight(provider: name, on: database) < route.concurrency else { continue }
            candidates.append((route, order))
        }
        return candidates.min { lhs, rhs in
            let left = (failedAt[lhs.route.provider.name] ?? 0, lhs.route.centsPerSecond, lhs.order)
            let right = (failedAt[rhs.route.provider.name] ?? 0, rhs.route.centsPerSecond, rhs.order)
            return left < right
        }?.route.provider
    }

    func provider(named name: String) -> (any VideoProvider)? {
        routes.first { $0.provider.name == name }?.provider
    }
}
