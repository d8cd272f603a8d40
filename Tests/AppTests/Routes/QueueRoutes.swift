import Foundation
import Store
import Testing

/// The invite queue as members use it: join, place and wait, donate, reveal, report, owe, passes.
enum QueueRoutes {
    static func join(_ browser: TestBrowser, useCase: String = "Product videos", persona: String = "solo_founder") throws {
        let response = try browser.post("/queue/join", [("use_case", useCase), ("persona", persona)])
        #expect(response.status == 303 && response.location == "/dashboard", "\(response.text)")
    }

    /// Donates `codes` and follows the 303 to the result page; returns that page.
    static func donate(_ browser: TestBrowser, _ codes: String) throws -> TestResponse {
        let response = try browser.post("/donate", [("codes", codes)])
        let location = try #require(response.location, "\(response.status) \(response.text)")
        #expect(response.status == 303 && location.wholeMatch(of: /\/donate\/result\/[0-9a-f]{32}/) != nil, "\(location)")
        let page = try browser.get(location)
        #expect(page.status == 200 && page.headers["Cache-Control"] == "no-store", "\(page.text)")
        return page
    }

    /// Reveals the browser's code (a POST, then the 303 to the code page); returns it.
    static func reveal(_ browser: TestBrowser) throws -> String {
        #expect(try browser.get("/dashboard").text.contains("id=\"reveal-code\""))
        let revealed = try browser.post("/queue/reveal")
        #expect(revealed.status == 303 && revealed.location == "/queue/code", "\(revealed.text)")
        let response = try browser.get("/queue/code")
        #expect(response.status == 200 && response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["Referrer-Policy"] == "no-referrer")
        return String(try #require(response.text.firstMatch(of: /id="invite-code">([^<]+)</)).output.1)
    }

    static func report(_ browser: TestBrowser, _ outcome: String) throws {
        let response = try browser.post("/queue/report", [("outcome", outcome)])
        #expect(response.status == 303 && response.location == "/dashboard", "\(response.text)")
    }

    static func status(_ browser: TestBrowser) throws -> [String: Any] { try browser.get("/queue/status.json").json() }

    /// The queue log is intact and replays: every allocation went to the head of the queue.
    static func expectLogReplays(_ app: TestApp) throws {
        guard case .intact = try EventLog().verify(on: app.database) else {
            Issue.record("the queue log's chain is broken")
            return
        }
        let replay = try EventLogReplay().replay(on: app.database)
        guard case .intact = replay else {
            Issue.record("the queue log does not replay: \(replay)")
            return
        }
    }

    static let scenarios = [
        RouteScenario(
            "join, see the place, poll with an ETag, leave",
            routes: ["GET /dashboard", "POST /queue/join", "GET /queue/status.json", "POST /queue/leave"]
        ) { app in
            let (browser, _) = try app.signedIn("Ada")
            #expect(try browser.get("/dashboard").text.contains("id=\"join-queue\""))
            let blank = try browser.post("/queue/join", [("use_case", " "), ("persona", "agency")])
            #expect(blank.status == 422 && blank.text.contains("up to 500 characters"))
            let wizard = try browser.post("/queue/join", [("use_case", "ads"), ("persona", "wizard")])
            #expect(wizard.status == 422 && wizard.text.contains("describes you best"))
            let (ahead, _) = try app.signedIn("Grace")
            try join(ahead)
            try join(browser)
            let dashboard = try browser.get("/dashboard").text
            #expect(dashboard.contains("id=\"queue-position\">2<") && dashboard.contains("id=\"queue-length\">2<"))
            #expect(dashboard.contains("You wrote: “Product videos”") && !dashboard.contains("id=\"queue-score\""))
            let twice = try browser.post("/queue/join", [("use_case", "x"), ("persona", "other")])
            #expect(twice.status == 409 && twice.text.contains("already have a place"))
            let polled = try browser.get("/queue/status.json")
            let body = try polled.json()
            #expect(body["status"] as? String == "waiting" && body["position"] as? Int == 2 && body["waiting"] as? Int == 2)
            let etag = try #require(polled.headers["ETag"])
            #expect(polled.headers["Cache-Control"] == "private, no-cache")
            let unchanged = try browser.get("/queue/status.json", headers: [("If-None-Match", etag)])
            #expect(unchanged.status == 304 && unchanged.body.isEmpty)
            let (behind, _) = try app.signedIn("Linus")
            try join(behind)
            let changed = try browser.get("/queue/status.json", headers: [("If-None-Match", etag)])
            #expect(try changed.status == 200 && (changed.json()["waiting"] as? Int) == 3)
            #expect(try browser.post("/queue/leave").location == "/dashboard")
            #expect(try status(browser)["status"] as? String == "none")
            #expect(try status(behind)["position"] as? Int == 2, "the member behind moved up")
            #expect(try browser.post("/queue/leave").status == 409, "not in the queue any more")
            try expectLogReplays(app)
        },
        RouteScenario("queue pages need sign-in", routes: ["GET /dashboard", "GET /queue/status.json", "GET /donate"]) { app in
            let visitor = app.browser()
            #expect(try visitor.get("/dashboard").location == "/sign-in?next=/dashboard")
            #expect(try visitor.get("/donate").location == "/sign-in?next=/donate")
            let json = try visitor.get("/queue/status.json")
            #expect(json.status == 401 && json.headers["Content-Type"] == "application/json")
        },
        RouteScenario(
            "donated codes go to the head of the queue, are revealed and reported",
            routes: [
                "GET /donate", "POST /donate", "GET /donate/result/:id", "POST /queue/reveal", "GET /queue/code", "POST /queue/report",
            ]
        ) { app in
            let (first, _) = try app.signedIn("First")
            let (second, _) = try app.signedIn("Second")
            try join(first)
            try join(second)
            let (donor, _) = try app.signedIn("Donor")
            #expect(try donor.get("/donate").text.contains("name=\"codes\""))
            let result = try donate(donor, "abc123\nABC123\nnot a code!\n\nDEF456").text
            #expect(result.contains("id=\"accepted-count\">2 code(s) added"))
            #expect(result.contains("AB…(6 chars)") && !result.contains("ABC123") && !result.contains("DEF456"), "codes are shown redacted")
            #expect(result.contains("appears more than once in this submission") && result.contains("does not look like"))
            #expect(try donate(donor, "DEF456").text.contains("already in the pool"))
            let notYet = try first.post("/queue/report", [("outcome", "worked")])
            #expect(notYet.status == 422 && notYet.text.contains("Reveal your code before you report on it."))
            #expect(try first.get("/queue/code").location == "/dashboard", "nothing is shown before the reveal")
            #expect(try reveal(first) == "ABC123")
            let reveals = try app.scalar("SELECT count(*) FROM queue_events")
            #expect(try first.get("/queue/code").text.contains("id=\"invite-code\">ABC123<"), "a reload shows it again")
            #expect(try app.scalar("SELECT count(*) FROM queue_events") == reveals, "and logs nothing")
            #expect(try first.post("/queue/report", [("outcome", "maybe")]).status == 422)
            try report(first, "worked")
            #expect(try status(first)["status"] as? String == "none")
            #expect(try reveal(second) == "DEF456")
            try report(second, "invalid")
            #expect(try app.scalar("SELECT string_agg(status, ',' ORDER BY id) FROM invite_codes") == "worked,invalid")
            #expect(try status(second)["status"] as? String == "none", "a report is a claim: nobody is requeued by it alone")
            let (later, _) = try app.signedIn("Later")
            try join(later)
            let nothingHeld = try later.post("/queue/reveal")
            #expect(nothingHeld.status == 409)
            // post/redirect/get: reloading a result page shows it again and donates nothing
            let again = try donor.post("/donate", [("codes", "GHI789")])
            let resultURL = try #require(again.location)
            let codes = try app.scalar("SELECT count(*) FROM invite_codes")
            for _ in 0..<2 { #expect(try donor.get(resultURL).text.contains("1 code(s) added")) }
            #expect(try app.scalar("SELECT count(*) FROM invite_codes") == codes, "a reload adds no code")
            #expect(try first.get(resultURL).status == 404, "a result is its donor's alone")
            #expect(try donor.get("/donate/result/\(String(repeating: "0", count: 32))").status == 404)
            try expectLogReplays(app)
        },
        RouteScenario("a code that worked is owed back; arrears block rejoining until paid", routes: ["POST /queue/join", "POST /donate"]) {
            app in
            let (recipient, _) = try app.signedIn("Recipient")
            try join(recipient)
            let (donor, _) = try app.signedIn("Donor")
            _ = try donate(donor, "RET1234567")
            _ = try reveal(recipient)
            try report(recipient, "worked")
            #expect(try recipient.get("/dashboard").text.contains("You owe 1 invite code(s)</strong> by "))
            _ = try app.scalar("UPDATE return_obligations SET due_at = now() - interval '1 minute' WHERE returned < owed")
            let refused = try recipient.post("/queue/join", [("use_case", "again"), ("persona", "other")])
            #expect(refused.status == 403 && refused.text.contains("You still owe 1 invite code(s)"))
            #expect(try recipient.get("/account").text.contains("id=\"arrears\">owes 1 code(s), overdue"))
            #expect(try donate(recipient, "PAY1234567").text.contains("1 code(s) added"))
            #expect(try !(recipient.get("/dashboard").text.contains("id=\"owed\"")))
            try join(recipient)
            #expect(try app.scalar("SELECT count(*) FROM queue_events WHERE body LIKE '%\"kind\":\"return\"%'") == "1")
            try expectLogReplays(app)
        },
        RouteScenario("a priority pass moves its holder to the head once", routes: ["POST /passes/redeem", "GET /passes/status.json"]) {
            app in
            let (first, _) = try app.signedIn("First")
            let (holder, _) = try app.signedIn("Holder")
            try join(first)
            try join(holder)
            let codes = try PassStore().mint(count: 2, prefix: "sora", createdBy: nil, on: app.database).codes
            #expect(
                try holder.get("/passes/status.json?code=\(codes[0])").json() as? [String: String] == ["code": codes[0], "status": "valid"])
            #expect(try holder.post("/passes/redeem", [("code", codes[0].lowercased())]).location == "/dashboard")
            #expect(try status(holder)["position"] as? Int == 1 && (status(first)["position"] as? Int) == 2)
            #expect(try holder.get("/dashboard").text.contains("id=\"queue-lane\">You are in the head lane"))
            #expect(try holder.get("/passes/status.json?code=\(codes[0])").json()["status"] as? String == "redeemed")
            let again = try first.post("/passes/redeem", [("code", codes[0])])
            #expect(again.status == 400 && again.text.contains("already used"))
            #expect(again.text.contains("id=\"pass-code-error\"") && again.text.contains("value=\"\(codes[0])\""), "next to its field")
            #expect(again.text.contains("aria-describedby=\"pass-code-error\""), "and tied to it")
            _ = try app.scalar("UPDATE priority_passes SET expires_at = now() - interval '1 second' WHERE code = '\(codes[1])'")
            #expect(try first.get("/passes/status.json?code=\(codes[1])").json()["status"] as? String == "expired")
            #expect(try first.post("/passes/redeem", [("code", codes[1])]).status == 400)
            #expect(try first.get("/passes/status.json?code=NOPE-000000000000").json()["status"] as? String == "unknown")
            #expect(try first.get("/passes/status.json").status == 400, "the code is required")
            #expect(try app.browser().get("/passes/status.json?code=\(codes[0])").status == 401)
            let (donor, _) = try app.signedIn("Donor")
            _ = try donate(donor, "PAS1234567")
            #expect(try holder.get("/dashboard").text.contains("id=\"reveal-code\""))
            try expectLogReplays(app)
        },
        RouteScenario("a donation form over 64 KiB is refused", routes: ["POST /donate"]) { app in
            let (donor, _) = try app.signedIn("Donor")
            let refused = try donor.post("/donate", [("codes", String(repeating: "ABCDEFGH12\n", count: 7000))])
            #expect(refused.status == 413 && refused.text.contains("the limit is 64 KiB"))
            #expect(try app.scalar("SELECT count(*) FROM invite_codes") == "0")
        },
        RouteScenario(
            "a NUL byte in a field or the query is a 400 and nothing is stored", routes: ["POST /queue/join"]
        ) { app in
            // libpq takes parameters as C strings: "a\0b" used to be stored as "a" (issue 9).
            let (browser, member) = try app.signedIn("Ada")
            let escaped = try browser.post("/queue/join", [("use_case", "a\u{0}b"), ("persona", "agency")])
            #expect(escaped.status == 400 && escaped.text.contains("NUL byte"), "use_case=a%00b: \(escaped.status)")
            let csrf = try #require(try browser.session()?.csrfToken)
            let raw = try browser.send(
                .post, "/queue/join", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("use_case=a".utf8) + [0] + Array("b&persona=agency&_csrf=\(csrf)".utf8))
            #expect(raw.status == 400 && raw.text.contains("NUL byte"), "a raw NUL in the body: \(raw.status)")
            #expect(try app.scalar("SELECT count(*) FROM queue_entries WHERE member_id = \(member.id)") == "0")
            #expect(try browser.get("/passes/status.json?code=AB%00CD").status == 400, "refused before routing")
            try join(browser, useCase: "a b")
        },
        RouteScenario(
            "without the log key the queue is closed, and says so", routes: ["POST /queue/join", "GET /dashboard"],
            environment: ["SORASHARE_LOG_KEY": ""]
        ) { app in
            let (browser, _) = try app.signedIn("Ada")
            let closed = try browser.post("/queue/join", [("use_case", "ads"), ("persona", "other")])
            #expect(closed.status == 503 && closed.text.contains("not open on this server yet"))
            #expect(try browser.get("/dashboard").status == 503)
            #expect(try app.scalar("SELECT count(*) FROM queue_entries") == "0")
        },
    ]
}
