import Testing

@testable import App

/// Every route of the app, driven in-process (no nginx): each area's scenarios run against their
/// own schema of the test database, and the route table is checked against what they cover.
@Suite(.enabled(if: TestApp.conninfo != nil, "needs SORASHARE_TEST_DATABASE_URL"))
struct RouteTests {
    static let all =
        PageRoutes.scenarios + AccountRoutes.scenarios + QueueRoutes.scenarios + AdminRoutes.scenarios
        + BillingRoutes.scenarios + RecognitionRoutes.scenarios + DiagnosticRoutes.scenarios + FairnessRoutes.scenarios
        + StudioRoutes.scenarios + TransparencyRoutes.scenarios + TransparencyLogRoutes.scenarios + AccountDataRoutes.scenarios
        + ReturnPathRoutes.scenarios + NotificationRoutes.scenarios

    @Test(arguments: PageRoutes.scenarios) func pages(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: AccountRoutes.scenarios) func accounts(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: QueueRoutes.scenarios) func queue(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: AdminRoutes.scenarios) func admin(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: BillingRoutes.scenarios) func billing(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: RecognitionRoutes.scenarios) func recognition(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: DiagnosticRoutes.scenarios) func diagnostics(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: FairnessRoutes.scenarios) func fairness(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: StudioRoutes.scenarios) func studio(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: TransparencyRoutes.scenarios) func transparency(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: TransparencyLogRoutes.scenarios) func transparencyLog(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: AccountDataRoutes.scenarios) func accountData(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: ReturnPathRoutes.scenarios) func returnPath(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: NotificationRoutes.scenarios) func notifications(_ scenario: RouteScenario) throws { try scenario.run() }

    /// Every route under `/webhooks/` is exempt from the CSRF check by its prefix, so each must
    /// verify its caller's signature: an unsigned POST is a 400.
    @Test func everyWebhookRefusesAnUnsignedPost() throws {
        let app = try TestApp("route_webhooks")
        let webhooks = app.routeTable.filter { $0.hasPrefix("POST /webhooks/") }.sorted()
        #expect(webhooks == ["POST /webhooks/replicate", "POST /webhooks/stripe"])
        for route in webhooks {
            let path = String(route.dropFirst("POST ".count))
            let response = try app.send(.post, path, headers: [("Content-Type", "application/json")], body: Array(#"{"id":"x"}"#.utf8))
            #expect(response.status == 400, "\(route) answered \(response.status)")
        }
    }

    /// `/unsubscribe` is exempt from the CSRF check by its exact path (RFC 8058 one-click), so it
    /// must verify its signed token: an unsigned POST is a 400, and no other path is exempt.
    @Test func unsubscribeRefusesAnUnsignedPost() throws {
        let app = try TestApp("route_unsubscribe_unsigned")
        #expect(CSRFCheck.exemptPaths == ["/unsubscribe"])
        let response = try app.send(
            .post, "/unsubscribe", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("List-Unsubscribe=One-Click".utf8))
        #expect(response.status == 400)
    }

    @Test func everyRouteOfTheAppHasAScenario() throws {
        let app = try TestApp("route_table")
        let claimed = Set(Self.all.flatMap(\.routes))
        #expect(app.routeTable.subtracting(claimed).isEmpty, "routes no scenario reaches: \(app.routeTable.subtracting(claimed).sorted())")
        #expect(
            claimed.subtracting(app.routeTable).isEmpty,
            "scenarios claim routes that do not exist: \(claimed.subtracting(app.routeTable).sorted())")
        #expect(Set(Self.all.map(\.schema)).count == Self.all.count, "every scenario has a schema of its own")
    }
}
