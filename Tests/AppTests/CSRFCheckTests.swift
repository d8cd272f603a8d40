import Domain
import HTTP
import Testing

@testable import App

@Suite struct CSRFCheckTests {
    static let origin = "http://127.0.0.1:18080"
    static let session = Session(idHash: [1], member: nil, csrfToken: String(repeating: "a", count: 64))
    static let visitor = VisitorCSRF(key: [UInt8](repeating: 0x5a, count: 32))
    static let cookie = String(repeating: "c", count: 64)

    static func post(_ headers: [(String, String)], body: String) throws -> Request {
        let bytes = Array(body.utf8)
        return try Request(
            method: .post, target: "/auth/sign-out",
            headers: Headers([("Content-Type", "application/x-www-form-urlencoded"), ("Host", "127.0.0.1:18080")] + headers),
            body: RequestBody(source: MemoryByteSource(bytes), contentLength: bytes.count, limit: 1000))
    }

    @Test func sameOriginWithTokenPasses() throws {
        let request = try Self.post([("Origin", "http://127.0.0.1:18080")], body: "_csrf=" + Self.session.csrfToken)
        try CSRFCheck.verify(request, session: Self.session, visitor: Self.visitor, allowedOrigin: Self.origin)
        #expect(try request.urlEncodedForm()["_csrf"] == Self.session.csrfToken, "the handler can still read the form")
    }

    @Test func refererFromThisSitePasses() throws {
        try CSRFCheck.verify(
            try Self.post([("Referer", "http://127.0.0.1:18080/account")], body: "_csrf=" + Self.session.csrfToken), session: Self.session,
            visitor: Self.visitor, allowedOrigin: Self.origin)
    }

    @Test(arguments: [
        ([("Origin", "https://evil.example")], "_csrf=" + String(repeating: "a", count: 64)),
        ([("Origin", "http://127.0.0.1:9999")], "_csrf=" + String(repeating: "a", count: 64)),
        ([("Referer", "http://127.0.0.1:18080.evil.example/")], "_csrf=" + String(repeating: "a", count: 64)),
        ([], "_csrf=" + String(repeating: "b", count: 64)),
        ([], "other=1"),
    ])
    func refusals(headers: [(String, String)], body: String) throws {
        #expect(throws: AccessError.csrfCheckFailed) {
            try CSRFCheck.verify(
                try Self.post(headers, body: body), session: Self.session, visitor: Self.visitor, allowedOrigin: Self.origin)
        }
    }

    /// A body over the form limit is never buffered for its token: the header carries it, or the
    /// request is refused without a byte read.
    @Test func largeBodiesNeedTheHeaderAndAreNotRead() throws {
        func upload(_ headers: [(String, String)], source: MemoryByteSource, length: Int) throws -> Request {
            try Request(
                method: .post, target: "/auth/sign-out",
                headers: Headers([("Content-Type", "application/x-www-form-urlencoded"), ("Origin", Self.origin)] + headers),
                body: RequestBody(source: source, contentLength: length, limit: 1 << 30))
        }
        let body = Array(("_csrf=" + Self.session.csrfToken + "&pad=").utf8) + [UInt8](repeating: 0x61, count: CSRFCheck.maximumFormBytes)
        let withHeader = try upload([("X-CSRF-Token", Self.session.csrfToken)], source: MemoryByteSource(body), length: body.count)
        try CSRFCheck.verify(withHeader, session: Self.session, visitor: Self.visitor, allowedOrigin: Self.origin)
        #expect(try withHeader.body.bytes().count == body.count, "the body is still unread for the handler")
        let tokenInBody = try upload([], source: MemoryByteSource(body), length: body.count)
        #expect(throws: AccessError.csrfCheckFailed) {
            try CSRFCheck.verify(tokenInBody, session: Self.session, visitor: Self.visitor, allowedOrigin: Self.origin)
        }
        #expect(try tokenInBody.body.bytes().count == body.count, "refused without reading the body")
    }

    /// A visitor (no session) sends the token of their own `sorashare_csrf` cookie; a session's
    /// browser must send the session's.
    @Test func visitorsSendTheTokenOfTheirCookie() throws {
        let token = try Self.visitor.token(for: Self.cookie)
        #expect(token.count == 64 && token != Self.cookie)
        try CSRFCheck.verify(
            try Self.post([("Cookie", "sorashare_csrf=\(Self.cookie)")], body: "_csrf=" + token), session: nil, visitor: Self.visitor,
            allowedOrigin: Self.origin)
        let otherCookie = String(repeating: "d", count: 64)
        for (headers, body) in [
            ([("Cookie", "sorashare_csrf=\(otherCookie)")], "_csrf=" + token),  // another browser's token
            ([], "_csrf=" + token),  // no cookie
            ([("Cookie", "sorashare_csrf=\(Self.cookie)")], "_csrf=" + Self.cookie),  // the cookie itself
            ([("Cookie", "sorashare_csrf=\(Self.cookie)")], "other=1"),
            ([("Cookie", "sorashare_csrf=\(Self.cookie)"), ("Origin", "https://evil.example")], "_csrf=" + token),
            ([("Cookie", "sorashare_csrf=C"), ("Origin", Self.origin)], "_csrf=" + (try Self.visitor.token(for: "C"))),  // malformed cookie
        ] {
            #expect(throws: AccessError.csrfCheckFailed, "\(headers) \(body)") {
                try CSRFCheck.verify(try Self.post(headers, body: body), session: nil, visitor: Self.visitor, allowedOrigin: Self.origin)
            }
        }
        #expect(throws: AccessError.csrfCheckFailed, "with a session, only the session's token") {
            try CSRFCheck.verify(
                try Self.post([("Cookie", "sorashare_csrf=\(Self.cookie)")], body: "_csrf=" + token), session: Self.session,
                visitor: Self.visitor, allowedOrigin: Self.origin)
        }
        #expect(
            VisitorCSRF(key: [UInt8](repeating: 0x5b, count: 32)).accepts(
                token, in: try Self.post([("Cookie", "sorashare_csrf=\(Self.cookie)")], body: "")) == false, "another key")
    }

    @Test func safeMethodsAndExemptPathsAreNotChecked() throws {
        try CSRFCheck.verify(
            try Request(method: .get, target: "/account", headers: Headers()), session: nil, visitor: Self.visitor,
            allowedOrigin: Self.origin)
        try CSRFCheck.verify(
            try Request(method: .post, target: "/webhooks/stripe", headers: Headers()), session: nil, visitor: Self.visitor,
            allowedOrigin: Self.origin)
    }

    @Test func publicOriginDropsThePath() throws {
        let configuration = try Configuration(environment: [
            "SORASHARE_DATABASE_URL": "x", "SORASHARE_PUBLIC_URL": "https://sora.example:8443/app/",
        ])
        #expect(configuration.publicOrigin == "https://sora.example:8443")
    }
}
