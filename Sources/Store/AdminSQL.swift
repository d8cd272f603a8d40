/// SQL fragments of the admin views.
enum AdminSQL {
    /// A member's name for admins, from the `members` row aliased `alias` (which may be missing
    /// after a LEFT JOIN): display name, else address, else number.
    static func memberName(_ alias: String) -> String {
        "coalesce(nullif(\(alias).display_name, ''), \(alias).email::text, 'member #' || \(alias).id::text, 'a deleted member')"
    }
}
