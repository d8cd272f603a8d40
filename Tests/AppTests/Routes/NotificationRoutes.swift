import Domain
import Store
import Testing

@testable import App

/// One-click unsubscribe from notification mail (RFC 8058): a GET only shows a button; a POST
/// without cookies or CSRF token switches off the link's kind for its member, and nothing else; an
/// unsigned or forged link is a 400.
enum NotificationRoutes {
    static let scenarios = [
        RouteScenario("one-click unsubscribe switches off its kind only", routes: ["GET /unsubscribe", "POST /unsubscribe"]) { app in
            let member = try app.member("Una Subscribe")
            let tokens = UnsubscribeToken(key: try ServerKeys(secret: TestApp.secretKey).unsubscribe)
            let token = try tokens.token(memberID: member.id, kind: .returnDue)
            let preferences = { try NotificationPreferences().all(memberID: member.id, on: app.database) }

            let page = try app.browser().get("/unsubscribe?token=\(token)")
            #expect(page.status == 200 && page.text.contains("<form method=\"post\" action=\"/unsubscribe?token=\(token)\">"))
            #expect(try preferences().values.allSatisfy { $0 }, "a GET (a mail scanner) unsubscribes nobody")

            let oneClick = try app.send(
                .post, "/unsubscribe?token=\(token)", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("List-Unsubscribe=One-Click".utf8))
            #expect(oneClick.status == 200 && oneClick.text.contains("Unsubscribed"))
            let after = try preferences()
            #expect(after[.returnDue] == false)
            #expect(after.filter { $0.key != .returnDue }.values.allSatisfy { $0 }, "the other kinds stay on")

            let forged = try tokens.token(memberID: member.id + 1, kind: .payments).replacing(".payments.", with: ".code_waiting.")
            for target in [
                "/unsubscribe", "/unsubscribe?token=", "/unsubscribe?token=\(forged)", "/unsubscribe?token=\(member.id).payments.00",
            ] {
                let post = try app.send(
                    .post, target, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Array("List-Unsubscribe=One-Click".utf8))
                #expect(post.status == 400, "POST \(target)")
                #expect(try app.browser().get(target).status == 400, "GET \(target)")
            }
            #expect(try preferences()[.payments] == true && preferences()[.codeWaiting] == true)
        },
        RouteScenario(
            "the account page switches notification kinds on and off",
            routes: ["GET /account", "POST /account/notifications", "GET /account/data.json"]
        ) { app in
            let (browser, member) = try app.signedIn("Nora Notify")
            let account = try browser.get("/account").text
            #expect(
                account.contains("<input type=\"checkbox\" name=\"on\" value=\"code_waiting\" id=\"notify-code_waiting\" checked>"))
            let saved = try browser.post("/account/notifications", [("on", "payments"), ("on", "donor_update")])
            #expect(saved.status == 303 && saved.location == "/account#notifications")
            let preferences = try NotificationPreferences().all(memberID: member.id, on: app.database)
            #expect(preferences == [.codeWaiting: false, .returnDue: false, .donorUpdate: true, .queueUpdate: false, .payments: true])
            let after = try browser.get("/account").text
            #expect(after.contains("id=\"notify-code_waiting\">") && after.contains("id=\"notify-payments\" checked>"))
            #expect(try browser.post("/account/notifications", [("on", "sign_in")]).status == 422, "sign-in links are no kind")
            #expect(try browser.post("/account/notifications", [("on", "payments")], csrf: false).status == 403, "the CSRF rule applies")
            #expect(try NotificationPreferences().all(memberID: member.id, on: app.database) == preferences)
            let export = try browser.get("/account/data.json").json()
            let notifications = try #require(export["notifications"] as? [String: Any])
            #expect(
                notifications["switches"] as? [String: Bool]
                    == ["code_waiting": false, "return_due": false, "donor_update": true, "queue_update": false, "payments": true],
                "the data download holds the switches")
            #expect(
                try app.browser().post("/account/notifications", [("on", "payments")]).location != "/account#notifications",
                "signed out: nothing saved")
        },
    ]
}
