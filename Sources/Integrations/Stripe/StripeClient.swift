import Foundation

/// The Stripe API calls SoraShare makes: Checkout Sessions and Billing Portal sessions.
/// Bodies are form-encoded with nested parameters; every create carries an Idempotency-Key
/// (kept across retries, so a retried create never makes a second session); network errors and
/// 5xx answers are retried, other answers are not; Stripe's error objects become
/// `StripeError.rejected`.
public struct StripeClient: Sendable {
    public let settings: StripeSettings
    let http: HTTPClient
    /// Waits between attempts (replaced in tests).
    let pause: @Sendable (TimeInterval) -> Void

    public init(settings: StripeSettings) {
        self.init(settings: settings, http: HTTPClient(timeout: settings.timeout), pause: { Thread.sleep(forTimeInterval: $0) })
    }

    init(settings: StripeSettings, http: HTTPClient, pause: @escaping @Sendable (TimeInterval) -> Void) {
        self.settings = settings
        self.http = http
        self.pause = pause
    }

    /// `POST /v1/checkout/sessions`.
    public func createCheckoutSession(_ parameters: StripeParameters, idempotencyKey: String) throws(StripeError) -> CheckoutSession {
        try create("/v1/checkout/sessions", parameters, idempotencyKey: idempotencyKey, as: CheckoutSession.self)
    }

    /// `POST /v1/billing_portal/sessions` for `customer`, coming back to `returnURL`.
    public func createPortalSession(customer: String, returnURL: String, idempotencyKey: String) throws(StripeError) -> PortalSession {
        try create(
            "/v1/billing_portal/sessions", StripeParameters([("customer", .string(customer)), ("return_url", .string(returnURL))]),
            idempotencyKey: idempotencyKey, as: PortalSession.self)
    }

    /// POSTs `parameters` to `path` and decodes the answer as `T`.
    public func create<T: Decodable>(
        _ path: String, _ parameters: StripeParameters, idempotencyKey: String, as type: T.Type
    ) throws(StripeError) -> T {
        let url = settings.apiBase.appendingPathComponent(path)
        let headers = [
            "Authorization": "Bearer \(settings.secretKey)", "Stripe-Version": StripeSettings.apiVersion,
            "Idempotency-Key": idempotencyKey, "Accept": "application/json",
        ]
        var lastProblem = "no attempt"
        for attempt in 1...max(1, settings.maxAttempts) {
            if attempt > 1 { pause(settings.retryDelay * Double(1 << (attempt - 2))) }
            let reply: HTTPClient.Reply
            do {
                reply = try http.postForm(url, form: parameters.pairs, headers: headers)
            } catch {
                lastProblem = "\(error)"
                continue
            }
            if reply.status >= 500 {
                lastProblem = "HTTP \(reply.status)"
                continue
            }
            return try Self.decode(reply, as: type)
        }
        throw .unavailable(lastProblem)
    }

    /// A 2xx answer as `T`, or the error object of any other answer.
    static func decode<T: Decodable>(_ reply: HTTPClient.Reply, as type: T.Type) throws(StripeError) -> T {
        guard (200..<300).contains(reply.status) else {
            guard let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: reply.body) else {
                throw .unexpectedResponse("HTTP \(reply.status) without an error object")
            }
            let error = envelope.error
            throw .rejected(
                status: reply.status, type: error.type ?? "api_error", code: error.code, message: error.message ?? "no message")
        }
        do {
            return try JSONDecoder().decode(type, from: reply.body)
        } catch {
            throw .unexpectedResponse("\(T.self) could not be read: \(error)")
        }
    }

    /// `{"error": {"type", "code", "message", "param"}}`.
    private struct ErrorEnvelope: Decodable {
        struct Body: Decodable {
            let type: String?
            let code: String?
            let message: String?
        }
        let error: Body
    }
}
