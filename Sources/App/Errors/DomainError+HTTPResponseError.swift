import Domain
import HTTP

extension DomainError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .invalidEmail: .unprocessableContent
        case .rateLimited: .tooManyRequests
        case .signInLinkInvalid, .passInvalid: .badRequest
        case .memberBanned, .inArrears: .forbidden
        case .alreadyInQueue, .notInQueue, .codeSettled, .reportNotOpen, .donorNotQuarantined, .addressNeedsConfirmation, .jobNotCancelable:
            .conflict
        case .unknownMember, .unknownCode, .unknownJob: .notFound
        case .queueClosed: .serviceUnavailable
        }
    }

    public var publicMessage: String {
        switch self {
        case .invalidEmail: "That does not look like an e-mail address."
        case .rateLimited(let seconds): "Too many attempts. Please try again in \(max(1, seconds / 60)) minute(s)."
        case .signInLinkInvalid: "This sign-in link is invalid, already used or expired. Ask for a new one."
        case .memberBanned: "This account is suspended."
        case .addressNeedsConfirmation:
            "An account with this e-mail address already exists. To use this way of signing in with it, first sign in with "
                + "a link we e-mail to the address, then sign in this way from the same browser: it is then added to your account."
        case .alreadyInQueue: "You already have a place in the queue."
        case .inArrears(let codes): "You still owe \(codes) invite code(s) from the code you received. Donate them to rejoin the queue."
        case .passInvalid: "This priority pass does not exist, was already used, or has expired."
        case .notInQueue: "You are not in the queue."
        case .unknownMember: "No member has that e-mail address."
        case .unknownCode: "No invite code has that number."
        case .codeSettled: "That code was already reported on or retired; there is nothing to void."
        case .reportNotOpen: "That report is not open: it does not exist or was already resolved."
        case .unknownJob: "There is no such video job."
        case .jobNotCancelable: "This video is already being made (or has ended): it can no longer be canceled."
        case .donorNotQuarantined: "That donor is not quarantined: there is nothing to release."
        case .queueClosed: "The invite queue is not open on this server yet (SORASHARE_LOG_KEY is not set)."
        }
    }

    public var responseHeaders: [(String, String)] {
        guard case .rateLimited(let seconds) = self else { return [] }
        return [("Retry-After", String(seconds))]
    }
}

extension PassBatchError: HTTPResponseError {
    public var status: HTTPStatus { .unprocessableContent }
    public var publicMessage: String { message }
    public var jsonFields: [(String, JSONValue)] { [("field", .string(field))] }
}
