import Foundation
import Store
import Testing

/// The admin area: admins only; pause and resume, passes, bans, voids, reports, the audit log.
enum AdminRoutes {
    static let scenarios = [
        RouteScenario(
            "the admin area is for admins and audits every action",
            routes: ["GET /admin", "POST /admin/pause", "POST /admin/resume", "POST /admin/passes"]
        ) { app in
            #expect(try app.browser().get("/admin").location == "/sign-in?next=/admin")
            let (member, _) = try app.signedIn("Member")
            let refused = try member.get("/admin")
            #expect(refused.status == 403 && refused.text.contains("for SoraShare admins only"))
            #expect(try member.post("/admin/pause").status == 403, "a member cannot pause, even with a valid token")
            #expect(try app.scalar("SELECT paused FROM queue_control") == "f")
            let (admin, _) = try app.signedIn("Admin", role: .admin)
            let page = try admin.get("/admin")
            #expect(page.status == 200 && page.text.contains("id=\"admin-link\"") && page.text.contains("id=\"trust-score\">100<"))
            let paused = try admin.post("/admin/pause", [("reason", "checking reports")])
            #expect(paused.location == "/admin")
            #expect(try admin.get("/admin").text.contains("id=\"admin-paused\">Paused: paused by an admin: checking reports."))
            #expect(try app.scalar("SELECT paused FROM queue_control") == "t")
            #expect(try admin.post("/admin/resume").location == "/admin")
            #expect(
                try admin.get("/admin").text.contains("id=\"pause-distribution\"")
                    && (app.scalar("SELECT paused FROM queue_control")) == "f")
            let mint = try admin.post("/admin/passes", [("count", "3"), ("prefix", "vip")])
            let resultURL = try #require(mint.location)
            #expect(mint.status == 303 && resultURL.hasPrefix("/admin?minted=batch-"), "post/redirect/get")
            let minted = try admin.get(resultURL)
            let codes = Set(minted.text.matches(of: /VIP-[0-9A-F]{12}/).map { String($0.output) })
            #expect(codes.count == 3 && minted.headers["Cache-Control"] == "no-store")
            let reloaded = try admin.get(resultURL)
            #expect(Set(reloaded.text.matches(of: /VIP-[0-9A-F]{12}/).map { String($0.output) }) == codes, "a reload shows the same passes")
            #expect(try app.scalar("SELECT count(*) FROM priority_passes") == "3", "a reload mints nothing")
            let many = try admin.post("/admin/passes", [("count", "many"), ("prefix", "vip")])
            #expect(many.status == 422 && many.text.contains("Give a whole number"))
            #expect(try admin.post("/admin/passes", [("count", "0"), ("prefix", "vip")]).status == 422)
            #expect(try admin.post("/admin/passes", [("count", "2"), ("prefix", "not ok!")]).status == 422)
            let audit = try admin.get("/admin").text
            for action in ["pause", "resume", "mint passes"] { #expect(audit.contains("<td>\(action)</td>"), "\(action)") }
            #expect(!codes.contains { audit.contains($0) }, "pass codes are not in the audit log")
            #expect(try app.scalar("SELECT count(*) FROM priority_passes") == "3")
        },
        RouteScenario(
            "admins ban members, void codes and resolve reports",
            routes: ["POST /admin/codes/void", "POST /admin/reports/resolve", "POST /admin/members/ban"]
        ) { app in
            let (admin, _) = try app.signedIn("Admin", role: .admin)
            let (holder, holderMember) = try app.signedIn("Holder")
            let (waiter, waiterMember) = try app.signedIn("Waiter")
            try QueueRoutes.join(holder)
            try QueueRoutes.join(waiter)
            let (donor, _) = try app.signedIn("Donor")
            _ = try QueueRoutes.donate(donor, "MODA111111\nMODB222222\nMODC333333")
            let ids = try app.database.query("SELECT id FROM invite_codes ORDER BY id").map { try $0.decode(Int.self, "id") }
            let page = try admin.get("/admin").text
            #expect(page.contains("id=\"code-\(ids[2])\"") && !page.contains("MODC333333"), "codes appear by number only")
            #expect(try admin.post("/admin/codes/void", [("code", String(ids[2]))]).location == "/admin")
            #expect(try app.scalar("SELECT status FROM invite_codes WHERE id = \(ids[2])") == "void")
            _ = try admin.post("/admin/codes/void", [("code", String(ids[0]))])
            #expect(try QueueRoutes.status(holder)["position"] as? Int == 1, "a code taken back puts its holder at the head")
            let queue = try admin.get("/admin").text
            #expect(queue.contains("<td>1</td>\n      <td>Holder</td><td>head</td>"), "next in line")
            let again = try admin.post("/admin/codes/void", [("code", String(ids[0]))])
            #expect(again.status == 409 && again.text.contains("nothing to void"))
            #expect(try admin.post("/admin/codes/void", [("code", "999999")]).status == 404)
            #expect(try admin.post("/admin/codes/void", [("code", "#1")]).status == 422)
            #expect(try donor.post("/admin/codes/void", [("code", String(ids[1]))]).status == 403)
            #expect(try admin.post("/admin/codes/void", [("code", String(ids[1]))], csrf: false).status == 403)
            #expect(try QueueRoutes.reveal(waiter) == "MODB222222")
            try QueueRoutes.report(waiter, "invalid")
            let report = try #require(try app.scalar("SELECT id FROM allocations WHERE outcome = 'invalid'"))
            #expect(try admin.get("/admin").text.contains("id=\"report-\(report)\""))
            #expect(try admin.post("/admin/reports/resolve", [("report", report), ("decision", "maybe")]).status == 422)
            #expect(try admin.post("/admin/reports/resolve", [("report", report), ("decision", "dismissed")]).location == "/admin")
            #expect(try admin.get("/admin").text.contains("id=\"no-reports\""))
            #expect(try app.scalar("SELECT report_resolution FROM allocations WHERE id = \(report)") == "dismissed")
            #expect(try admin.post("/admin/reports/resolve", [("report", report), ("decision", "upheld")]).status == 409)
            let email = try #require(waiterMember.email)
            #expect(try admin.post("/admin/members/ban", [("email", email), ("action", "ban")]).location == "/admin")
            #expect(try waiter.get("/queue/status.json").status == 401, "a ban ends the member's sessions")
            #expect(try app.scalar("SELECT count(*) FROM queue_entries WHERE member_id = \(waiterMember.id) AND status = 'waiting'") == "0")
            let unknown = try admin.post("/admin/members/ban", [("email", "nobody@example.com"), ("action", "ban")])
            #expect(unknown.status == 404 && unknown.text.contains("No member has that e-mail address"))
            #expect(try admin.post("/admin/members/ban", [("email", email), ("action", "smite")]).status == 422)
            #expect(try admin.post("/admin/members/ban", [("email", email), ("action", "unban")]).location == "/admin")
            #expect(try app.scalar("SELECT banned_at IS NULL FROM members WHERE id = \(waiterMember.id)") == "t")
            let audit = try admin.get("/admin").text
            for action in ["void code", "resolve report", "ban", "unban"] { #expect(audit.contains("<td>\(action)</td>"), "\(action)") }
            _ = holderMember
            try QueueRoutes.expectLogReplays(app)
        },
        RouteScenario(
            "without the log key a ban still works for a member outside the queue", routes: ["POST /admin/members/ban"],
            environment: ["SORASHARE_LOG_KEY": ""]
        ) { app in
            let (admin, _) = try app.signedIn("Admin", role: .admin)
            let (member, profile) = try app.signedIn("Member")
            #expect(try admin.post("/admin/members/ban", [("email", try #require(profile.email)), ("action", "ban")]).location == "/admin")
            #expect(try member.get("/account").location == "/sign-in?next=/account", "the ban ended the member's sessions")
        },
    ]
}
