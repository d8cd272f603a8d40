import Testing

@testable import App

/// Every route of the app, driven in-process (no nginx): each area's scenarios run against their
/// own schema of the test database, and the route table is checked against what they cover.
@Suite(.enabled(if: TestApp.conninfo != nil, "needs SORASHARE_TEST_DATABASE_URL"))
struct RouteTests {
    static let all =
        PageRoutes.scenarios + AccountRoutes.scenarios + QueueRoutes.scenarios + AdminRoutes.scenarios
        + BillingRoutes.scenarios + RecognitionRoutes.scenarios + DiagnosticRoutes.scenarios + FairnessRoutes.scenarios

    @Test(arguments: PageRoutes.scenarios) func pages(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: AccountRoutes.scenarios) func accounts(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: QueueRoutes.scenarios) func queue(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: AdminRoutes.scenarios) func admin(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: BillingRoutes.scenarios) func billing(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: RecognitionRoutes.scenarios) func recognition(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: DiagnosticRoutes.scenarios) func diagnostics(_ scenario: RouteScenario) throws { try scenario.run() }
    @Test(arguments: FairnessRoutes.scenarios) func fairness(_ scenario: RouteScenario) throws { try scenario.run() }

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
