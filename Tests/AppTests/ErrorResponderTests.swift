import Cryptography
import HTTP
import Postgres
import Templates
import Testing

@testable import App

/// Every error type maps to the status and message that the one mapping place promises.
@Suite struct ErrorResponderTests {
    @Test(
        arguments: [
            (HTTPError.badRequest("Bad field."), 400, "Bad field."),
            (HTTPError.payloadTooLarge(limit: 8 << 20), 413, "The request is too large: the limit is 8 MiB."),
            (HTTPError.unsupportedMediaType("Expected JSON."), 415, "Expected JSON."),
            (HTTPError.notFound, 404, "There is no page at this address."),
            (HTTPError.methodNotAllowed(allow: [.get, .head]), 405, "This address does not accept that method."),
            (HTTPError.uploadStorageFailed, 500, "The upload could not be stored."),
        ] as [(HTTPError, Int, String)])
    func httpErrors(error: HTTPError, status: Int, message: String) {
        let outcome = ErrorResponder.outcome(for: error)
        #expect(outcome.status.code == status)
        #expect(outcome.message == message)
        #expect(outcome.isServerFault == (status >= 500))
    }

    @Test func methodNotAllowedListsAllow() {
        let outcome = ErrorResponder.outcome(for: HTTPError.methodNotAllowed(allow: [.get, .head, .post]))
        #expect(outcome.headers.map { "\($0.0): \($0.1)" } == ["Allow: GET, HEAD, POST"])
    }

    @Test func unavailableDatabaseIsA503WithRetryAfter() {
        let outcome = ErrorResponder.outcome(for: DatabaseError.unavailable("connection refused"))
        #expect(outcome.status.code == 503)
        #expect(outcome.headers.map { "\($0.0): \($0.1)" } == ["Retry-After: 5"])
        #expect(!outcome.message.contains("refused"), "database details stay in the log")
    }

    @Test func otherFailuresAre500sWithoutDetails() {
        let errors: [any Error] = [
            DatabaseError.statementFailed(sqlState: "42P01", message: "relation \"secret_table\" does not exist"),
            TemplateError.unknownTemplate(name: "missing"),
            CryptoError.randomUnavailable,
            CancellationError(),
        ]
        for error in errors {
            let outcome = ErrorResponder.outcome(for: error)
            #expect(outcome.status.code == 500)
            #expect(outcome.isServerFault)
            #expect(!outcome.message.contains("secret_table"))
        }
    }

    @Test func jsonIsForAPIPathsAndJSONOnlyClients() throws {
        func request(_ target: String, accept: String?) throws -> Request {
            try Request(method: .get, target: target, headers: Headers(accept.map { [("Accept", $0)] } ?? []))
        }
        #expect(ErrorResponder.prefersJSON(try request("/api/v1/stats", accept: nil)))
        #expect(ErrorResponder.prefersJSON(try request("/x", accept: "application/json")))
        #expect(!ErrorResponder.prefersJSON(try request("/x", accept: "text/html,application/json;q=0.9")))
        #expect(!ErrorResponder.prefersJSON(try request("/x", accept: nil)))
    }

    @Test func withoutTemplatesTheErrorIsPlainText() {
        let response = ErrorResponder(logger: Logger()).response(for: HTTPError.notFound, request: nil, pages: nil, requestID: "r1")
        #expect(response.status.code == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == "404 Not Found\nThere is no page at this address.\n")
    }
}
