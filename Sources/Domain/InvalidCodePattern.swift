/// A configured invite-code pattern that cannot be used; `reason` completes a sentence about the variable.
public struct InvalidCodePattern: Error, Sendable, Equatable {
    /// Why, e.g. "is not a valid regular expression".
    public let reason: String
}
