import Store

/// The words of each notification mail. Every mail names its deadline in UTC, links to the page
/// where the member acts, and ends with the one-click unsubscribe link of its kind (also sent as
/// the RFC 8058 `List-Unsubscribe` header).
struct NotificationMail: Sendable {
    /// SORASHARE_PUBLIC_URL, without a trailing slash.
    let publicURL: String
    let tokens: UnsubscribeToken

    init(publicURL: String, tokens: UnsubscribeToken) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.tokens = tokens
    }

    /// The mail for `notice`.
    func mail(for notice: Notice) throws -> NotificationStore.Mail {
        let unsubscribe = "\(publicURL)/unsubscribe?token=\(try tokens.token(memberID: notice.memberID, kind: notice.kind))"
        let dashboard = "\(publicURL)/dashboard"
        let (subject, opening): (String, String) =
            switch notice.stage {
            case .allocated:
                ("A code is waiting for you on SoraShare", "An invite code has been allocated to you on SoraShare.")
            case .remind24h:
                ("Reminder: reveal your SoraShare code within 24 hours", "Your SoraShare invite code is still waiting for you.")
            case .remind4h:
                ("Last reminder: 4 hours left to reveal your SoraShare code", "Your SoraShare invite code is still waiting for you.")
            }
        let body = """
            Hello,

            \(opening)

            Reveal it by \(notice.deadline). If it is not revealed by then, it goes to the next member in the queue.

            Reveal it here: \(dashboard)

            --
            You get this because you are in the SoraShare queue. To stop the reminders (you will still get one e-mail when a code is waiting for you), open:
            \(unsubscribe)

            """
        return NotificationStore.Mail(subject: subject, body: body, unsubscribeURL: unsubscribe)
    }
}
