import Cryptography
import Domain
import HTTP
import Store

/// `GET /account`: who you are, how you sign in, and your sessions.
enum Account {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let current = context.session?.idHash
        let owed = try ReturnStore().owed(memberID: member.id, on: context.database)
        let switches = try NotificationPreferences().all(memberID: member.id, on: context.database)
        let sessions = try SessionStore(policy: context.resources.configuration.accountPolicy).list(
            memberID: member.id, on: context.database)
        return try context.pages.render(
            AccountPage(
                member: AccountPage.Member(
                    name: member.greetingName, email: member.email ?? "", verified: member.emailVerified, admin: member.role == .admin,
                    inArrears: owed?.overdue ?? false, owedCodes: owed?.codes ?? 0),
                recognition: try recognition(memberID: member.id, context),
                identities: try MemberStore().identities(memberID: member.id, on: context.database).map {
                    AccountPage.Identity(provider: $0.provider, subject: $0.subject)
                },
                sessions: sessions.map { session in
                    AccountPage.SessionRow(
                        userAgent: session.userAgent.isEmpty ? "Unknown browser" : session.userAgent, createdAt: session.createdAt,
                        lastSeenAt: session.lastSeenAt, current: session.idHash == current)
                },
                notifications: NotificationKind.allCases.map {
                    NotificationSwitch(kind: $0.rawValue, title: $0.title, enabled: switches[$0] ?? true)
                }))
    }
}
