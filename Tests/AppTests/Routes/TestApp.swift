import Cryptography
import Domain
import FastCGI
import Foundation
import HTTP
import Postgres
import Store
import TestSupport
import Testing

@testable import App

/// The app in-process, against a schema of its own in the test database: requests go through
/// `AppResponder` exactly as the FastCGI layer hands them over, without nginx. Outside services
/// are configured but unreachable (127.0.0.1:9), so routes that call them show their failure
/// pages; the protocols themselves are tested through nginx against stand-ins (Tests/Integration).
final class TestApp {
    /// The test database (`make test` sets it); without it the route tests are skipped.
    static let conninfo = ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
    static let publicURL = "http://sorashare.test"
    static let webhookSecret = "whsec_route_tests"
    /// Replicate's webhook secret in the tests (Standard Webhooks: `whsec_` + base64 of the key).
    static let replicateSecret = "whsec_" + Base64.encode([UInt8](repeating: 0x52, count: 24))
    /// The media fixtures (images and videos made for the Media tests).
    static let fixtures = root.appendingPathComponent("Tests/MediaTests/Fixtures")
    /// SORASHARE_SECRET_KEY of every test app (a fixture, not a secret).
    static let secretKey = [UInt8](repeating: 0x53, count: 32)

    let configuration: Configuration
    /// A connection to the app's schema, for arranging and checking state.
    let database: Connection
    private let responder: any RequestResponder
    private let router: Router<RequestContext>
    /// `METHOD /pattern` of every route a request of this app resolved to.
    private(set) var coveredRoutes: Set<String> = []

    /// A new app on a fresh schema named `schema` (every migration applied); `environment`
    /// overrides the test settings.
    init(_ schema: String, environment overrides: [String: String] = [:]) throws {
        let conninfo = try SchemaSandbox.reset(
            "route_" + schema, conninfo: Self.conninfo ?? "", migrations: Self.root.appendingPathComponent("db/migrations").path)
        var environment = [
            "SORASHARE_DATABASE_URL": conninfo,
            "SORASHARE_TEMPLATES_DIR": Self.root.appendingPathComponent("templates").path,
            "SORASHARE_PUBLIC_URL": Self.publicURL,
            "SORASHARE_DIAGNOSTICS": "1",
            "SORASHARE_LOG_KEY": Base64.encode([UInt8](repeating: 0x4c, count: 32)),
            "SORASHARE_SECRET_KEY": Base64.encode(Self.secretKey),
            "SORASHARE_CODE_KEYS": "route1:" + Base64.encode([UInt8](repeating: 0x11, count: 32)),
            "SORASHARE_CODE_KEY_ID": "route1",
            "SORASHARE_CODE_FINGERPRINT_KEY": Base64.encode([UInt8](repeating: 0xf0, count: 32)),
            "SORASHARE_OIDC_LINKEDIN_CLIENT_ID": "route-client",
            "SORASHARE_OIDC_LINKEDIN_CLIENT_SECRET": "route-secret",
            "SORASHARE_OIDC_LINKEDIN_TOKEN_URL": "http://127.0.0.1:9/oauth/v2/accessToken",
            "SORASHARE_OIDC_LINKEDIN_JWKS_URL": "http://127.0.0.1:9/oauth/v2/keys",
            "SORASHARE_STRIPE_SECRET_KEY": "sk_test_route",
            "SORASHARE_STRIPE_API_BASE": "http://127.0.0.1:9",
            "SORASHARE_STRIPE_WEBHOOK_SECRETS": Self.webhookSecret,
            "SORASHARE_STRIPE_PREMIUM_PRICE": "price_premium",
            "SORASHARE_STRIPE_CREDIT_PACKS": "10:price_credits_10:$5,50:price_credits_50:$20",
            "SORASHARE_STRIPE_TIMEOUT_SECONDS": "1",
            "SORASHARE_MEDIA_DIR": NSTemporaryDirectory() + "sorashare-route-media-" + schema,
            "SORASHARE_RUNWAY_API_KEY": "key_route_tests",
            "SORASHARE_RUNWAY_API_BASE": "http://127.0.0.1:9",
            "SORASHARE_REPLICATE_API_TOKEN": "r8_route_tests",
            "SORASHARE_REPLICATE_API_BASE": "http://127.0.0.1:9/v1",
            "SORASHARE_REPLICATE_WEBHOOK_SECRETS": Self.replicateSecret,
            "SORASHARE_STUDIO_PRESETS": Self.root.appendingPathComponent("data/studio-presets.json").path,
        ]
        environment.merge(overrides) { _, override in override }
        configuration = try Configuration(environment: environment.filter { !$0.value.isEmpty })
        let application = try Application(configuration: configuration)
        responder = application.makeResponder()
        router = Routes.make(configuration: configuration)
        database = Connection(conninfo: conninfo)
    }

    /// The routes this app serves, as `METHOD /pattern`.
    var routeTable: Set<String> { Set(router.table.map { "\($0.method) \($0.pattern)" }) }

    /// Sends one request as the FastCGI layer would and returns the app's answer.
    func send(_ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> TestResponse {
        try send(method, target, headers: headers, source: MemoryByteSource(body), contentLength: body.count)
    }

    /// Sends a request whose body of `contentLength` bytes comes from `source` (read as the app asks).
    func send(
        _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], source: ByteSource, contentLength: Int
    ) throws -> TestResponse {
        var fields = [("Host", "sorashare.test"), ("User-Agent", "RouteTests/1.0")] + headers
        if contentLength > 0 { fields.append(("Content-Length", String(contentLength))) }
        let request: Request
        do {
            request = try Request(
                method: method, target: target, headers: Headers(fields), remoteAddress: "192.0.2.10",
                body: RequestBody(source: source, contentLength: contentLength, limit: configuration.maxBodyBytes))
        } catch {
            return TestResponse(responder.respond(toInvalidRequest: error))
        }
        if let route = router.route(matching: request) { coveredRoutes.insert("\(route.method) \(route.pattern)") }
        return TestResponse(responder.respond(to: request))
    }

    /// A browser with its own cookie jar.
    func browser() -> TestBrowser { TestBrowser(app: self) }

    /// A member created directly in the database (e-mail verified), with `role`.
    func member(_ name: String, role: Member.Role = .member) throws -> Member {
        let email = try EmailAddress("\(name.lowercased().filter(\.isLetter))-\(UUID().uuidString.prefix(8))@example.com")
        let member = try MemberStore().signInByEmail(email, on: database)
        try database.query("UPDATE members SET display_name = \(name), role = \(role.rawValue) WHERE id = \(member.id)")
        return try #require(try MemberStore().member(id: member.id, on: database))
    }

    /// A browser signed in as a new member called `name`.
    func signedIn(_ name: String, role: Member.Role = .member) throws -> (TestBrowser, Member) {
        let member = try member(name, role: role)
        let browser = browser()
        try browser.signIn(as: member)
        return (browser, member)
    }

    /// Runs `sql` and returns the first column of the first row as text.
    func scalar(_ sql: String) throws -> String? {
        try database.query(Query(unsafeSQL: sql)).first.flatMap { $0.values.first ?? nil }
    }

    /// Checks that the requests sent so far resolved to each of `routes` (`METHOD /pattern`).
    func expectCovered(_ routes: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let missed = Set(routes).subtracting(coveredRoutes)
        #expect(missed.isEmpty, "no request reached \(missed.sorted())", sourceLocation: sourceLocation)
    }
}

/// What the app answered.
struct TestResponse {
    let status: Int
    let headers: Headers
    let cookies: [SetCookie]
    let body: [UInt8]

    init(_ response: Response) {
        status = response.status.code
        headers = response.headers
        cookies = response.cookies
        if let stream = response.stream {
            let writer = CollectingBodyWriter()
            stream.produce(writer)
            body = writer.bytes
        } else {
            body = response.body
        }
    }

    var text: String { String(decoding: body, as: UTF8.self) }
    var location: String? { headers["Location"] }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    /// The value of the hidden `_csrf` field of the page's first form.
    var csrfToken: String? {
        text.firstMatch(of: /name="_csrf" value="([^"]+)"/).map { String($0.output.1) }
    }
}

/// A browser: keeps the cookies the app sets and sends them back, and adds the session's CSRF
/// token to the forms it posts (as the pages' hidden fields do).
final class TestBrowser {
    let app: TestApp
    private(set) var cookies: [String: String] = [:]

    init(app: TestApp) {
        self.app = app
    }

    func get(_ target: String, headers: [(String, String)] = []) throws -> TestResponse {
        try send(.get, target, headers: headers)
    }

    /// Posts a URL-encoded form; with `csrf` (the default) the token its page would carry is added:
    /// the session's, or without a session the visitor token of the `sorashare_csrf` cookie.
    func post(_ target: String, _ form: [(String, String)] = [], csrf: Bool = true, headers: [(String, String)] = []) throws -> TestResponse
    {
        var fields = form
        if csrf, let token = try csrfToken() { fields.append(("_csrf", token)) }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try send(
            .post, target, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: Array(body.utf8))
    }

    /// Posts a multipart form (fields, then files as (field, filename, content type, bytes)) with
    /// the session's token in `X-CSRF-Token`, as the studio's script does.
    func upload(
        _ target: String, fields: [(String, String)], files: [(String, String, String, [UInt8])], accept: String = "application/json"
    ) throws -> TestResponse {
        let boundary = "----SoraShareTest\(UUID().uuidString.prefix(8))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, type, bytes) in files {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
                    .utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Accept", accept)]
        if let token = try session()?.csrfToken { headers.append(("X-CSRF-Token", token)) }
        return try send(.post, target, headers: headers, body: body)
    }

    func send(_ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> TestResponse {
        try send(method, target, headers: headers, source: MemoryByteSource(body), contentLength: body.count)
    }

    /// Sends a request with this browser's cookies and a body of `contentLength` bytes read from `source`.
    func send(
        _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], source: ByteSource, contentLength: Int
    ) throws -> TestResponse {
        let cookieHeader = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let response = try app.send(
            method, target, headers: (cookieHeader.isEmpty ? [] : [("Cookie", cookieHeader)]) + headers, source: source,
            contentLength: contentLength)
        for cookie in response.cookies {
            if cookie.maxAge == 0 { cookies[cookie.name] = nil } else { cookies[cookie.name] = cookie.value }
        }
        return response
    }

    /// The token this browser's forms carry: its session's, else the visitor token of its
    /// `sorashare_csrf` cookie (nil with neither).
    func csrfToken() throws -> String? {
        if let session = try session() { return session.csrfToken }
        guard let cookie = cookies[VisitorCSRF.cookieName(isHTTPS: false)] else { return nil }
        return try VisitorCSRF(key: try ServerKeys(secret: TestApp.secretKey).visitorCSRF).token(for: cookie)
    }

    /// The session the browser's cookie names, if it is live.
    func session() throws -> Session? {
        guard let cookie = cookies[SessionCookie.name(isHTTPS: false)] else { return nil }
        return try SessionStore(policy: app.configuration.accountPolicy).find(cookie: cookie, on: app.database)
    }

    /// Gives the browser a new session of `member` (as a completed sign-in does).
    func signIn(as member: Member) throws {
        let created = try SessionStore(policy: app.configuration.accountPolicy).create(
            for: member, userAgent: "RouteTests/1.0", on: app.database)
        cookies[SessionCookie.name(isHTTPS: false)] = created.cookie
    }

    func setCookie(_ name: String, _ value: String?) { cookies[name] = value }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

/// A request body of `count` copies of one byte, made as it is read, that counts how much of it
/// the app read (a 10 MiB body without 10 MiB in memory).
final class CountingByteSource: ByteSource {
    let count: Int
    let byte: UInt8
    private(set) var bytesRead = 0

    init(count: Int, byte: UInt8 = UInt8(ascii: "a")) {
        self.count = count
        self.byte = byte
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let length = min(buffer.count, count - bytesRead)
        guard length > 0 else { return 0 }
        buffer.baseAddress?.initializeMemory(as: UInt8.self, repeating: byte, count: length)
        bytesRead += length
        return length
    }
}
