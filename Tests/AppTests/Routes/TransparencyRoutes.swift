import Foundation
import Store
import Testing

@testable import App

/// The public transparency page and its JSON: open to visitors, the worker's figures (or a note
/// before its first computation), ETags and public caching, and the landing page's three figures.
enum TransparencyRoutes {
    /// Computes the figures as the worker does.
    static func compute(_ app: TestApp) throws {
        try TransparencyComputation(minimumInterval: 0, trustWindowDays: 30).refresh(
            publicReason: { PublicPauseReason.text($0, threshold: 60) }, on: app.database)
    }

    static let scenarios = [
        RouteScenario(
            "transparency page says figures are being computed, then shows them with charts",
            routes: ["GET /transparency", "GET /transparency/stats.json", "GET /"]
        ) { app in
            let visitor = app.browser()
            let before = try visitor.get("/transparency")
            #expect(before.status == 200 && before.text.contains("id=\"figures-computing\"") && !before.text.contains("<svg"))
            #expect(before.headers["Cache-Control"] == "public, max-age=5")
            let computing = try visitor.get("/transparency/stats.json")
            #expect(try computing.json()["status"] as? String == "computing")
            #expect(!(try visitor.get("/").text.contains("data-figure=\"waiting\"")), "no headline figures before the first computation")

            let (ada, _) = try app.signedIn("Ada")
            let (bob, _) = try app.signedIn("Bob")
            let (donor, _) = try app.signedIn("Donor")
            try QueueRoutes.join(ada)
            try QueueRoutes.join(bob)
            _ = try QueueRoutes.donate(donor, "ABC123")
            try app.database.query("UPDATE queue_control SET paused = true, reason = 'Donor Zelda sends junk'")
            try compute(app)

            let page = try visitor.get("/transparency")
            #expect(page.status == 200 && page.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(page.headers["Cache-Control"] == "public, max-age=60")
            #expect(page.cookies.isEmpty, "a page a cache may share sets no cookie")
            #expect(page.text.contains(#"data-figure="waiting">1<"#) && page.text.contains(#"data-figure="allocations-today">1<"#))
            #expect(page.text.contains(#"data-figure="codes-donated">1<"#) && page.text.contains(#"data-figure="distribution">paused<"#))
            #expect(
                page.text.contains("An admin paused it to check the pool.") && !page.text.contains("Zelda"),
                "the admin's words stay private")
            for chart in ["chart-waiting", "chart-allocations", "chart-waits", "chart-returns"] {
                #expect(page.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"\(chart)\""), "\(chart)")
                #expect(page.text.contains("<title id=\"\(chart)-title\">"), "\(chart) has a title")
            }
            #expect(page.text.components(separatedBy: "<details class=\"chart-data\">").count == 5, "a data table behind each chart")
            #expect(
                page.text.components(separatedBy: "<script").count == 2 && page.text.contains("<script src=\"/static/menu.js\" defer>"),
                "no script of its own (the site menu's only)")
            #expect(!page.text.contains("Ada") && !page.text.contains("ABC123"), "nobody and no code is named")

            let etag = try #require(page.headers["ETag"])
            let again = try visitor.get("/transparency", headers: [("If-None-Match", etag)])
            #expect(again.status == 304 && again.body.isEmpty && again.headers["ETag"] == etag)

            let json = try visitor.get("/transparency/stats.json")
            #expect(json.status == 200 && json.headers["Content-Type"] == "application/json")
            #expect(json.headers["Cache-Control"] == "public, max-age=60")
            let body = try json.json()
            #expect(body["status"] as? String == "ok" && body["paused"] as? Bool == true)
            #expect((body["waiting"] as? [String: Any])?["total"] as? Int == 1)
            #expect((body["allocations"] as? [String: Any])?["last_30_days"] as? Int == 1)
            #expect(((body["series"] as? [String: Any])?["waiting_by_day"] as? [Any])?.count == 30)
            let jsonTag = try #require(json.headers["ETag"])
            #expect(try visitor.get("/transparency/stats.json", headers: [("If-None-Match", "\"other\", \(jsonTag)")]).status == 304)
            #expect(try visitor.get("/transparency/stats.json", headers: [("If-None-Match", "\"other\"")]).status == 200)

            let signedIn = try ada.get("/transparency")
            #expect(
                signedIn.status == 200 && signedIn.headers["Cache-Control"] == "private, max-age=60", "a page naming the viewer is private")

            let home = try visitor.get("/")
            #expect(home.text.contains(#"data-figure="waiting">1<"#) && home.text.contains(#"data-figure="allocations-30d">1<"#))
            #expect(home.text.contains(#"href="/transparency""#))
        }
    ]
}
