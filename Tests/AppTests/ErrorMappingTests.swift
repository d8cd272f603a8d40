import Cryptography
import FastCGI
import Foundation
import HTTP
import Integrations
import Media
import Postgres
import Store
import Templates
import Testing

@testable import App
@testable import Domain

/// Every error type of the code base says how it is answered (`HTTPResponseError`), and each
/// case below gets the status it should. A new error type fails `everyErrorTypeIsListed` until it
/// conforms and is listed here with its statuses.
@Suite struct ErrorMappingTests {
    static let cases: [(any HTTPResponseError, Int)] = [
        (HTTPError.badRequest("Bad field."), 400), (HTTPError.payloadTooLarge(limit: 8 << 20), 413),
        (HTTPError.unsupportedMediaType("Expected JSON."), 415), (HTTPError.notFound, 404),
        (HTTPError.methodNotAllowed(allow: [.get]), 405), (HTTPError.unprocessable(field: "count", message: "How many?"), 422),
        (HTTPError.uploadStorageFailed, 500),
        (AccessError.csrfCheckFailed, 403), (AccessError.signInRequired, 401), (AccessError.adminOnly, 403),
        (AccessError.signInStateInvalid, 400),
        (DomainError.queueClosed, 503),
        (DatabaseError.unavailable("refused"), 503), (DatabaseError.statementFailed(sqlState: "42P01", message: "no table"), 500),
        (DatabaseError.decodingFailed(column: "role", expected: "Role"), 500), (DatabaseError.missingValue("row"), 500),
        (DatabaseError.migrationFailed("0001"), 500), (DatabaseError.invalidParameter(position: 2), 500),
        (DomainError.invalidEmail, 422), (DomainError.rateLimited(retryAfterSeconds: 120), 429), (DomainError.signInLinkInvalid, 400),
        (DomainError.memberBanned, 403),
        (DomainError.addressNeedsConfirmation, 409), (DomainError.inArrears(codes: 1), 403), (DomainError.passInvalid, 400),
        (DomainError.alreadyInQueue, 409), (DomainError.notInQueue, 409), (DomainError.unknownMember, 404), (DomainError.unknownCode, 404),
        (DomainError.codeSettled, 409), (DomainError.donorNotQuarantined, 409), (DomainError.unknownJob, 404),
        (DomainError.jobNotCancelable, 409), (DomainError.reportNotOpen, 409),
        (PassBatchError.count, 422), (PassBatchError.prefix, 422),
        (BillingError.notConfigured, 503), (BillingError.unknownProduct, 400), (BillingError.noBillingAccount, 409),
        (BillingError.alreadyPremium, 409), (BillingError.creditDebt(8), 402),
        (BillingError.insufficientCredits(needed: 5, available: 1), 402),
        (OpenIDError.providerDenied("access_denied"), 400), (OpenIDError.providerUnreachable, 502),
        (OpenIDError.codeRejected("invalid_grant"), 400), (OpenIDError.invalidIDToken("bad signature"), 400),
        (StripeError.unavailable("timeout"), 502),
        (StripeError.rejected(status: 400, type: "invalid_request_error", code: nil, message: "x"), 502),
        (StripeError.unexpectedResponse("no url"), 502),
        (StripeWebhookError.missingSignature, 400), (StripeWebhookError.malformedSignatureHeader, 400),
        (StripeWebhookError.signatureMismatch, 400), (StripeWebhookError.timestampOutsideTolerance(400), 400),
        (StripeWebhookError.malformedPayload("not JSON"), 400),
        (TemplateError.unknownTemplate(name: "missing"), 500), (CryptoError.randomUnavailable, 500),
        (InviteCodeVaultError.authenticationFailed, 500), (CodeKeyRingError.missing(variable: "SORASHARE_CODE_KEYS"), 500),
        (ConfigurationError.missing("SORASHARE_DATABASE_URL"), 500), (InvalidCodePattern(reason: "is not a regular expression"), 500),
        (QueuePolicyError.malformed("x"), 500),
        (FastCGIError.initializationFailed, 500), (IntegrationError.unreachable("host", "refused"), 502),
        (SMTPError.connectionFailed("refused"), 502),
        (GitError.unreachable(remote: "git@github.com:o/r.git", detail: "timeout"), 502), (GitError.rejected(remote: "r"), 502),
        (GitError.timedOut(command: "push", seconds: 120), 502), (GitError.notInstalled("/usr/bin/git"), 500),
        (GitError.failed(command: "commit", status: 128, detail: "x"), 500), (GitError.invalidPath("../x"), 500),
        (GitError.fileSystem(path: "a", detail: "cannot write it"), 500),
        (ProviderFailure(code: "http_503", message: "busy", retryable: true), 502), (StorageError.notFound(key: "videos/x.mp4"), 404),
        (StorageError.unavailable("refused"), 503), (StorageError.rejected("403"), 503),
        (MediaError.notAnImage, 422), (MediaError.imageTooLarge(width: 50000, height: 50000, maxWidth: 8000, maxHeight: 8000), 422),
        (MediaError.fileTooLarge(bytes: 11 << 20, limit: 10 << 20), 422), (MediaError.notAnMP4, 422), (MediaError.truncated, 422),
        (MediaError.malformed("a box is larger than the box that holds it"), 422), (MediaError.noVideoTrack, 422),
        (MediaError.unreadable("open: No such file or directory (errno 2)"), 500),
        (StandardWebhookError.missingHeader("webhook-id"), 400), (StandardWebhookError.malformedHeader("webhook-timestamp"), 400),
        (StandardWebhookError.noMatchingSignature, 400), (StandardWebhookError.stale(301), 400),
        (StandardWebhookError.malformedPayload("not JSON"), 400), (StandardWebhookError.invalidSecret(position: 0), 500),
        (IntegrationError.tooLarge("host", limit: 1), 502),
        (StudioCheckFailure(message: "The video is 16:9; TikTok needs 9:16."), 502), (ServiceUnavailable.videoGeneration, 503),
        (AccountDeletionRefusal.openObligation(codes: 1), 409), (AccountDeletionRefusal.unreportedCode, 409),
        (AccountDeletionRefusal.suspended, 403), (AccountDeletionRefusal.renewingSubscription, 409),
        (UnmappedError(underlying: CancellationError()), 500),
    ]

    @Test func eachCaseHasItsStatus() {
        for (error, status) in Self.cases {
            #expect(error.status.code == status, "\(error)")
            #expect(!error.publicMessage.isEmpty, "\(error)")
        }
    }

    @Test func everyErrorTypeIsListed() throws {
        let listed = Set(Self.cases.map { String(describing: type(of: $0.0)) })
        let declared = try Self.errorTypesDeclaredInSources()
        #expect(declared.subtracting(listed).isEmpty, "error types without a listed status: \(declared.subtracting(listed).sorted())")
        #expect(declared.count >= 20, "the scan found the error types (\(declared.sorted()))")
    }

    /// The names of the types in Sources/ declared as `Error`, `HTTPResponseError` or `InternalFault`.
    static func errorTypesDeclaredInSources() throws -> Set<String> {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let declaration = try Regex(#"(?:enum|struct|class)\s+(\w+)[^{\n]*?:[^{\n]*\b(?:Error|HTTPResponseError|InternalFault)\b"#)
        var names: Set<String> = []
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return names }
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: declaration) {
                if let name = match.output[1].substring { names.insert(String(name)) }
            }
        }
        return names
    }

    @Test func serverFaultsAreLoggedAndClientMistakesAreNot() {
        #expect(DatabaseError.unavailable("refused").logDetail != nil && HTTPError.notFound.logDetail == nil)
        #expect(OpenIDError.invalidIDToken("kid unknown").logDetail?.contains("kid unknown") == true, "a forged token is worth a line")
        #expect(UnmappedError(underlying: CancellationError()).logDetail?.contains("CancellationError") == true)
        #expect(MediaError.truncated.logDetail == nil && MediaError.unreadable("pread: EIO").logDetail?.contains("pread: EIO") == true)
    }

    @Test func messagesNeverCarryTheDetails() {
        let secret = "relation secret_table"
        let errors: [any HTTPResponseError] = [
            DatabaseError.statementFailed(sqlState: "42P01", message: secret), DatabaseError.unavailable(secret),
            StripeError.unavailable(secret), OpenIDError.invalidIDToken(secret), IntegrationError.unexpectedResponse(secret, secret),
            SMTPError.protocolError(secret), UnmappedError(underlying: DatabaseError.unavailable(secret)), MediaError.unreadable(secret),
        ]
        for error in errors { #expect(!error.publicMessage.contains("secret_table"), "\(error)") }
    }
}
