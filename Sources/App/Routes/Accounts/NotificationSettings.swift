import Domain
import HTTP
import Store

/// The account page's notification switches.
enum NotificationSettings {
    /// `POST /account/notifications` (form field `on`, once per kind switched on; a kind not sent
    /// is switched off): saves every switch in one transaction, then back to the account page
    /// (post/redirect/get).
    @Sendable static func save(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let on = Set(try request.urlEncodedForm().all("on"))
        guard on.allSatisfy({ NotificationKind(rawValue: $0) != nil }) else {
            throw HTTPError.unprocessable(field: "on", message: "Choose among the kinds of notification listed.")
        }
        try context.database.transaction { database in
            for kind in NotificationKind.allCases {
                try NotificationPreferences().set(kind, on: on.contains(kind.rawValue), memberID: member.id, on: database)
            }
        }
        return .redirect(to: "/account#notifications")
    }
}
