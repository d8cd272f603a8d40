import Testing

/// One route test: what it shows, the routes (`METHOD /pattern`) it must reach, and its body,
/// run against a fresh `TestApp`. `RouteTests` runs every scenario and checks that between them
/// they claim every route of the app; each run checks that its requests reached what it claims.
struct RouteScenario: Sendable, CustomTestStringConvertible {
    let name: String
    let routes: [String]
    let environment: [String: String]
    let body: @Sendable (TestApp) throws -> Void

    init(_ name: String, routes: [String], environment: [String: String] = [:], _ body: @escaping @Sendable (TestApp) throws -> Void) {
        self.name = name
        self.routes = routes
        self.environment = environment
        self.body = body
    }

    var testDescription: String { name }

    /// A schema name for the scenario's database: its name in lower-case letters and digits.
    var schema: String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(50))
    }

    func run(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let app = try TestApp(schema, environment: environment)
        try body(app)
        app.expectCovered(routes, sourceLocation: sourceLocation)
    }
}
