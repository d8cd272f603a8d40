import HTTP
import Postgres

/// `GET /health`: JSON for load balancers and monitors; 503 while the database is down.
enum Health {
    /// A statement that succeeded this recently counts as proof that the database is up, so a
    /// busy responder does not add a round trip per health check.
    static let freshness: Duration = .seconds(1)

    @Sendable static func check(_ request: Request, _ context: RequestContext) throws -> Response {
        let database = context.database
        let recentlyUp = database.lastSuccess.map { ContinuousClock.now - $0 < freshness } ?? false
        let up = recentlyUp || database.ping()
        let body: JSONValue = [
            "status": up ? "healthy" : "unhealthy",
            "service": "sorashare",
            "timestamp": .string(System.timestamp()),
            "database": up ? "up" : "down",
            "version": .string(Version.current),
        ]
        return .json(body, status: up ? .ok : .serviceUnavailable)
    }
}
