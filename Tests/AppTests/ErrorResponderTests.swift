import HTTP
import Postgres
import Testing

@testable import App

/// How an error becomes a response: JSON or a page, headers, redirects for browsers.
@Suite struct ErrorResponderTests {
    static let responder = ErrorResponder(logger: Logger())

    static func request(_ target: String, accept: String? = nil) throws -> Request {
        try Request(method: .get, target: target, headers: Headers(accept.map { [("Accept", $0)] } ?? []))
    }

    static func body(_ response: Response) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func jsonIsForAPIPathsAndJSONOnlyClients() throws {
        #expect(ErrorResponder.prefersJSON(try Self.request("/api/v1/stats")))
        #expect(ErrorResponder.prefersJSON(try Self.request("/x", accept: "application/json")))
        #expect(!ErrorResponder.prefersJSON(try Self.request("/x", accept: "text/html,application/json;q=0.9")))
        #expect(!ErrorResponder.prefersJSON(try Self.request("/x")))
    }

    @Test func aJSONErrorHasStatusMessageFieldAndRequestID() throws {
        let response = Self.responder.response(
            for: HTTPError.unprocessable(field: "count", message: "How many?"), request: try Self.request("/api/v1/passes"), pages: nil,
            requestID: "r1")
        #expect(response.status.code == 422)
        #expect(Self.body(response) == #"{"error":{"status":422,"message":"How many?","field":"count","request_id":"r1"}}"#)
    }

    @Test func headersOfTheErrorAreSet() throws {
        let response = Self.responder.response(
            for: DatabaseError.unavailable("connection refused"), request: try Self.request("/x"), pages: PageTemplateTests.renderer,
            requestID: "r2")
        #expect(response.status.code == 503 && response.headers["Retry-After"] == "5")
        #expect(Self.body(response).contains("SoraShare is briefly unavailable") && !Self.body(response).contains("refused"))
        let notAllowed = Self.responder.response(
            for: HTTPError.methodNotAllowed(allow: [.get, .head, .post]), request: try Self.request("/x"), pages: nil, requestID: "r3")
        #expect(notAllowed.headers["Allow"] == "GET, HEAD, POST")
    }

    @Test func browsersAskedToSignInAreRedirectedButAPIClientsGetA401() throws {
        let browser = Self.responder.response(
            for: AccessError.signInRequired, request: try Self.request("/dashboard"), pages: nil, requestID: "r")
        #expect(browser.status.code == 303 && browser.headers["Location"] == "/sign-in?next=/dashboard", "and comes back")
        let offSite = Self.responder.response(
            for: AccessError.signInRequired, request: try Self.request("//evil.example"), pages: nil, requestID: "r")
        #expect(offSite.headers["Location"] == "/sign-in", "a path that is no ReturnPath is not carried")
        let api = Self.responder.response(
            for: AccessError.signInRequired, request: try Self.request("/queue/status.json"), pages: nil, requestID: "r")
        #expect(api.status.code == 401)
    }

    @Test func theErrorPageIsRenderedInTheLayout() throws {
        let response = Self.responder.response(
            for: HTTPError.notFound, request: try Self.request("/nowhere"), pages: PageTemplateTests.renderer, requestID: "r4")
        #expect(response.status.code == 404 && response.headers["Cache-Control"] == "no-store")
        #expect(Self.body(response).contains("<title>Not Found · SoraShare</title>") && Self.body(response).contains("<code>r4</code>"))
    }

    @Test func withoutTemplatesTheErrorIsPlainText() {
        let response = Self.responder.response(for: HTTPError.notFound, request: nil, pages: nil, requestID: "r1")
        #expect(response.status.code == 404)
        #expect(Self.body(response) == "404 Not Found\nThere is no page at this address.\n")
    }

    @Test func limitsAreGivenInTheirLargestWholeUnit() {
        #expect(HTTPError.payloadTooLarge(limit: 16 << 20).publicMessage == "The request is too large: the limit is 16 MiB.")
        #expect(HTTPError.payloadTooLarge(limit: 64 * 1024).publicMessage == "The request is too large: the limit is 64 KiB.")
        #expect(HTTPError.payloadTooLarge(limit: 1000).publicMessage == "The request is too large: the limit is 1000 bytes.")
    }
}
