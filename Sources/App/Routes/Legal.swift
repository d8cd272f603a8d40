import HTTP

/// The privacy and terms pages, with the operator named by configuration.
enum Legal {
    /// `GET /privacy`
    @Sendable static func privacy(_ request: Request, _ context: RequestContext) throws -> Response {
        let configuration = context.resources.configuration
        return try context.pages.render(
            PrivacyPage(
                operatorName: configuration.operatorName, operatorEmail: configuration.operatorEmail,
                outboxRetentionDays: configuration.outboxRetentionDays, studioRetentionDays: configuration.studio.settings.retentionDays))
    }

    /// `GET /terms`
    @Sendable static func terms(_ request: Request, _ context: RequestContext) throws -> Response {
        let configuration = context.resources.configuration
        return try context.pages.render(TermsPage(operatorName: configuration.operatorName, operatorEmail: configuration.operatorEmail))
    }
}
