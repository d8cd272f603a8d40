/// The test-only page that proves the database answers through nginx (`diagnostics`).
struct DiagnosticsPage: Page {
    static let template = "diagnostics"
    var title: String { "Database" }

    /// How many migrations are applied.
    let migrations: Int
}
