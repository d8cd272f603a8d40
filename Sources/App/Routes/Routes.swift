import HTTP

/// Every route of the site, registered once at start-up.
enum Routes {
    /// Stripe's events are JSON of a few kilobytes; this leaves room for large invoices.
    static let webhookBodyLimit = BodyLimit.bytes(1 << 20)

    /// Every route accepts a body of `BodyLimit.form` (64 KiB) unless it says otherwise.
    static func make(configuration: Configuration) -> Router<RequestContext> {
        var router = Router<RequestContext>()
        router.get("/", Home.show)
        router.get("/health", Health.check)
        router.get("/sign-in", SignIn.show)
        router.get("/sign-in/check-email", EmailSignIn.checkEmail)
        router.post("/auth/email", EmailSignIn.requestLink)
        router.get("/auth/email/verify", EmailSignIn.confirm)
        router.post("/auth/email/verify", EmailSignIn.complete)
        router.get("/auth/:provider", OpenIDSignIn.start)
        router.get("/auth/:provider/callback", OpenIDSignIn.callback)
        router.get("/account", Account.show)
        router.post("/account/leaderboard", Leaderboard.setShown)
        router.get("/leaderboard", Leaderboard.show)
        router.get("/transparency/log", LogPage.show)
        router.get("/transparency/log.ndjson", LogExport.entries)
        router.get("/transparency/checkpoints.ndjson", Checkpoints.list)
        router.get("/transparency/key", Checkpoints.keys)
        router.get("/r/:code", ReferralLink.follow)
        router.get("/dashboard", Dashboard.show)
        router.get("/queue/status.json", Dashboard.statusJSON)
        router.post("/queue/join", Dashboard.join)
        router.post("/queue/leave", Dashboard.leave)
        router.get("/donate", Donations.form)
        router.post("/donate", Donations.submit)
        router.post("/queue/reveal", Allocations.reveal)
        router.post("/queue/report", Allocations.report)
        router.post("/passes/redeem", Passes.redeem)
        router.get("/passes/status.json", Passes.status)
        router.get("/admin", AdminPages.show)
        router.post("/admin/pause", AdminPages.pause)
        router.post("/admin/resume", AdminPages.resume)
        router.post("/admin/passes", AdminPages.mintPasses)
        router.post("/admin/members/ban", AdminPages.ban)
        router.post("/admin/codes/void", AdminPages.voidCode)
        router.post("/admin/reports/resolve", AdminPages.resolveReport)
        router.post("/admin/donors/release", AdminPages.releaseDonor)
        router.get("/billing", Billing.show)
        router.get("/billing/success", Billing.success)
        router.get("/billing/cancelled", Billing.cancelled)
        router.post("/billing/premium", BillingCheckout.premium)
        router.post("/billing/credits", BillingCheckout.credits)
        router.post("/billing/portal", BillingCheckout.portal)
        router.get("/studio", Studio.list)
        router.get("/studio/new", Studio.form)
        router.post("/studio/new", bodyLimit: Studio.uploadLimit, Studio.create)
        router.get("/studio/jobs/:id", StudioJob.show)
        router.get("/studio/jobs/:id/status.json", StudioJob.status)
        router.post("/studio/jobs/:id/cancel", StudioJob.cancel)
        router.get("/studio/jobs/:id/:file", StudioJob.file)
        router.post(ReplicateWebhook.path, bodyLimit: ReplicateWebhook.bodyLimit, ReplicateWebhook.receive)
        router.post(StripeWebhook.path, bodyLimit: webhookBodyLimit, StripeWebhook.receive)
        router.post("/auth/sign-out", SignOut.here)
        router.post("/auth/sign-out-everywhere", SignOut.everywhere)
        if configuration.diagnostics {
            Diagnostics.register(on: &router)
        }
        return router
    }
}
