import Domain
import HTTP
import Postgres
import Store

/// Sign-in by e-mail link: ask for a link, then follow it and confirm.
enum EmailSignIn {
    /// `POST /auth/email`: queues a one-time link to the address (rate-limited per mailbox, so a
    /// `+tag` opens no new allowance, and per client), then shows where to look. The link waits in
    /// the outbox sealed (`OutboxSeal`), never in clear. The answer is the same whether or not the
    /// address has an account. A checked `next` (`ReturnPath`) is kept with the token, so the link
    /// brings the member back to the page they were on.
    @Sendable static func requestLink(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.urlEncodedForm()
        let email = try EmailAddress(try form.require("email"))
        let next = ReturnPath(form["next"])
        let configuration = context.resources.configuration
        let policy = configuration.accountPolicy
        let link = try context.database.transaction { database in
            try RateLimiter().hit("sign-in-link:address:\(email.mailbox)", limit: policy.signInLinksPerAddressPerHour, on: database)
            try RateLimiter().hit("sign-in-link:client:\(request.remoteAddress)", limit: policy.signInLinksPerClientPerHour, on: database)
            let token = try LoginTokenStore(policy: policy).issue(for: email, returnPath: next, on: database)
            let link = "\(configuration.publicURL)/auth/email/verify?token=\(token)"
            try OutboxStore().enqueue(
                to: email.value, subject: "Your SoraShare sign-in link",
                body: """
                    Hello,

                    Follow this link to sign in to SoraShare. It works once, within \(policy.signInLinkSeconds / 60) minutes:

                    \(OutboxSeal.placeholder)

                    If you did not ask for it, ignore this message: nobody can sign in without the link.
                    """, sealedLink: try context.resources.outboxSeal.seal(link, recipient: email.value), on: database)
            return link
        }
        if configuration.development {
            context.resources.logger.info("development: sign-in link", [("email", .string(email.value)), ("link", .string(link))])
        }
        return .redirect(to: "/sign-in/check-email")
    }

    /// `GET /sign-in/check-email`: where the link went.
    @Sendable static func checkEmail(_ request: Request, _ context: RequestContext) throws -> Response {
        try VisitorForm.render(SignInSentPage(), request, context)
    }

    /// `GET /auth/email/verify?token=…`: a confirmation button that names the address it signs in
    /// as, with a warning when this browser is signed in as another member. Following the link only
    /// looks the token up, so mail scanners that open links cannot sign anyone in or burn it. A used
    /// or expired link gets the page that offers a new one (`lapsed`).
    @Sendable static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try request.query.require("token")
        let tokens = LoginTokenStore(policy: context.resources.configuration.accountPolicy)
        let address: EmailAddress
        do {
            address = try tokens.address(of: token, on: context.database)
        } catch DomainError.signInLinkInvalid {
            return try lapsed(token, request, context)
        }
        let other = context.session?.member.flatMap { member in
            member.email.flatMap { try? EmailAddress($0) } == address ? nil : member
        }
        let page = SignInConfirmPage(
            token: token, address: address.value,
            signedInAs: other.map { member in
                member.email.map { member.displayName.isEmpty ? $0 : "\(member.displayName) (\($0))" } ?? member.greetingName
            })
        return try VisitorForm.render(page, request, context)
    }

    /// `POST /auth/email/verify`: uses the token up and signs the member in (created on first
    /// sign-in), then sends them to the page kept with the token (the account page by default). A
    /// link used or expired meanwhile gets the page that offers a new one.
    @Sendable static func complete(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try request.urlEncodedForm().require("token")
        let tokens = LoginTokenStore(policy: context.resources.configuration.accountPolicy)
        do {
            return try MemberSignIn.complete(request, context) { database in
                let redeemed = try tokens.consume(token, on: database)
                let member = try MemberStore().signInByEmail(redeemed.email, referredBy: ReferralCookie.code(in: request), on: database)
                return (member, redeemed.returnPath)
            }
        } catch DomainError.signInLinkInvalid {
            return try lapsed(token, request, context)
        }
    }

    /// The answer to a used, expired or unknown link: a 400 page that says so and offers a new
    /// link, to the link's own address (and return path) when it was one of ours.
    static func lapsed(_ token: String, _ request: Request, _ context: RequestContext) throws -> Response {
        let known = try LoginTokenStore(policy: context.resources.configuration.accountPolicy).lapsed(token, on: context.database)
        let page = SignIn.page(context, next: known?.returnPath, email: known?.email.value, lapsed: true)
        var response = try VisitorForm.render(page, request, context)
        response.status = .badRequest
        return response
    }
}
