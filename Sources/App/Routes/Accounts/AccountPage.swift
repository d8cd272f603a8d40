import Cryptography
import HTTP
import Store
import Templates

/// `GET /account`: who you are, how you sign in, and your sessions.
enum AccountPage {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let current = context.session?.idHash
        let owed = try ReturnStore().owed(memberID: member.id, on: context.database)
        let sessions = try SessionStore(policy: context.resources.configuration.accountPolicy).list(
            memberID: member.id, on: context.database)
        let identities = try MemberStore().identities(memberID: member.id, on: context.database).map { identity -> MustacheValue in
            ["provider": .string(identity.provider), "subject": .string(identity.subject)]
        }
        return try context.pages.page(
            "account", title: "Your account",
            values: [
                "member": [
                    "name": .string(member.greetingName), "email": .string(member.email ?? ""), "verified": .bool(member.emailVerified),
                    "admin": .bool(member.role == .admin), "in_arrears": .bool(owed?.overdue ?? false),
                    "owed_codes": .int(owed?.codes ?? 0),
                ],
                "identities": .array(identities),
                "recognition": try recognition(memberID: member.id, context),
                "sessions": .array(
                    sessions.map { session in
                        [
                            "user_agent": .string(session.userAgent.isEmpty ? "Unknown browser" : session.userAgent),
                            "created_at": .string(session.createdAt), "last_seen_at": .string(session.lastSeenAt),
                            "current": .bool(session.idHash == current),
                        ]
                    }),
            ])
    }
}
