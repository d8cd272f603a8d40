import Foundation
import Testing

/// Referral links, points and badges on the account page, the opt-in leaderboard.
enum RecognitionRoutes {
    /// The text of the element with `id` (an attribute written `id="…">text<`).
    static func figure(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\">") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    static func referralCode(_ html: String) throws -> String {
        String(
            try #require(
                html.firstMatch(of: /id="referral-link" type="text" readonly value="http:\/\/sorashare\.test\/\?ref=([A-Z2-7]{10})"/)
            ).output.1)
    }

    static let scenarios = [
        RouteScenario("a referred visitor who signs up counts for the referrer", routes: ["GET /", "GET /r/:code", "GET /account"]) { app in
            let (referrer, _) = try app.signedIn("Referrer")
            let page = try referrer.get("/account").text
            let code = try referralCode(page)
            #expect(try referralCode(referrer.get("/account").text) == code, "the code is stable")
            #expect(figure(page, "referred-count") == "0" && figure(page, "referral-quality") == "—")
            let visitor = app.browser()
            let landing = try visitor.get("/?ref=\(code.lowercased())")
            #expect(landing.cookies.map(\.headerValue) == ["sorashare_ref=\(code); Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"])
            let signedIn = try AccountRoutes.followLink(visitor, try AccountRoutes.requestLink(visitor, AccountRoutes.newAddress()))
            #expect(
                signedIn.location == "/account"
                    && signedIn.cookies.contains { $0.headerValue.hasPrefix("sorashare_ref=; Path=/; Max-Age=0") })
            let after = try referrer.get("/account").text
            #expect(
                figure(after, "referred-count") == "1" && figure(after, "referred-good") == "1"
                    && figure(after, "referral-quality") == "100%")
            // an existing member following a link is no referred sign-up
            let existing = try app.member("Existing")
            let browser = app.browser()
            let short = try browser.get("/r/\(code)")
            #expect(short.status == 303 && short.location == "/")
            #expect(
                try AccountRoutes.followLink(browser, try AccountRoutes.requestLink(browser, try #require(existing.email))).status == 303)
            #expect(try figure(referrer.get("/account").text, "referred-count") == "1")
            _ = try app.scalar(
                "UPDATE members SET banned_at = now() WHERE id = (SELECT referred_id FROM referrals r JOIN referral_codes c ON c.member_id = r.referrer_id WHERE c.code = '\(code)')"
            )
            let suspended = try referrer.get("/account").text
            #expect(figure(suspended, "referred-good") == "0" && figure(suspended, "referral-quality") == "0%")
        },
        RouteScenario("the referral cookie takes only well-formed codes", routes: ["GET /", "GET /r/:code"]) { app in
            for target in ["/?ref=short", "/?ref=ABCDEFGH01", "/r/..%2Fetc", "/?ref=%3Cscript%3EABCDE"] {
                #expect(try app.browser().get(target).cookies.isEmpty, "\(target)")
            }
            let short = try app.browser().get("/r/ABCDEFGH23")
            #expect(
                short.location == "/"
                    && short.cookies.first?.headerValue.hasPrefix("sorashare_ref=ABCDEFGH23; Path=/; Max-Age=2592000") == true)
            let (member, _) = try app.signedIn("Member")
            #expect(try member.get("/r/ABCDEFGH23").cookies.isEmpty, "members are not referred")
        },
        RouteScenario("a donation that worked earns the donor points and a badge", routes: ["GET /account"]) { app in
            let (recipient, _) = try app.signedIn("Recipient")
            try QueueRoutes.join(recipient)
            let (donor, _) = try app.signedIn("Donor")
            let before = try donor.get("/account").text
            #expect(figure(before, "points") == "0" && before.contains("No badges yet"))
            _ = try QueueRoutes.donate(donor, "PTS1234567")
            #expect(try figure(donor.get("/account").text, "points") == "0", "points come once the code worked")
            _ = try QueueRoutes.reveal(recipient)
            try QueueRoutes.report(recipient, "worked")
            let after = try donor.get("/account").text
            #expect(figure(after, "points") == "10" && after.contains("data-badge=\"first-code\"") && after.contains("First code shared"))
            #expect(try figure(recipient.get("/account").text, "points") == "0")
        },
        RouteScenario("the leaderboard is opt-in and never shows an address", routes: ["GET /leaderboard", "POST /account/leaderboard"]) {
            app in
            let (member, profile) = try app.signedIn("Leader Lovelace")
            let empty = try app.browser().get("/leaderboard")
            #expect(empty.status == 200 && !empty.text.contains("Leader Lovelace") && empty.text.contains("id=\"leaderboard-empty\""))
            #expect(try member.get("/account").text.contains("id=\"leaderboard-toggle\">Show me on the leaderboard<"))
            #expect(try member.post("/account/leaderboard", [("show", "yes")], csrf: false).status == 403)
            #expect(try app.scalar("SELECT count(*) FROM leaderboard_members") == "0")
            let shown = try member.post("/account/leaderboard", [("show", "yes")])
            #expect(shown.status == 303 && shown.location == "/account#recognition")
            let board = try app.browser().get("/leaderboard").text
            #expect(board.contains("<td class=\"leader-name\">Leader Lovelace</td><td class=\"leader-points\">0</td>"))
            #expect(try !board.contains(#require(profile.email)) && !board.contains("@"), "never an e-mail address")
            #expect(try member.get("/account").text.contains("id=\"leaderboard-toggle\">Leave the leaderboard<"))
            #expect(try member.post("/account/leaderboard", [("show", "no")]).status == 303)
            #expect(try !(app.browser().get("/leaderboard").text.contains("Leader Lovelace")))
            #expect(try member.post("/account/leaderboard", [("show", "maybe")]).status == 422)
            #expect(try app.browser().post("/account/leaderboard", [("show", "yes")]).status == 403)
        },
    ]
}
