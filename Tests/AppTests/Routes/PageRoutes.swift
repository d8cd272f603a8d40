import Foundation
import Testing

/// The landing page, health, and how unknown addresses and methods are answered.
enum PageRoutes {
    static let scenarios = [
        RouteScenario("landing page explains SoraShare and says when distribution is paused", routes: ["GET /", "POST /queue/join"]) {
            app in
            let page = try app.browser().get("/")
            #expect(page.status == 200 && page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>Fair access to Sora invites</h1>") && page.text.contains("id=\"how-it-works\""))
            #expect(page.text.contains("href=\"/static/site.css\"") && !page.text.components(separatedBy: "<body>")[0].contains("https://"))
            #expect(page.headers["Cache-Control"] == "no-store" && page.headers["X-Request-Id"]?.isEmpty == false)
            #expect(!page.text.contains("id=\"distribution-paused\""))
            // "Join the queue" above the fold: a visitor signs in first, then lands on the join form
            let hero = try #require(page.text.components(separatedBy: "id=\"how-it-works\"").first)
            #expect(hero.contains("id=\"join-queue-cta\" href=\"/sign-in?next=/dashboard\">Join the queue</a>"))
            let (member, _) = try app.signedIn("Ada")
            #expect(try member.get("/").text.contains("id=\"join-queue-cta\" href=\"/dashboard\">Join the queue</a>"))
            try QueueRoutes.join(member)
            #expect(try member.get("/").text.contains("id=\"join-queue-cta\" href=\"/dashboard\">Your place in the queue</a>"))
            #expect(page.text.contains("data-figure=\"waiting\"") || page.text.contains("id=\"transparency-more\""), "the figures stay")
            let head = try app.send(.head, "/")
            #expect(head.status == 200 && head.headers["Content-Type"] == "text/html; charset=utf-8", "HEAD is answered by GET's route")
        },
        RouteScenario("health reports the database", routes: ["GET /health"]) { app in
            let health = try app.send(.get, "/health")
            #expect(health.status == 200 && health.headers["Content-Type"] == "application/json")
            let body = try health.json()
            #expect(Set(body.keys) == ["status", "service", "timestamp", "database", "version"])
            #expect(
                body["status"] as? String == "healthy" && body["database"] as? String == "up" && body["service"] as? String == "sorashare")
            #expect((body["timestamp"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
            #expect((body["version"] as? String)?.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
        },
        RouteScenario("unknown pages, methods and malformed paths", routes: []) { app in
            let missing = try app.send(.get, "/no/such/page")
            #expect(missing.status == 404 && missing.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(missing.text.contains("There is no page at this address.") && missing.text.contains("<a class=\"button\" href=\"/\">"))
            let json = try app.send(.get, "/no/such/page", headers: [("Accept", "application/json")])
            #expect(json.status == 404)
            let error = try #require(try json.json()["error"] as? [String: Any])
            #expect(error["status"] as? Int == 404 && error["message"] as? String == "There is no page at this address.")
            #expect(error["request_id"] as? String == json.headers["X-Request-Id"])
            for (method, target) in [("POST", "/"), ("DELETE", "/health")] {
                let refused = try app.send(.init(method), target)
                #expect(refused.status == 405 && refused.headers["Allow"] == "GET, HEAD", "\(method) \(target)")
                #expect(refused.text.contains("does not accept that method"))
            }
            #expect(try app.send(.get, "/caf%ZZ").status == 400)
        },
    ]
}
