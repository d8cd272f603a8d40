/// Why an account cannot be deleted yet. Deletion erases who a member is, so it may not be a way
/// out of what the member owes the queue or of a suspension (a deleted member who signs in again
/// is a new member with a clean record); each case says what to do first.
public enum AccountDeletionRefusal: Error, Sendable, Equatable {
    /// The member owes `codes` invite codes back for a code that worked.
    case openObligation(codes: Int)
    /// The member revealed a code and has not said whether it worked.
    case unreportedCode
    /// The account is suspended: deleting it would lift the suspension.
    case suspended
    /// A premium subscription is still running and would renew.
    case renewingSubscription
}
