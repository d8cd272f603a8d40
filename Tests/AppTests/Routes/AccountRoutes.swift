import Domain
import Foundation
import Integrations
import Store
import Testing

@testable import App

/// Signing in by e-mail link and with OpenID, sessions, CSRF, signing out.
enum AccountRoutes {
    /// Asks for a sign-in link for `email` from the sign-in page; returns the link's token (read
    /// from the queued e-mail as the worker reads it: its link is sealed, never in the body).
    static func requestLink(_ browser: TestBrowser, _ email: String) throws -> String {
        #expect(try browser.get("/sign-in").status == 200)
        let response = try browser.post("/auth/email", [("email", email)])
        #expect(response.status == 303 && response.location == "/sign-in/check-email", "\(response.text)")
        let message = try queuedMessage(browser.app, email)
        let link = try #require(message.body.firstMatch(of: /http:\/\/sorashare\.test\/auth\/email\/verify\?token=([0-9a-f]{64})/))
        return String(link.output.1)
    }

    /// The latest message queued for `email`, as the worker would send it.
    static func queuedMessage(_ app: TestApp, _ email: String) throws -> MailMessage {
        let claimed = try app.database.transaction { try OutboxStore().claimDue(limit: 1000, on: $0) }
        return try delivery(app).message(for: try #require(claimed.last { $0.recipient == email }))
    }

    /// The worker's delivery, with the test apps' key (and a transport that only logs).
    static func delivery(_ app: TestApp) throws -> OutboxDelivery {
        OutboxDelivery(
            transport: .log(Logger()), seal: OutboxSeal(key: try ServerKeys(secret: TestApp.secretKey).outboxSeal),
            sender: app.configuration.mailFrom, policy: RetryPolicy(), logger: Logger())
    }

    /// Opens the link and presses "Sign in"; returns the answer to the press, or the page's when
    /// it has no button (a used or expired link).
    static func followLink(_ browser: TestBrowser, _ token: String) throws -> TestResponse {
        let page = try browser.get("/auth/email/verify?token=\(token)")
        guard page.status == 200 else { return page }
        #expect(page.text.contains("value=\"\(token)\""))
        return try browser.post("/auth/email/verify", [("token", token)])
    }

    static func newAddress() -> String { "member-\(UUID().uuidString.prefix(8).lowercased())@example.com" }

    static func count(_ app: TestApp, _ sql: String) throws -> Int { Int(try app.scalar(sql) ?? "") ?? -1 }

    static let scenarios = [
        RouteScenario("the sign-in page gives a visitor a signed CSRF cookie, not a session", routes: ["GET /sign-in"]) { app in
            let browser = app.browser()
            let page = try browser.get("/sign-in")
            #expect(page.status == 200 && page.text.contains("Sign in with LinkedIn"))
            let cookie = try #require(page.cookies.first)
            #expect(page.cookies.count == 1)
            #expect(
                cookie.headerValue.wholeMatch(of: /sorashare_csrf=[0-9a-f]{64}; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax/) != nil)
            let token = try #require(page.csrfToken)
            #expect(token == (try browser.csrfToken()) && token != cookie.value, "the form carries HMAC(key, cookie), not the cookie")
            #expect(try count(app, "SELECT count(*) FROM sessions") == 0)
            // the same browser keeps its cookie (and token); the cookie's lifetime is renewed
            let again = try browser.get("/sign-in")
            #expect(again.csrfToken == token && again.cookies.first?.value == cookie.value)
            #expect(try app.browser().get("/sign-in").csrfToken != token, "another browser, another token")
        },
        RouteScenario(
            "anonymous visits to the sign-in pages write no session row",
            routes: ["GET /sign-in", "GET /sign-in/check-email", "GET /auth/email/verify"]
        ) { app in
            let token = try requestLink(app.browser(), newAddress())
            let before = try count(app, "SELECT count(*) FROM sessions")
            for _ in 0..<20 {
                for target in ["/sign-in", "/sign-in/check-email", "/auth/email/verify?token=\(token)"] {
                    #expect(try app.browser().get(target).status == 200, "\(target)")
                }
            }
            #expect(try count(app, "SELECT count(*) FROM sessions") == before, "60 anonymous pages, no row written")
            #expect(before == 0)
        },
        RouteScenario(
            "an e-mail link signs in once, with a new session id",
            routes: ["POST /auth/email", "GET /sign-in/check-email", "GET /auth/email/verify", "POST /auth/email/verify", "GET /account"]
        ) { app in
            let browser = app.browser()
            let email = newAddress()
            let token = try requestLink(browser, email)
            #expect(try browser.get("/sign-in/check-email").text.contains("Check your inbox"))
            let visitor = browser.cookies["sorashare_session"]
            let signedIn = try followLink(browser, token)
            #expect(signedIn.status == 303 && signedIn.location == "/account")
            #expect(browser.cookies["sorashare_session"] != visitor, "a new session id at sign-in")
            let account = try browser.get("/account")
            #expect(account.status == 200 && account.text.contains(email) && account.text.contains("id=\"viewer-name\">\(email)<"))
            #expect(account.text.contains("<span class=\"badge\" title=\"We checked that this address is yours\">verified</span>"))
            let again = try followLink(app.browser(), token)
            #expect(again.status == 400 && again.text.contains("id=\"sign-in-link-lapsed\""), "a used link offers a new one")
            #expect(try count(app, "SELECT count(*) FROM members WHERE email = '\(email)'") == 1)
        },
        RouteScenario(
            "a sign-in link names its address, and warns a browser signed in as another member",
            routes: ["GET /auth/email/verify", "POST /auth/email/verify"]
        ) { app in
            let (victimBrowser, victim) = try app.signedIn("Victim")
            let victimEmail = try #require(victim.email)
            let attackerEmail = newAddress()
            let token = try requestLink(app.browser(), attackerEmail)
            let page = try victimBrowser.get("/auth/email/verify?token=\(token)")
            #expect(page.status == 200 && page.text.contains("id=\"sign-in-address\">\(attackerEmail)</strong>"), "names the address")
            #expect(page.text.contains("id=\"signed-in-warning\""), "warns")
            #expect(page.text.contains("This browser is signed in as Victim (\(victimEmail)).</strong>"), "says who is signed in")
            #expect(page.text.contains(">Switch to \(attackerEmail)</button>"))
            let unused = "SELECT count(*) FROM login_tokens WHERE email = '\(attackerEmail)' AND used_at IS NULL"
            #expect(try count(app, unused) == 1, "not used up")
            // a visitor sees the address and no warning; the member's own link warns of nothing
            let visitor = try app.browser().get("/auth/email/verify?token=\(token)")
            #expect(visitor.text.contains("id=\"sign-in-address\">\(attackerEmail)<") && !visitor.text.contains("signed-in-warning"))
            let own = try victimBrowser.get("/auth/email/verify?token=\(try requestLink(app.browser(), victimEmail))")
            #expect(own.status == 200 && own.text.contains(">\(victimEmail)</strong>") && !own.text.contains("signed-in-warning"))
            // a used, unknown or malformed token shows no button
            for bad in [String(repeating: "0", count: 64), "short"] {
                let refused = try victimBrowser.get("/auth/email/verify?token=\(bad)")
                #expect(refused.status == 400 && refused.text.contains("id=\"sign-in-link-lapsed\""))
                #expect(!refused.text.contains("confirm-sign-in"))
            }
            // pressing the button after the warning is the member's own choice
            let switched = try victimBrowser.post("/auth/email/verify", [("token", token)])
            #expect(switched.status == 303)
            #expect(try victimBrowser.get("/account").text.contains(attackerEmail))
            #expect(try victimBrowser.get("/auth/email/verify?token=\(token)").status == 400, "used")
        },
        RouteScenario(
            "a sign-in link waits in the outbox sealed, and sent mail holds no usable token",
            routes: ["POST /auth/email", "POST /auth/email/verify"]
        ) { app in
            let email = newAddress()
            let token = try requestLink(app.browser(), email)
            let row = "SELECT row_to_json(o)::text FROM outbox_emails o WHERE recipient = '\(email)'"
            let queued = try #require(try app.scalar(row))
            #expect(!queued.contains(token) && queued.contains("{link}"), "the link waits sealed, not in the body")
            #expect(try app.scalar("SELECT sealed_link IS NOT NULL FROM outbox_emails WHERE recipient = '\(email)'") == "t")
            // the worker's delivery path: claim, open the link into the message, record it as sent
            let claimed = try #require(try app.database.transaction { try OutboxStore().claimDue(limit: 1000, on: $0) }.last)
            let message = try delivery(app).message(for: claimed)
            #expect(message.to.address == email && message.body.contains("http://sorashare.test/auth/email/verify?token=\(token)\n"))
            try OutboxStore().markSent(id: claimed.id, on: app.database)
            let sent = try #require(try app.scalar(row))
            #expect(!sent.contains(token) && sent.contains("\"sealed_link\":null"), "\(sent)")
            // whatever the stored row shows as a token signs nobody in
            let shown = sent.matches(of: /[0-9a-f]{64}/).map { String($0.output) }
            #expect(shown.isEmpty, "no token in the sent row")
            for candidate in shown { #expect(try followLink(app.browser(), candidate).status == 400) }
            // the link that went out still works, once
            #expect(try followLink(app.browser(), token).status == 303)
        },
        RouteScenario("an expired link is refused and makes no account", routes: ["POST /auth/email/verify"]) { app in
            let browser = app.browser()
            let email = newAddress()
            let token = try requestLink(browser, email)
            try app.database.query("UPDATE login_tokens SET expires_at = now() - interval '1 second' WHERE email = \(email)")
            #expect(try followLink(browser, token).status == 400, "the page says so")
            #expect(try browser.post("/auth/email/verify", [("token", token)]).status == 400, "and so does a press of its button")
            #expect(try count(app, "SELECT count(*) FROM members WHERE email = '\(email)'") == 0)
            #expect(try browser.get("/account").location == "/sign-in?next=/account")
        },
        RouteScenario("a form without its token, or from another site, is a 403 that writes nothing", routes: []) { app in
            let browser = app.browser()
            let token = try #require(try browser.get("/sign-in").csrfToken)
            let email = newAddress()
            for (form, headers) in [
                ([("email", email)], []), ([("email", email), ("_csrf", String(repeating: "0", count: 64))], []),
                ([("email", email), ("_csrf", token)], [("Origin", "https://evil.example")]),
                ([("email", email), ("_csrf", token)], [("Referer", "https://evil.example/sorashare.test")]),
            ] {
                let refused = try browser.post("/auth/email", form, csrf: false, headers: headers)
                #expect(refused.status == 403 && refused.text.contains("did not come from SoraShare"), "\(form) \(headers)")
            }
            #expect(
                try app.browser().post("/auth/email", [("email", email), ("_csrf", token)], csrf: false).status == 403,
                "another browser: no cookie for this token")
            let sameSite = try browser.post("/auth/email", [("email", email)], headers: [("Origin", TestApp.publicURL)])
            #expect(sameSite.status == 303, "the site's own origin is fine")
            #expect(try count(app, "SELECT count(*) FROM login_tokens WHERE email = '\(email)'") == 1)
        },
        RouteScenario("a form route refuses a 10 MiB body with 413 before reading any of it", routes: ["POST /auth/email"]) { app in
            let browser = app.browser()
            _ = try browser.get("/sign-in")
            let huge = CountingByteSource(count: 10 << 20)
            let refused = try browser.send(
                .post, "/auth/email", headers: [("Content-Type", "application/x-www-form-urlencoded")], source: huge,
                contentLength: huge.count)
            #expect(refused.status == 413 && refused.text.contains("the limit is 64 KiB"), "\(refused.status)")
            #expect(huge.bytesRead == 0, "the CSRF check and the handler read nothing of it")
            // a small form on the same route is read and checked as ever
            #expect(try browser.post("/auth/email", [("email", newAddress())]).status == 303)
            #expect(try browser.post("/auth/email", [("email", newAddress())], csrf: false).status == 403)
        },
        RouteScenario("a session fixed before sign-in is worthless after it", routes: ["POST /auth/email/verify"]) { app in
            // a visitor session as earlier versions made them (visitors get none now), or any session the attacker holds
            let planted = try SessionStore(policy: app.configuration.accountPolicy).create(
                for: nil, userAgent: "attacker", on: app.database
            ).cookie
            let attacker = app.browser()
            attacker.setCookie("sorashare_session", planted)
            let victim = app.browser()
            victim.setCookie("sorashare_session", planted)
            #expect(try followLink(victim, try requestLink(victim, newAddress())).status == 303)
            #expect(victim.cookies["sorashare_session"] != planted)
            #expect(try attacker.get("/account").location == "/sign-in?next=/account")
        },
        RouteScenario("sign out here and everywhere", routes: ["POST /auth/sign-out", "POST /auth/sign-out-everywhere", "GET /account"]) {
            app in
            let member = try app.member("Ada")
            let (first, second, third) = (app.browser(), app.browser(), app.browser())
            for browser in [first, second, third] { try browser.signIn(as: member) }
            let account = try first.get("/account")
            #expect(account.text.components(separatedBy: "<tr><td>").count - 1 == 3, "every session is listed")
            #expect(account.text.contains("<span class=\"badge\">this browser</span>"))
            let out = try third.post("/auth/sign-out")
            #expect(out.status == 303 && out.location == "/" && third.cookies["sorashare_session"] == nil)
            let everywhere = try first.post("/auth/sign-out-everywhere")
            #expect(everywhere.status == 303 && everywhere.location == "/sign-in")
            for browser in [first, second] { #expect(try browser.get("/account").location == "/sign-in?next=/account") }
            #expect(try app.browser().post("/auth/sign-out-everywhere").status == 403, "no session, no token")
        },
        RouteScenario("a bad address is a 422 and the sixth link an hour is a 429", routes: ["POST /auth/email"]) { app in
            let browser = app.browser()
            _ = try browser.get("/sign-in")
            let bad = try browser.post("/auth/email", [("email", "not-an-address")])
            #expect(bad.status == 422 && bad.text.contains("does not look like an e-mail address"))
            let email = newAddress()
            let statuses = try (0..<6).map { _ in try browser.post("/auth/email", [("email", email)]).status }
            #expect(statuses == [303, 303, 303, 303, 303, 429])
            let limited = try browser.post("/auth/email", [("email", email)])
            #expect(limited.headers["Retry-After"].flatMap(Int.init).map { $0 > 0 && $0 <= 3600 } == true)
            #expect(try count(app, "SELECT count(*) FROM login_tokens WHERE email = '\(email)'") == 5)
        },
        RouteScenario("plus-addressing opens no new allowance: the sixth link to a mailbox is a 429", routes: ["POST /auth/email"]) {
            app in
            let browser = app.browser()
            _ = try browser.get("/sign-in")
            let mailbox = "plus-\(UUID().uuidString.prefix(8).lowercased())"
            let statuses = try (1...6).map { try browser.post("/auth/email", [("email", "\(mailbox)+\($0)@example.com")]).status }
            #expect(statuses == [303, 303, 303, 303, 303, 429])
            #expect(try browser.post("/auth/email", [("email", "\(mailbox)@example.com")]).status == 429, "nor does the bare address")
            let sent = try app.database.query("SELECT recipient::text AS r FROM outbox_emails ORDER BY id").map {
                try $0.decode(String.self, "r")
            }
            #expect(sent == (1...5).map { "\(mailbox)+\($0)@example.com" }, "each link goes to the address as typed, tag and all")
        },
        RouteScenario("sessions expire when idle and at their absolute limit", routes: ["GET /account"]) { app in
            let (browser, member) = try app.signedIn("Ada")
            #expect(try browser.get("/account").status == 200)
            let idHash = "sha256('\(try #require(browser.cookies["sorashare_session"]))'::bytea)"
            _ = try app.scalar(
                "UPDATE sessions SET last_seen_at = now() - interval '1 hour', expires_at = now() + interval '1 day' WHERE id_hash = \(idHash)"
            )
            #expect(try browser.get("/account").status == 200)
            #expect(try app.scalar("SELECT expires_at > now() + interval '13 days' FROM sessions WHERE id_hash = \(idHash)") == "t")
            _ = try app.scalar(
                "UPDATE sessions SET created_at = now() - interval '31 days', last_seen_at = now() - interval '1 hour' WHERE id_hash = \(idHash)"
            )
            #expect(try browser.get("/account").status == 200, "valid until this touch")
            #expect(try browser.get("/account").location == "/sign-in?next=/account")
            let idle = app.browser()
            try idle.signIn(as: member)
            _ = try app.scalar("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE member_id = \(member.id)")
            #expect(try idle.get("/account").location == "/sign-in?next=/account")
        },
        RouteScenario(
            "OpenID sign-in starts at the provider and refuses a callback it did not start",
            routes: ["GET /auth/:provider", "GET /auth/:provider/callback"]
        ) { app in
            let browser = app.browser()
            let start = try browser.get("/auth/linkedin")
            let location = try #require(start.location.flatMap(URLComponents.init(string:)))
            #expect(start.status == 303 && location.host == "www.linkedin.com" && location.path == "/oauth/v2/authorization")
            let query = Dictionary(uniqueKeysWithValues: (location.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(query["client_id"] == "route-client" && query["redirect_uri"] == "http://sorashare.test/auth/linkedin/callback")
            #expect(query["response_type"] == "code" && query["code_challenge"] == nil, "LinkedIn takes no PKCE")
            let state = try #require(query["state"])
            #expect(start.cookies.first?.headerValue.hasPrefix("sorashare_openid=") == true && start.cookies.first?.path == "/auth/")
            #expect(try browser.get("/auth/nowhere").status == 404)
            // a state this browser did not start, or none: refused without calling the provider
            let stranger = try app.browser().get("/auth/linkedin/callback?state=\(state)&code=abc")
            #expect(stranger.status == 400 && stranger.text.contains("started in another browser"))
            #expect(try browser.get("/auth/linkedin/callback?code=abc").status == 400)
            // the provider said no
            let denied = try browser.get("/auth/linkedin/callback?state=\(state)&error=user_cancelled_login")
            #expect(denied.status == 400 && denied.text.contains("cancelled or refused"))
            #expect(try browser.get("/auth/linkedin/callback?state=\(state)&code=abc").status == 400, "a state is used once")
            // the token endpoint is down: a 502 page, no session
            let again = try #require(try browser.get("/auth/linkedin").location.flatMap(URLComponents.init(string:)))
            let secondState = try #require(again.queryItems?.first { $0.name == "state" }?.value)
            let unreachable = try browser.get("/auth/linkedin/callback?state=\(secondState)&code=abc")
            #expect(unreachable.status == 502 && unreachable.text.contains("could not reach the sign-in provider"))
            #expect(try browser.session()?.member == nil)
        },
    ]
}
