import Domain
import HTTP

/// The one place where errors become responses: the error says its status, message and headers
/// (`HTTPResponseError`); this turns them into an HTML page or a JSON body, whichever the client
/// asked for, and logs what is worth logging.
struct ErrorResponder {
    let logger: Logger

    /// The answer to `error` (`AppResponder` wraps errors of other types in `UnmappedError`).
    func response(for error: any HTTPResponseError, request: Request?, pages: PageRenderer?, requestID: String) -> Response {
        if let detail = error.logDetail {
            logger.error(
                "request failed",
                [
                    ("request_id", .string(requestID)), ("path", .string(request?.path ?? "")), ("status", .int(error.status.code)),
                    ("error", .string(detail)),
                ])
        }
        var response = render(error, request: request, pages: pages, requestID: requestID)
        for (name, value) in error.responseHeaders { response.headers.set(name, value) }
        return response
    }

    private func render(_ error: any HTTPResponseError, request: Request?, pages: PageRenderer?, requestID: String) -> Response {
        let status = error.status
        if let request, Self.prefersJSON(request) {
            let fields: [(String, JSONValue)] =
                [("status", .int(status.code)), ("message", .string(error.publicMessage))] + error.jsonFields
                + [("request_id", .string(requestID))]
            return .json(["error": .object(fields)], status: status)
        }
        if let request, let location = error.browserRedirect {
            return .redirect(to: Self.returningHere(location, request))
        }
        let page = ErrorPage(status: status.code, reason: status.reason, message: error.publicMessage, requestID: requestID)
        if let pages, let response = try? pages.render(page, status: status) {
            return response
        }
        return .text("\(status.code) \(status.reason)\n\(error.publicMessage)\n", status: status)
    }

    /// A GET sent to sign in comes back to the page it asked for: `/sign-in?next=<its path>`
    /// (only when the path passes `ReturnPath`; otherwise plain `/sign-in`).
    static func returningHere(_ location: String, _ request: Request) -> String {
        guard location == "/sign-in", request.method == .get || request.method == .head, let here = ReturnPath(request.rawPath)
        else { return location }
        return here.signInPath
    }

    /// API paths, `.json` and `.ndjson` documents and clients that ask for JSON (and not HTML) get JSON errors.
    static func prefersJSON(_ request: Request) -> Bool {
        if request.path.hasPrefix("/api/") || request.path.hasSuffix(".json") || request.path.hasSuffix(".ndjson") { return true }
        let accept = request.headers["Accept"] ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }
}
