/// Rule violations in the domain; each message is safe to show to the member.
public enum DomainError: Error, Sendable, Equatable {
    /// The text is not a usable e-mail address.
    case invalidEmail
    /// Too many attempts of one kind in the current window; try again after `retryAfterSeconds`.
    case rateLimited(retryAfterSeconds: Int)
    /// The sign-in link is unknown, already used or expired.
    case signInLinkInvalid
    /// The member is banned and may not sign in.
    case memberBanned
    /// An identity provider not trusted to verify addresses vouched for an address that an
    /// existing member owns: it is not linked to them without their proof (an e-mail link).
    case addressNeedsConfirmation
    /// The member owes codes past their deadline and may not rejoin until they return them.
    case inArrears(codes: Int)
    /// A priority pass that does not exist, was used, or has expired.
    case passInvalid
    /// The member already has a place in the queue.
    case alreadyInQueue
    /// The member has no place in the queue.
    case notInQueue
    /// No member has that address.
    case unknownMember
    /// No invite code has that number.
    case unknownCode
    /// The code was already reported on or retired, so it cannot be voided.
    case codeSettled
    /// There is no open invalid-code report with that number (unknown, or already resolved).
    case reportNotOpen
    /// No studio job of the member has that number.
    case unknownJob
    /// The job has started running (or ended): it can no longer be canceled.
    case jobNotCancelable
    /// The donor is not quarantined (so there is nothing to release).
    case donorNotQuarantined
    /// The invite queue is not open on this server: SORASHARE_LOG_KEY or the invite-code keys
    /// are not configured.
    case queueClosed
}
