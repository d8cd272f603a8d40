import Foundation
import Store
import Testing

@testable import App

/// The queue's promise held against members and donors who try to game it (issue 9): a report is
/// a claim that someone must agree with before the reporter gets another code, and one donor's
/// junk codes neither flood the pool nor pause distribution for everyone.
enum FairnessRoutes {
    /// Whether the browser's dashboard offers to reveal a code.
    static func holdsACode(_ browser: TestBrowser) throws -> Bool {
        try browser.get("/dashboard").text.contains("id=\"reveal-code\"")
    }

    static let scenarios = [
        RouteScenario(
            "an invalid report does not win its reporter another code until someone agrees",
            routes: ["POST /queue/report", "POST /admin/reports/resolve"]
        ) { app in
            let (farmer, _) = try app.signedIn("Farmer")
            let (patient, _) = try app.signedIn("Patient")
            try QueueRoutes.join(farmer)
            try QueueRoutes.join(patient)
            let (donor, _) = try app.signedIn("Donor")
            _ = try QueueRoutes.donate(donor, "FARM000001")
            _ = try QueueRoutes.reveal(farmer)
            try QueueRoutes.report(farmer, "invalid")
            // the farmer saw the code; the next code goes to the member who waited, not to them
            _ = try QueueRoutes.donate(donor, "FARM000002")
            #expect(try holdsACode(patient), "the next member in line gets the next code")
            #expect(try !holdsACode(farmer))
            #expect(try QueueRoutes.status(farmer)["status"] as? String == "none")
            #expect(try farmer.get("/dashboard").text.contains("id=\"report-pending\""))
            // rejoining puts them at the back, like anyone
            let (later, _) = try app.signedIn("Later")
            try QueueRoutes.join(later)
            try QueueRoutes.join(farmer)
            #expect(try QueueRoutes.status(farmer)["position"] as? Int == 2)
            // an admin dismisses the report: nothing changes for the reporter
            let (admin, _) = try app.signedIn("Admin", role: .admin)
            let report = try #require(try app.scalar("SELECT id FROM allocations WHERE outcome = 'invalid'"))
            let page = try admin.get("/admin").text
            #expect(page.contains("id=\"report-\(report)\"") && page.contains("id=\"reporter-history-\(report)\""))
            #expect(try admin.post("/admin/reports/resolve", [("report", report), ("decision", "dismissed")]).location == "/admin")
            #expect(try QueueRoutes.status(farmer)["position"] as? Int == 2, "a dismissed report gives no place at the head")
            try QueueRoutes.expectLogReplays(app)
        },
        RouteScenario("an upheld report puts its reporter back at the head", routes: ["POST /admin/reports/resolve"]) { app in
            let (unlucky, _) = try app.signedIn("Unlucky")
            try QueueRoutes.join(unlucky)
            let (donor, _) = try app.signedIn("Donor")
            _ = try QueueRoutes.donate(donor, "JUNK000001")
            _ = try QueueRoutes.reveal(unlucky)
            try QueueRoutes.report(unlucky, "invalid")
            let (waiting, _) = try app.signedIn("Waiting")
            try QueueRoutes.join(waiting)
            try QueueRoutes.join(unlucky)
            #expect(try QueueRoutes.status(unlucky)["position"] as? Int == 2)
            let (admin, _) = try app.signedIn("Admin", role: .admin)
            let report = try #require(try app.scalar("SELECT id FROM allocations WHERE outcome = 'invalid'"))
            #expect(try admin.post("/admin/reports/resolve", [("report", report), ("decision", "upheld")]).location == "/admin")
            #expect(try QueueRoutes.status(unlucky)["position"] as? Int == 1, "upheld: back at the head")
            #expect(try unlucky.get("/dashboard").text.contains("id=\"queue-lane\">You are in the head lane"))
            try QueueRoutes.expectLogReplays(app)
        },
        RouteScenario(
            "one donor's junk codes are quarantined and do not pause distribution for everyone",
            routes: ["POST /donate", "GET /admin", "POST /admin/donors/release"],
            environment: ["SORASHARE_TRUST_MINIMUM_SAMPLE": "4"]
        ) { app in
            let recipients = try (0..<6).map { try app.signedIn("Recipient \($0)").0 }
            for recipient in recipients { try QueueRoutes.join(recipient) }
            let (junk, junkMember) = try app.signedIn("Junk Donor")
            let junkCodes = (0..<20).map { String(format: "JUNK%06d", $0) }.joined(separator: "\n")
            #expect(try QueueRoutes.donate(junk, junkCodes).text.contains("id=\"accepted-count\">20 code(s) added"))
            let handedOut = try recipients.filter { try holdsACode($0) }
            #expect(handedOut.count == 3, "a donor without a code that worked has at most 3 codes in the pool at once")
            // two different recipients report their codes invalid: the donor's record upholds the reports
            for recipient in handedOut.prefix(2) {
                _ = try QueueRoutes.reveal(recipient)
                try QueueRoutes.report(recipient, "invalid")
            }
            try QualityGate(configuration: app.configuration, logger: Logger()).check(on: app.database)
            #expect(try app.scalar("SELECT paused FROM queue_control") == "f", "one donor cannot pause distribution for everyone")
            for recipient in recipients where !handedOut.contains(where: { $0 === recipient }) {
                #expect(try !holdsACode(recipient), "no more junk is handed out")
            }
            #expect(try app.scalar("SELECT donor_quarantined_at IS NOT NULL FROM members WHERE id = \(junkMember.id)") == "t")
            #expect(try app.scalar("SELECT count(*) FROM invite_codes WHERE donor_id = \(junkMember.id) AND status = 'available'") == "0")
            #expect(try app.scalar("SELECT count(*) FROM invite_codes WHERE donor_id = \(junkMember.id) AND status = 'held'") == "18")
            // every recipient of the junk, reporters and the one who had not reported yet, waits at the head
            for recipient in handedOut {
                #expect(try recipient.get("/dashboard").text.contains("id=\"queue-lane\">You are in the head lane"))
                #expect(try (QueueRoutes.status(recipient)["position"] as? Int ?? 99) <= 3)
            }
            let (honest, _) = try app.signedIn("Honest Donor")
            _ = try QueueRoutes.donate(honest, "GOOD000001")
            #expect(try handedOut.filter { try holdsACode($0) }.count == 1, "the next good code goes to a member whose code was junk")
            // the admin sees the quarantined donor and can release their held codes after review
            let (admin, _) = try app.signedIn("Admin", role: .admin)
            let page = try admin.get("/admin").text
            #expect(page.contains("id=\"quarantined-\(junkMember.id)\"") && page.contains("Junk Donor"))
            #expect(try admin.post("/admin/donors/release", [("donor", String(junkMember.id))]).location == "/admin")
            #expect(try app.scalar("SELECT donor_quarantined_at IS NULL FROM members WHERE id = \(junkMember.id)") == "t")
            #expect(try admin.post("/admin/donors/release", [("donor", String(junkMember.id))]).status == 409, "not quarantined any more")
            try QueueRoutes.expectLogReplays(app)
        },
    ]
}
