import Cryptography
import Domain
import Foundation
import Integrations
import Store
import Testing

@testable import App

/// The studio in-process: the pages, making a job from an upload (charged once, refused when
/// short, the image checked by content), signed media links, cancel, and Replicate's webhook.
/// The worker's side runs against the providers' stand-ins (Tests/Integration/test_studio.py).
enum StudioRoutes {
    static func grant(_ credits: Int, to member: Member, _ app: TestApp) throws {
        try app.database.query(
            "INSERT INTO credit_ledger (member_id, delta, kind, reference) VALUES (\(member.id), \(credits), 'grant', \(UUID().uuidString))"
        )
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestApp.fixtures.appendingPathComponent(name)))
    }

    static func order(
        key: String = "0123456789abcdef0123456789abcdef", platform: String = "tiktok", seconds: String = "5"
    ) -> [(String, String)] {
        [
            ("request_key", key), ("prompt", "The mug turns slowly on a white table"), ("preset", "turntable"), ("platform", platform),
            ("seconds", seconds),
        ]
    }

    /// Makes a job from the PNG fixture; returns its id.
    static func make(_ browser: TestBrowser, key: String = "0123456789abcdef0123456789abcdef") throws -> Int {
        let made = try browser.upload(
            "/studio/new", fields: order(key: key), files: [("image", "mug.png", "image/png", try fixture("image.png"))])
        #expect(made.status == 201, "\(made.text)")
        return try #require((try made.json()["job"] as? [String: Any])?["id"] as? Int)
    }

    static func balance(_ member: Member, _ app: TestApp) throws -> Int {
        try CreditLedger().balance(memberID: member.id, on: app.database).total
    }

    static let scenarios = [
        RouteScenario(
            "the studio and its form say what a video costs and when credits are short", routes: ["GET /studio", "GET /studio/new"]
        ) {
            app in
            #expect(try app.browser().get("/studio").location == "/sign-in?next=/studio")
            let (browser, member) = try app.signedIn("Maker")
            let empty = try browser.get("/studio")
            #expect(empty.status == 200 && empty.text.contains("id=\"no-videos\""))
            let short = try browser.get("/studio/new")
            #expect(short.text.contains("id=\"not-enough-credits\"") && short.text.contains("href=\"/billing\""))
            #expect(short.text.contains("Unboxing") && short.text.contains("value=\"tiktok\" checked"))
            try grant(10, to: member, app)
            let page = try browser.get("/studio/new")
            #expect(!page.text.contains("id=\"not-enough-credits\"") && page.text.contains("id=\"credit-balance\">10<"))
            #expect(page.text.contains("5 seconds · 5 credits") && page.text.contains("10 seconds · 10 credits"))
        },
        RouteScenario(
            "an image and a prompt make one job, charged once; the image is checked by its content",
            routes: ["POST /studio/new", "GET /studio/jobs/:id", "GET /studio/jobs/:id/status.json", "POST /studio/jobs/:id/cancel"]
        ) { app in
            let (browser, member) = try app.signedIn("Maker")
            let refused = try browser.upload(
                "/studio/new", fields: order(), files: [("image", "mug.png", "image/png", try fixture("image.png"))])
            #expect(refused.status == 402 && refused.text.contains("needs 5 credit(s) and you have 0"), "nothing created when short")
            #expect(try app.scalar("SELECT count(*) FROM video_jobs") == "0" && (app.scalar("SELECT count(*) FROM assets")) == "0")
            try grant(12, to: member, app)
            let id = try make(browser)
            #expect(try make(browser) == id, "a double submit finds the first job")
            #expect(try balance(member, app) == 7, "charged once")
            for (name, file, type, expected) in [
                ("notes.png", "html.png", "image/png", "not a JPEG, PNG or WebP"), ("huge.png", "bomb.png", "image/png", "50000 × 50000"),
                ("a.gif", "image.gif", "image/gif", "not a JPEG, PNG or WebP"),
            ] {
                let bad = try browser.upload(
                    "/studio/new", fields: order(key: UUID().uuidString.replacingOccurrences(of: "-", with: "")),
                    files: [("image", name, type, try fixture(file))])
                #expect(bad.status == 422 && bad.text.contains(expected), "\(file): \(bad.status) \(bad.text)")
            }
            let wrongPlatform = try browser.upload(
                "/studio/new", fields: order(key: String(repeating: "e", count: 32), platform: "myspace"),
                files: [("image", "mug.png", "image/png", try fixture("image.png"))])
            #expect(try wrongPlatform.status == 422 && (wrongPlatform.json()["error"] as? [String: Any])?["field"] as? String == "platform")
            #expect(try app.scalar("SELECT count(*) FROM video_jobs") == "1" && (balance(member, app)) == 7)
            let page = try browser.get("/studio/jobs/\(id)")
            #expect(page.status == 200 && page.text.contains("Waiting for a provider") && page.text.contains("id=\"cancel-job\""))
            let status = try browser.get("/studio/jobs/\(id)/status.json")
            #expect(try status.json()["state"] as? String == "created")
            let etag = try #require(status.headers["ETag"])
            #expect(try browser.get("/studio/jobs/\(id)/status.json", headers: [("If-None-Match", etag)]).status == 304)
            let (other, _) = try app.signedIn("Other")
            #expect(try other.get("/studio/jobs/\(id)").status == 404, "another member's job")
            #expect(try other.post("/studio/jobs/\(id)/cancel").status == 404)
            #expect(try browser.post("/studio/jobs/\(id)/cancel").location == "/studio/jobs/\(id)")
            #expect(try balance(member, app) == 12, "cancelled before running: the credits are back")
            #expect(try browser.get("/studio/jobs/\(id)").text.contains("Canceled"))
            #expect(try browser.post("/studio/jobs/\(id)/cancel").status == 409)
            let list = try browser.get("/studio").text
            #expect(list.contains("id=\"job-\(id)\"") && list.contains("/studio/jobs/\(id)/image?expires="))
        },
        RouteScenario(
            "signed media links serve the owner through nginx; another member, a changed or an old link is a 404",
            routes: ["GET /studio/jobs/:id/:file"]
        ) { app in
            let (browser, member) = try app.signedIn("Maker")
            try grant(10, to: member, app)
            let id = try make(browser)
            let image = try #require(try browser.get("/studio").text.firstMatch(of: /src="(\/studio\/jobs\/\d+\/image\?[^"]+)"/))
            let link = String(image.output.1).replacingOccurrences(of: "&amp;", with: "&")
            let served = try browser.get(link)
            #expect(served.status == 200 && served.headers["X-Accel-Redirect"]?.hasPrefix("/_media/images/") == true)
            #expect(served.headers["Content-Type"] == "image/png")
            let (other, _) = try app.signedIn("Other")
            #expect(try other.get(link).status == 404, "the link is the member's only")
            #expect(try app.browser().get(link).status == 404)
            #expect(try browser.get(link.replacingOccurrences(of: "signature=", with: "signature=0")).status == 404, "tampered")
            let keys = try ServerKeys(secret: try #require(app.configuration.secretKey))
            let old = try MediaLink(key: keys.mediaLinks).path(
                jobID: id, memberID: member.id, file: .image, expires: Int(Date().timeIntervalSince1970) - 1)
            #expect(try browser.get(old).status == 404, "expired")
            #expect(try browser.get("/studio/jobs/\(id)/secrets?expires=9&signature=x").status == 404)
            // once the video is ready: watched inline and downloaded with its name
            let queue = VideoJobQueue()
            _ = try queue.claim(owner: "test", limit: 1, leaseSeconds: 60, on: app.database)
            let attempt = try #require(try queue.startAttempt(jobID: id, owner: "test", provider: "runway", on: app.database))
            try queue.recordTask(jobID: id, attemptID: attempt.id, taskID: "task-1", provider: "runway", on: app.database)
            #expect(try queue.advance(jobID: id, attemptID: attempt.id, to: .fetching, on: app.database))
            #expect(
                try queue.succeed(
                    jobID: id, attemptID: attempt.id,
                    video: .init(
                        kind: .video, storageKey: "videos/ab/abcd.mp4", sha256: [0xab], contentType: "video/mp4", bytes: 1000, width: 360,
                        height: 640, durationMilliseconds: 5000), on: app.database))
            let ready = try browser.get("/studio/jobs/\(id)").text
            let download = try #require(ready.firstMatch(of: /id="download-video" href="([^"]+)"/))
            let file = try browser.get(String(download.output.1).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(file.headers["X-Accel-Redirect"] == "/_media/videos/ab/abcd.mp4" && file.headers["Content-Type"] == "video/mp4")
            #expect(file.headers["Content-Disposition"]?.hasPrefix("attachment; filename=\"sorashare-video-\(id).mp4\"") == true)
            #expect(ready.contains("<video id=\"job-video\"") && ready.contains("We keep videos for 30 days."))
        },
        RouteScenario(
            "Replicate's webhook: signatures checked, events applied forward only, unknown attempts acknowledged",
            routes: ["POST /webhooks/replicate"]
        ) { app in
            let (browser, member) = try app.signedIn("Maker")
            try grant(10, to: member, app)
            let id = try make(browser)
            let queue = VideoJobQueue()
            _ = try queue.claim(owner: "test", limit: 1, leaseSeconds: 60, on: app.database)
            let attempt = try #require(try queue.startAttempt(jobID: id, owner: "test", provider: "replicate", on: app.database))
            let signer = try StandardWebhook(secrets: [TestApp.replicateSecret])
            func deliver(
                _ status: String, output: String = "null", attempt reference: String = attempt.reference,
                id eventID: String = UUID().uuidString,
                at time: Int = Int(Date().timeIntervalSince1970), signature: String? = nil
            ) throws -> TestResponse {
                let body = Array(#"{"id":"pred-1","status":"\#(status)","output":\#(output),"error":null}"#.utf8)
                return try app.send(
                    .post, "/webhooks/replicate?attempt=\(reference)",
                    headers: [
                        ("Content-Type", "application/json"), ("webhook-id", eventID), ("webhook-timestamp", String(time)),
                        ("webhook-signature", signature ?? signer.signature(payload: body, id: eventID, timestamp: time)),
                    ], body: body)
            }
            #expect(try deliver("processing", signature: "v1,AAAA").status == 400, "a bad signature")
            #expect(try deliver("processing", at: Int(Date().timeIntervalSince1970) - 3600).status == 400, "a stale timestamp")
            #expect(try deliver("processing", attempt: "job-999-1").json()["outcome"] as? String == "unknown")
            #expect(try VideoJobStore().job(id: id, on: app.database)?.state == .created, "nothing changed yet")
            #expect(try deliver("starting").json()["outcome"] as? String == "applied", "before the create's answer: the task is kept")
            #expect(try deliver("processing").status == 200)
            for _ in 0..<3 { _ = try deliver("processing") }
            #expect(try deliver("succeeded", output: #""https://replicate.delivery/out.mp4""#).status == 200)
            for status in ["processing", "starting", "succeeded"] {
                _ = try deliver(status, output: #""https://replicate.delivery/out.mp4""#)
            }
            let job = try #require(try VideoJobStore().job(id: id, on: app.database))
            #expect(job.state == .fetching && job.attempt?.taskID == "pred-1", "late and repeated events change nothing")
            #expect(
                try VideoJobStore().events(jobID: id, on: app.database).map(\.state) == [
                    .created, .submitted, .queued, .running, .fetching,
                ])
            #expect(try balance(member, app) == 5, "charged once")
        },
    ]
}
