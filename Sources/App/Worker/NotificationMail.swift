import Domain
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
        let (subject, text, footer) = words(for: notice)
        let body = """
            Hello,

            \(text)

            --
            \(footer)
            \(unsubscribe)

            """
        return NotificationStore.Mail(subject: subject, body: body, unsubscribeURL: unsubscribe)
    }

    /// The subject, the text, and the line before the unsubscribe link.
    private func words(for notice: Notice) -> (String, String, String) {
        let codes = notice.codes == 1 ? "1 invite code" : "\(notice.codes) invite codes"
        let returns =
            "You get this because you owe codes back. To stop these e-mails about returns, open:"
        let queue = "You get this because you are in the SoraShare queue. To stop these e-mails about pauses, open:"
        let payments = "You get this because you have a SoraShare subscription. To stop these e-mails about payments, open:"
        let donor = "You get this because you donated a code. To stop these e-mails about your donations, open:"
        switch notice.stage {
        case .allocated, .remind24h, .remind4h:
            let (subject, opening) =
                switch notice.stage {
                case .remind24h:
                    ("Reminder: reveal your SoraShare code within 24 hours", "Your SoraShare invite code is still waiting for you.")
                case .remind4h:
                    ("Last reminder: 4 hours left to reveal your SoraShare code", "Your SoraShare invite code is still waiting for you.")
                default:
                    ("A code is waiting for you on SoraShare", "An invite code has been allocated to you on SoraShare.")
                }
            return (
                subject,
                """
                \(opening)

                Reveal it by \(notice.deadline). If it is not revealed by then, it goes to the next member in the queue.

                Reveal it here: \(publicURL)/dashboard
                """,
                "You get this because you are in the SoraShare queue. To stop the reminders "
                    + "(you will still get one e-mail when a code is waiting for you), open:"
            )
        case .returnSoon:
            return (
                "Your SoraShare return is due in two days",
                "You owe \(codes) back by \(notice.deadline).\n\nDonate here: \(publicURL)/donate", returns
            )
        case .returnToday:
            return (
                "Your SoraShare return is due today",
                "You owe \(codes) back by \(notice.deadline), later today.\n\nDonate here: \(publicURL)/donate", returns
            )
        case .codeHanded:
            return (
                "Your SoraShare code went to someone",
                "An invite code you donated went to the next member in the queue (\(notice.deadline)). Thank you!\n\n"
                    + "When they report that it worked, you earn \(RecognitionPoints.workedCode) points.",
                donor
            )
        case .codeWorked:
            return (
                "Your SoraShare code worked: +\(RecognitionPoints.workedCode) points",
                "The member who received an invite code you donated reported that it worked (\(notice.deadline)). "
                    + "You earned \(RecognitionPoints.workedCode) points.\n\nYour points and badges: \(publicURL)/account#recognition",
                donor
            )
        case .paused:
            return (
                "SoraShare has paused handing out codes",
                "Handing out invite codes is paused since \(notice.deadline). You keep your place in the queue; "
                    + "we will tell you when it resumes.\n\nYour place: \(publicURL)/dashboard",
                queue
            )
        case .resumed:
            return (
                "SoraShare hands out codes again",
                "Handing out invite codes resumed at \(notice.deadline). Your place in the queue is unchanged.\n\n"
                    + "Your place: \(publicURL)/dashboard",
                queue
            )
        case .premiumStarted:
            return (
                "Your SoraShare premium has started",
                "Your premium subscription is active (\(notice.deadline)): you wait in the premium lane, ahead of the standard one."
                    + "\n\nBilling: \(publicURL)/billing",
                payments
            )
        case .paymentFailed:
            return (
                "Your SoraShare payment failed",
                "The payment for your premium subscription failed (\(notice.deadline)). "
                    + "Update your payment method to keep premium.\n\nBilling: \(publicURL)/billing",
                payments
            )
        case .premiumEnds:
            return (
                "Your SoraShare premium ends on \(notice.deadline)",
                "Your premium subscription is set to end on \(notice.deadline); after that you wait in the standard lane."
                    + "\n\nBilling: \(publicURL)/billing",
                payments
            )
        case .overdue:
            return (
                "Your SoraShare return is overdue",
                """
                You owed \(codes) back by \(notice.deadline). Until you return them you cannot join the queue again.

                Donate here: \(publicURL)/donate
                """,
                returns
            )
        }
    }
}
