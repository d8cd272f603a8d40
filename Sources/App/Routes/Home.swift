import HTTP
import Store

/// The landing page: what SoraShare is, a "Join the queue" call to action above the fold (a
/// visitor signs in first and comes back to the join form), how the fair queue works, and three
/// figures from /transparency.
enum Home {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let state = context.resources.queueState(context.database)
        // The figures are a bonus: the landing page is shown without them if they cannot be read.
        let headline = ((try? TransparencyFigures.headline(on: context.database)) ?? nil).map {
            HomePage.Headline(
                waiting: $0.waiting, allocations30Days: $0.allocations30Days,
                medianWait: $0.waitMedianSeconds.map(TransparencyText.duration(seconds:)) ?? "no data yet")
        }
        var page = HomePage(paused: state?.paused ?? false, headline: headline)
        if let member = context.session?.member {
            page.joinHref = "/dashboard"
            let waiting = (try? QueueStore().activeEntry(memberID: member.id, on: context.database)) ?? nil
            if waiting != nil { page.joinLabel = "Your place in the queue" }
        }
        var response = try context.pages.render(page)
        ReferralCookie.remember(request.query["ref"], on: &response, for: request, signedIn: context.session?.member != nil)
        return response
    }
}
