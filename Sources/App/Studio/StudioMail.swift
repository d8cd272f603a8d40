import Domain
import Postgres
import Store

/// The e-mails a studio job sends through the outbox when it ends: the video is ready, or the job
/// failed and the credits are back.
struct StudioMail {
    let publicURL: String

    /// Queues the mail for `jobID`'s end, in the caller's transaction (or alone).
    func jobEnded(jobID: Int, on database: Connection) throws {
        guard let job = try VideoJobStore().job(id: jobID, on: database), job.state.isFinal, job.state != .canceled,
            let email = try MemberStore().member(id: job.memberID, on: database)?.email
        else { return }
        let link = "\(publicURL)/studio/jobs/\(job.id)"
        if job.state == .succeeded {
            _ = try OutboxStore().enqueue(
                to: email, subject: "Your SoraShare video is ready",
                body: """
                    Hello,

                    Your \(job.seconds)-second video for \(job.platform.label) is ready. Watch it and download it here:

                    \(link)

                    We keep it for a limited time; download it if you want to keep it.
                    """, on: database)
        } else {
            _ = try OutboxStore().enqueue(
                to: email, subject: "Your SoraShare video could not be made",
                body: """
                    Hello,

                    We could not make your \(job.seconds)-second video for \(job.platform.label): \(job.failureMessage)

                    The \(job.credits) credit(s) it cost are back in your balance. The details are here:

                    \(link)
                    """, on: database)
        }
    }
}
