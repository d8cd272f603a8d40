import Store
import Testing

@testable import App

/// The words of notification mail: each names its deadline, links where the member acts, and ends
/// with the one-click link of its own kind, the same as the List-Unsubscribe URL.
@Suite struct NotificationMailTests {
    let tokens = UnsubscribeToken(key: [UInt8](repeating: 0x75, count: 32))

    @Test func codeWaitingMailIsExact() throws {
        let notice = Notice(
            kind: .codeWaiting, stage: .allocated, subjectID: 9, memberID: 7, recipient: "ada@example.com",
            deadline: "2026-12-01 10:00 UTC")
        let mail = try NotificationMail(publicURL: "https://s.example/", tokens: tokens).mail(for: notice)
        let link = "https://s.example/unsubscribe?token=\(try tokens.token(memberID: 7, kind: .codeWaiting))"
        #expect(mail.subject == "A code is waiting for you on SoraShare" && mail.unsubscribeURL == link)
        #expect(
            mail.body == """
                Hello,

                An invite code has been allocated to you on SoraShare.

                Reveal it by 2026-12-01 10:00 UTC. If it is not revealed by then, it goes to the next member in the queue.

                Reveal it here: https://s.example/dashboard

                --
                You get this because you are in the SoraShare queue. To stop the reminders (you will still get one e-mail when a code is waiting for you), open:
                \(link)

                """)
    }

    @Test func returnMailsNameTheCodesOwedAndTheDeadline() throws {
        let mails = NotificationMail(publicURL: "https://s.example", tokens: tokens)
        for (stage, subject) in [
            (Notice.Stage.returnSoon, "Your SoraShare return is due in two days"), (.returnToday, "Your SoraShare return is due today"),
            (.overdue, "Your SoraShare return is overdue"),
        ] {
            let notice = Notice(
                kind: .returnDue, stage: stage, subjectID: 3, memberID: 7, recipient: "ada@example.com", deadline: "2026-12-01 10:00 UTC",
                codes: 1)
            let mail = try mails.mail(for: notice)
            #expect(mail.subject == subject)
            #expect(mail.body.contains("1 invite code back by 2026-12-01 10:00 UTC") && mail.body.contains("https://s.example/donate"))
            #expect(mail.unsubscribeURL.hasPrefix("https://s.example/unsubscribe?token=7.return_due."))
            #expect(mail.body.hasSuffix(mail.unsubscribeURL + "\n"))
        }
    }

    @Test func theDonorIsToldThePoints() throws {
        let notice = Notice(
            kind: .donorUpdate, stage: .codeWorked, subjectID: 3, memberID: 5, recipient: "d@example.com", deadline: "2026-12-01 10:00 UTC")
        let mail = try NotificationMail(publicURL: "https://s.example", tokens: tokens).mail(for: notice)
        #expect(mail.subject == "Your SoraShare code worked: +10 points")
        #expect(mail.body.contains("You earned 10 points.") && mail.body.contains("https://s.example/account#recognition"))
        #expect(mail.unsubscribeURL.hasPrefix("https://s.example/unsubscribe?token=5.donor_update."))
        let paused = try NotificationMail(publicURL: "https://s.example", tokens: tokens).mail(
            for: Notice(
                kind: .queueUpdate, stage: .paused, subjectID: 4, memberID: 5, recipient: "d@example.com", deadline: "2026-12-01 10:00 UTC",
                occasion: 1))
        #expect(paused.subject == "SoraShare has paused handing out codes" && paused.body.contains("since 2026-12-01 10:00 UTC"))
        let ends = try NotificationMail(publicURL: "https://s.example", tokens: tokens).mail(
            for: Notice(
                kind: .payments, stage: .premiumEnds, subjectID: 5, memberID: 5, recipient: "d@example.com",
                deadline: "2026-12-31 10:00 UTC"))
        #expect(ends.subject == "Your SoraShare premium ends on 2026-12-31 10:00 UTC" && ends.body.contains("https://s.example/billing"))
        #expect(ends.unsubscribeURL.hasPrefix("https://s.example/unsubscribe?token=5.payments."))
    }
}
