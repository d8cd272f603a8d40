import Foundation
import Testing

/// The member's own data: the privacy and terms pages, the JSON download, and deleting an account
/// (the confirmation, the refusals, what is erased). The whole journey of a member who waited,
/// donated, received a code and paid is in Tests/Integration/test_account_data.py.
enum AccountDataRoutes {
    static let scenarios = [
        RouteScenario(
            "the privacy and terms pages name the operator from configuration", routes: ["GET /privacy", "GET /terms", "GET /"],
            environment: ["SORASHARE_OPERATOR_NAME": "Quokka Labs Ltd", "SORASHARE_OPERATOR_EMAIL": "privacy@quokka.example"]
        ) { app in
            for path in ["/privacy", "/terms"] {
                let page = try app.browser().get(path)
                #expect(page.status == 200, "\(path)")
                #expect(
                    page.text.contains("id=\"operator-name\">Quokka Labs Ltd<")
                        && page.text.contains("href=\"mailto:privacy@quokka.example\""), "\(path)")
            }
            let privacy = try app.browser().get("/privacy").text
            #expect(privacy.contains("id=\"deletion\"") && privacy.contains("href=\"/transparency\""))
            let home = try app.browser().get("/").text
            #expect(
                home.contains("<a href=\"/privacy\" id=\"footer-privacy\">") && home.contains("<a href=\"/terms\" id=\"footer-terms\">"))
        },
        RouteScenario(
            "a member downloads their data and deletes their account after confirming",
            routes: ["GET /account", "GET /account/data.json", "GET /account/delete", "POST /account/delete", "GET /account/deleted"]
        ) { app in
            let (browser, member) = try app.signedIn("Dora Delete")
            let (_, other) = try app.signedIn("Otto Other")
            let email = try #require(member.email)
            #expect(try browser.get("/account").text.contains("href=\"/account/data.json\" id=\"download-data\""))
            let export = try browser.get("/account/data.json")
            #expect(export.status == 200 && export.headers["Content-Disposition"] == "attachment; filename=\"sorashare-data.json\"")
            let data = try export.json()
            let profile = try #require(data["profile"] as? [String: Any])
            #expect(profile["email"] as? String == email && profile["name"] as? String == "Dora Delete")
            #expect(!export.text.contains(try #require(other.email)) && !export.text.contains("Otto Other"))
            #expect(try app.browser().get("/account/data.json").status != 200, "signed-out browsers get nothing")

            #expect(try browser.get("/account/delete").text.contains("id=\"delete-account\""))
            #expect(try browser.post("/account/delete", [("confirm", "DELETE")], csrf: false).status == 403)
            let wrong = try browser.post("/account/delete", [("confirm", "yes")])
            #expect(wrong.status == 422 && wrong.text.contains("id=\"confirm-error\""))
            #expect(try app.scalar("SELECT count(*) FROM members WHERE id = \(member.id) AND deleted_at IS NULL") == "1")
            let deleted = try browser.post("/account/delete", [("confirm", "DELETE")])
            #expect(deleted.status == 303 && deleted.location == "/account/deleted")
            #expect(try browser.get("/account/deleted").text.contains("id=\"account-deleted\""))
            #expect(
                try app.scalar(
                    "SELECT concat_ws(':', display_name, coalesce(email::text, '-'), deleted_at IS NOT NULL) FROM members WHERE id = \(member.id)"
                ) == ":-:t")
            for table in ["member_identities", "sessions", "referral_codes"] {
                #expect(try app.scalar("SELECT count(*) FROM \(table) WHERE member_id = \(member.id)") == "0", "\(table)")
            }
            #expect(try app.scalar("SELECT count(*) FROM members WHERE id = \(other.id) AND email IS NOT NULL") == "1")
            #expect(try browser.get("/account").status == 303, "the browser is signed out")
        },
        RouteScenario(
            "deletion waits while a premium subscription still renews",
            routes: ["GET /account/delete", "POST /account/delete"]
        ) { app in
            let (browser, member) = try app.signedIn("Pat Premium")
            _ = try app.scalar(
                "INSERT INTO stripe_subscriptions (id, member_id, status, state_at) VALUES ('sub_test_delete', \(member.id), 'active', now())"
            )
            #expect(try browser.get("/account/delete").text.contains("id=\"deletion-refused\""))
            let refused = try browser.post("/account/delete", [("confirm", "DELETE")])
            #expect(refused.status == 409 && refused.text.contains("Cancel it in the billing portal first"))
            _ = try app.scalar("UPDATE stripe_subscriptions SET cancel_at_period_end = true WHERE id = 'sub_test_delete'")
            #expect(try browser.post("/account/delete", [("confirm", "DELETE")]).status == 303)
            #expect(try app.scalar("SELECT count(*) FROM stripe_subscriptions WHERE member_id = \(member.id)") == "1", "kept")
        },
    ]
}
