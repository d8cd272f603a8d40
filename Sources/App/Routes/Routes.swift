import HTTP

/// Every route of the site, registered once at start-up.
enum Routes {
    static func make(configuration: Configuration) -> Router<RequestContext> {
        var router = Router<RequestContext>()
        router.get("/", HomePage.show)
        router.get("/health", Health.check)
        if configuration.diagnostics {
            Diagnostics.register(on: &router)
        }
        return router
    }
}
