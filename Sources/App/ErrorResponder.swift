import Cryptography
import Domain
import HTTP
import Integrations
import Postgres
import Templates

/// The one place where errors become responses: a status, a message that is safe to show, and
/// either an HTML page or a JSON body depending on what the client asked for.
struct ErrorResponder {
    let logger: Logger

    /// What a client is told about an error.
    struct Outcome {
        let status: HTTPStatus
        let message: String
        var headers: [(String, String)] = []
        /// Whether this is our fault (logged as an error) rather than the client's.
        var isServerFault = false
        /// Browsers are sent to the sign-in page instead of an error page.
        var signInFirst = false
    }

    func response(for error: any Error, request: Request?, pages: PageRenderer?, requestID: String) -> Response {
        let outcome = Self.outcome(for: error)
        if outcome.isServerFault {
            logger.error(
                "request failed",
                [("request_id", .string(requestID)), ("path", .string(request?.path ?? "")), ("error", .string(String(describing: error)))])
        }
        var response = render(outcome, request: request, pages: pages, requestID: requestID)
        for (name, value) in outcome.headers { response.headers.set(name, value) }
        return response
    }

    static func outcome(for error: any Error) -> Outcome {
        switch error {
        case let error as HTTPError: outcome(for: error)
        case let error as DatabaseError: outcome(for: error)
        case let error as AccessError: outcome(for: error)
        case let error as DomainError: outcome(for: error)
        case let error as OpenIDError: outcome(for: error)
        case let error as BillingError: outcome(for: error)
        case let error as StripeError: outcome(for: error)
        case let error as StripeWebhookError: outcome(for: error)
        case is QueueClosed:
            Outcome(
                status: .serviceUnavailable, message: "The invite queue is not open on this server yet (SORASHARE_LOG_KEY is not set).",
                isServerFault: true)
        case is TemplateError:
            Outcome(status: .internalServerError, message: "This page could not be shown.", isServerFault: true)
        case let error as CryptoError:
            Outcome(status: .internalServerError, message: "A security function failed (\(error)).", isServerFault: true)
        default:
            Outcome(status: .internalServerError, message: "Something went wrong on our side.", isServerFault: true)
        }
    }

    private static func outcome(for error: HTTPError) -> Outcome {
        switch error {
        case .badRequest(let message): Outcome(status: .badRequest, message: message)
        case .payloadTooLarge(let limit):
            Outcome(status: .payloadTooLarge, message: "The request is too large: the limit is \(limit / (1 << 20)) MiB.")
        case .unsupportedMediaType(let message): Outcome(status: .unsupportedMediaType, message: message)
        case .notFound: Outcome(status: .notFound, message: "There is no page at this address.")
        case .methodNotAllowed(let allow):
            Outcome(
                status: .methodNotAllowed, message: "This address does not accept that method.",
                headers: [("Allow", allow.map(\.description).joined(separator: ", "))])
        case .uploadStorageFailed:
            Outcome(status: .internalServerError, message: "The upload could not be stored.", isServerFault: true)
        }
    }

    private static func outcome(for error: AccessError) -> Outcome {
        switch error {
        case .csrfCheckFailed:
            Outcome(
                status: .forbidden,
                message: "This form has expired or did not come from SoraShare. Go back, reload the page and try again.")
        case .signInRequired:
            Outcome(status: .unauthorized, message: "Please sign in to see this page.", signInFirst: true)
        case .adminOnly: Outcome(status: .forbidden, message: "This page is for SoraShare admins only.")
        case .signInStateInvalid:
            Outcome(
                status: .badRequest,
                message: "This sign-in attempt has expired, was already used, or was started in another browser. Please start again.")
        }
    }

    private static func outcome(for error: OpenIDError) -> Outcome {
        switch error {
        case .providerDenied:
            Outcome(status: .badRequest, message: "The sign-in was cancelled or refused at the provider. You can try again.")
        case .providerUnreachable:
            Outcome(
                status: HTTPStatus(502, "Bad Gateway"), message: "We could not reach the sign-in provider. Please try again in a moment.",
                isServerFault: true)
        case .codeRejected:
            Outcome(
                status: .badRequest,
                message: "The provider did not accept this sign-in (it may have been used already). Please start again.")
        case .invalidIDToken:
            Outcome(status: .badRequest, message: "The sign-in answer could not be verified. Please start again.", isServerFault: true)
        }
    }

    private static func outcome(for error: BillingError) -> Outcome {
        switch error {
        case .notConfigured:
            Outcome(
                status: .serviceUnavailable,
                message: "Payments are not configured on this server (SORASHARE_STRIPE_SECRET_KEY is not set). Nothing was charged.")
        case .unknownProduct: Outcome(status: .badRequest, message: "That plan or credit pack is not on sale. Go back and choose again.")
        case .noBillingAccount:
            Outcome(status: .conflict, message: "You have no billing account yet: it is made with your first purchase.")
        case .alreadyPremium:
            Outcome(status: .conflict, message: "You already have premium. Change or cancel it in the billing portal.")
        case .creditDebt(let credits):
            Outcome(
                status: HTTPStatus(402, "Payment Required"),
                message: "A refund left you owing \(credits) credit(s). Buy a credit pack to cover it before spending credits.")
        case .insufficientCredits(let needed, let available):
            Outcome(
                status: HTTPStatus(402, "Payment Required"), message: "This needs \(needed) credit(s) and you have \(available).")
        }
    }

    private static func outcome(for error: StripeError) -> Outcome {
        switch error {
        case .unavailable:
            Outcome(
                status: HTTPStatus(502, "Bad Gateway"),
                message:
                    "We could not reach Stripe, our payment provider. Nothing was charged and nothing changed; please try again in a moment.",
                headers: [("Retry-After", "30")], isServerFault: true)
        case .rejected, .unexpectedResponse:
            Outcome(
                status: HTTPStatus(502, "Bad Gateway"),
                message: "Stripe, our payment provider, refused to start this payment. Nothing was charged; please try again later.",
                isServerFault: true)
        }
    }

    private static func outcome(for error: StripeWebhookError) -> Outcome {
        switch error {
        case .missingSignature: Outcome(status: .badRequest, message: "The Stripe-Signature header is missing.")
        case .malformedSignatureHeader: Outcome(status: .badRequest, message: "The Stripe-Signature header has no t= or v1= entry.")
        case .signatureMismatch: Outcome(status: .badRequest, message: "No signature matches this payload.")
        case .timestampOutsideTolerance: Outcome(status: .badRequest, message: "The signature's timestamp is outside the tolerance.")
        case .malformedPayload: Outcome(status: .badRequest, message: "The payload is not a Stripe event we can read.")
        }
    }

    private static func outcome(for error: DomainError) -> Outcome {
        switch error {
        case .invalidEmail: Outcome(status: .unprocessableContent, message: "That does not look like an e-mail address.")
        case .rateLimited(let seconds):
            Outcome(
                status: .tooManyRequests, message: "Too many attempts. Please try again in \(max(1, seconds / 60)) minute(s).",
                headers: [("Retry-After", String(seconds))])
        case .signInLinkInvalid:
            Outcome(status: .badRequest, message: "This sign-in link is invalid, already used or expired. Ask for a new one.")
        case .memberBanned: Outcome(status: .forbidden, message: "This account is suspended.")
        case .alreadyInQueue: Outcome(status: .conflict, message: "You already have a place in the queue.")
        case .inArrears(let codes):
            Outcome(
                status: .forbidden,
                message: "You still owe \(codes) invite code(s) from the code you received. Donate them to rejoin the queue.")
        case .passInvalid: Outcome(status: .badRequest, message: "This priority pass does not exist, was already used, or has expired.")
        case .notInQueue: Outcome(status: .conflict, message: "You are not in the queue.")
        case .unknownMember: Outcome(status: .notFound, message: "No member has that e-mail address.")
        case .unknownCode: Outcome(status: .notFound, message: "No invite code has that number.")
        case .codeSettled:
            Outcome(status: .conflict, message: "That code was already reported on or retired; there is nothing to void.")
        case .reportNotOpen: Outcome(status: .conflict, message: "That report is not open: it does not exist or was already resolved.")
        case .invalidField(let message): Outcome(status: .unprocessableContent, message: message)
        }
    }

    private static func outcome(for error: DatabaseError) -> Outcome {
        switch error {
        case .unavailable:
            Outcome(
                status: .serviceUnavailable, message: "SoraShare is briefly unavailable. Please try again in a moment.",
                headers: [("Retry-After", "5")], isServerFault: true)
        case .statementFailed, .decodingFailed, .missingValue, .migrationFailed:
            Outcome(status: .internalServerError, message: "Something went wrong on our side.", isServerFault: true)
        }
    }

    private func render(_ outcome: Outcome, request: Request?, pages: PageRenderer?, requestID: String) -> Response {
        if outcome.signInFirst, let request, !Self.prefersJSON(request) {
            return .redirect(to: "/sign-in")
        }
        if let request, Self.prefersJSON(request) {
            return .json(
                ["error": ["status": .int(outcome.status.code), "message": .string(outcome.message), "request_id": .string(requestID)]],
                status: outcome.status)
        }
        let values: [String: MustacheValue] = [
            "status": .int(outcome.status.code), "reason": .string(outcome.status.reason), "message": .string(outcome.message),
            "request_id": .string(requestID),
        ]
        if let pages, let page = try? pages.page("error", title: outcome.status.reason, values: values, status: outcome.status) {
            return page
        }
        return .text("\(outcome.status.code) \(outcome.status.reason)\n\(outcome.message)\n", status: outcome.status)
    }

    /// API paths, `.json` documents and clients that ask for JSON (and not HTML) get JSON errors.
    static func prefersJSON(_ request: Request) -> Bool {
        if request.path.hasPrefix("/api/") || request.path.hasSuffix(".json") { return true }
        let accept = request.headers["Accept"] ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }
}
