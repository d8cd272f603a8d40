/// The page that confirms deleting an account (`account-delete`): what is erased and what is
/// kept, why deletion is refused now (if it is), and the confirmation field.
struct AccountDeletionPage: Page {
    static let template = "account-delete"
    var title: String { "Delete your account" }

    /// Why the account cannot be deleted now (`AccountDeletionRefusal`); nil when it can.
    let refusal: String?
    /// The confirmation did not match (shown next to the field).
    let confirmationError: String?
}

/// The page after an account was deleted (`account-deleted`); the browser is signed out.
struct AccountDeletedPage: Page {
    static let template = "account-deleted"
    var title: String { "Your account was deleted" }
}
