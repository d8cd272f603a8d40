import Foundation
import Testing

/// The test-only routes under /_diag/ (SORASHARE_DIAGNOSTICS=1) that the nginx tests use to see
/// what reached the app.
enum DiagnosticRoutes {
    static let scenarios = [
        RouteScenario(
            "diagnostic routes echo what reached the app",
            routes: [
                "GET /_diag/echo/:word", "POST /_diag/echo/:word", "GET /_diag/cookie", "POST /_diag/form", "POST /_diag/upload",
                "GET /_diag/sleep", "GET /_diag/database",
            ]
        ) { app in
            let echo = try app.send(.get, "/_diag/echo/caf%C3%A9?a=1&a=2", headers: [("Cookie", "x=1")])
            let body = try echo.json()
            #expect(body["word"] as? String == "café" && body["raw_path"] as? String == "/_diag/echo/caf%C3%A9")
            #expect(body["cookies"] as? [String: String] == ["x": "1"])
            #expect(try app.send(.post, "/_diag/echo/x").json()["method"] as? String == "POST")
            let cookie = try app.send(.get, "/_diag/cookie?name=n&value=v")
            #expect(cookie.cookies.map(\.headerValue) == ["n=v; Path=/; HttpOnly; SameSite=Lax"])
            let form = try app.send(
                .post, "/_diag/form", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("a=b+c".utf8))
            #expect(try form.json() as? [String: String] == ["a": "b c"])
            let multipart =
                "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B--\r\n"
            let upload = try app.send(
                .post, "/_diag/upload", headers: [("Content-Type", "multipart/form-data; boundary=B")], body: Array(multipart.utf8))
            let file = try #require((try upload.json()["files"] as? [[String: Any]])?.first)
            #expect(file["size"] as? Int == 5 && file["filename"] as? String == "a.txt")
            #expect(try app.send(.get, "/_diag/sleep?ms=1").json()["slept_ms"] as? Int == 1)
            #expect(try app.send(.get, "/_diag/sleep?ms=-1").status == 400)
            #expect(try app.send(.get, "/_diag/database").text.contains("id=\"migrations\">"))
        }
    ]
}
