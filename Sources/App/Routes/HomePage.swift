import HTTP

/// The landing page: what SoraShare is and how the fair queue works.
enum HomePage {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.pages.page("home", title: "Fair access to Sora invites")
    }
}
