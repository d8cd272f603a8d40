import Foundation
import Testing

/// After sign-in the member comes back to the page they were on (`ReturnPath`), by e-mail link and
/// by OpenID, and a `next` that could lead off the site is dropped for the account page.
enum ReturnPathRoutes {
    /// `next` values that must never become a redirect (sent as the decoded form value).
    static let refused = [
        "//evil.example/", "/\\evil.example", "\\\\evil.example", "http://evil.example/", "https:evil.example", "javascript:alert(1)",
        "evil.example", "", "/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%252F%252Fevil.example",
        "/\tevil", "/\r\nLocation: http://evil.example", "/d\u{7F}", "/caf\u{E9}", "/%0d%0aSet-Cookie:x=1", "/sign-in",
        "/sign-in?next=//evil.example", "/auth/linkedin", "/" + String(repeating: "a", count: 600),
    ]

    /// Asks for a link from the sign-in page with `next`, follows it and returns the final answer.
    static func signIn(_ browser: TestBrowser, next: String, email: String = AccountRoutes.newAddress()) throws -> TestResponse {
        #expect(try browser.get("/sign-in").status == 200)
        let asked = try browser.post("/auth/email", [("email", email), ("next", next)])
        #expect(asked.status == 303, "\(asked.text)")
        let message = try AccountRoutes.queuedMessage(browser.app, email)
        let link = try #require(message.body.firstMatch(of: /verify\?token=([0-9a-f]{64})/))
        return try AccountRoutes.followLink(browser, String(link.output.1))
    }

    static let scenarios = [
        RouteScenario(
            "a deep link sends a visitor to sign in and the e-mail link brings them back there",
            routes: ["GET /donate", "GET /sign-in", "POST /auth/email", "GET /auth/email/verify", "POST /auth/email/verify"]
        ) { app in
            let browser = app.browser()
            let deep = try browser.get("/donate")
            #expect(deep.status == 303 && deep.location == "/sign-in?next=/donate")
            let page = try browser.get("/sign-in?next=/donate")
            #expect(page.text.contains("<input type=\"hidden\" name=\"next\" value=\"/donate\">"))
            #expect(page.text.contains("href=\"/auth/linkedin?next=/donate\""), "the provider button carries it too")
            let back = try signIn(browser, next: "/donate")
            #expect(back.status == 303 && back.location == "/donate", "back where they were")
            #expect(try browser.get("/donate").status == 200)
            #expect(try browser.get("/sign-in?next=/dashboard").location == "/dashboard", "a member goes straight there")
            #expect(try browser.get("/sign-in?next=//evil.example").location == "/account")
            #expect(try browser.get("/sign-in").location == "/account")
            // without a next, the account page stays the default
            #expect(try signIn(app.browser(), next: "").location == "/account")
        },
        RouteScenario(
            "a next that could leave the site is dropped for the account page", routes: ["GET /sign-in", "POST /auth/email"],
            environment: ["SORASHARE_SIGNIN_LINKS_PER_CLIENT_PER_HOUR": "1000"]
        ) {
            app in
            for bad in refused {
                let page = try app.browser().get("/sign-in?next=\(bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                #expect(page.status == 200 && !page.text.contains("name=\"next\""), "\(bad)")
                let answer = try signIn(app.browser(), next: bad)
                #expect(answer.status == 303 && answer.location == "/account", "\(bad) → \(answer.location ?? "none")")
            }
            #expect(try app.scalar("SELECT count(*) FROM login_tokens WHERE return_path IS NOT NULL") == "0")
        },
        RouteScenario(
            "an OpenID attempt keeps its checked return path on the server",
            routes: ["GET /auth/:provider"]
        ) { app in
            let start = try app.browser().get("/auth/linkedin?next=/dashboard")
            #expect(start.status == 303)
            #expect(try app.scalar("SELECT string_agg(coalesce(return_path, '-'), ',') FROM openid_attempts") == "/dashboard")
            for bad in ["//evil.example", "/\\evil.example", "http://evil.example", "/%2F%2Fevil.example"] {
                let refused = try app.browser().get(
                    "/auth/linkedin?next=\(bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                #expect(refused.status == 303)
            }
            #expect(try app.scalar("SELECT count(*) FROM openid_attempts WHERE return_path IS NOT NULL") == "1", "refused ones keep none")
        },
        RouteScenario(
            "a used or expired link offers a new one to the same address, for the same page",
            routes: ["GET /auth/email/verify", "POST /auth/email/verify", "POST /auth/email"]
        ) { app in
            let email = AccountRoutes.newAddress()
            let browser = app.browser()
            #expect(try signIn(browser, next: "/dashboard", email: email).location == "/dashboard")
            let other = app.browser()
            _ = try other.get("/sign-in")
            let asked = try other.post("/auth/email", [("email", email), ("next", "/studio")])
            #expect(asked.status == 303)
            let message = try AccountRoutes.queuedMessage(app, email)
            let link = String(try #require(message.body.firstMatch(of: /verify\?token=([0-9a-f]{64})/)).output.1)
            try app.database.query("UPDATE login_tokens SET expires_at = now() - interval '1 second' WHERE email = \(email)")
            for lapsed in [try other.get("/auth/email/verify?token=\(link)"), try other.post("/auth/email/verify", [("token", link)])] {
                #expect(lapsed.status == 400 && lapsed.text.contains("id=\"sign-in-link-lapsed\""))
                #expect(lapsed.text.contains("value=\"\(email)\""), "the address is prefilled")
                #expect(lapsed.text.contains("name=\"next\" value=\"/studio\""), "and the page to come back to")
                #expect(lapsed.text.contains("action=\"/auth/email\""))
            }
            let unknown = try other.get("/auth/email/verify?token=\(String(repeating: "0", count: 64))")
            #expect(
                unknown.status == 400 && unknown.text.contains("id=\"sign-in-link-lapsed\"") && !unknown.text.contains("value=\"\(email)\"")
            )
        },
    ]
}
