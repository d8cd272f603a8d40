/// One piece of a donation that was not taken, with where it was and why; safe to show to the donor and to log.
public struct DonationRefusal: Sendable, Equatable {
    /// Why a piece of a donation was not taken.
    public enum Reason: Sendable, Equatable, CaseIterable {
        /// The text does not match the configured code pattern.
        case badFormat
        /// The same code (after normalisation, so also in another case) came earlier in the same submission.
        case repeatedInSubmission
        /// The submission already held `DonationParser.maximumCodes` accepted codes.
        case tooMany

        /// A sentence ending for the donor, after the redacted code: "AB…(8 chars) does not look like a Sora invite code".
        public var message: String {
            switch self {
            case .badFormat: "does not look like a Sora invite code"
            case .repeatedInSubmission: "appears more than once in this submission"
            case .tooMany: "is past the limit of \(DonationParser.maximumCodes) codes per submission; send it in another one"
            }
        }
    }

    /// The line of the submitted text it was on, from 1.
    public let line: Int
    /// The text, redacted as `InviteCode.redacted` does: never the whole code.
    public let shown: String
    /// Why it was not taken.
    public let reason: Reason

    public init(line: Int, shown: String, reason: Reason) {
        self.line = line
        self.shown = shown
        self.reason = reason
    }
}
