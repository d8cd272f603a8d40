import Domain
import HTTP
import Postgres
import Store

/// `/admin`: the queue at a glance, pausing and resuming distribution, minting priority passes,
/// banning members, voiding codes, resolving invalid-code reports (with the reporter's and the
/// donor's histories), releasing quarantined donors, donors with invalid codes, and the audit log. Admins only; every action is audited in the transaction that does it.
enum AdminPages {
    /// `GET /admin[?minted=batch-…]`: with `minted`, the codes of that batch of passes (the answer
    /// to minting them, so that a reload shows them again and mints nothing).
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.requireAdmin()
        let minted = try request.query["minted"].map { try PassStore().codes(inBatch: $0, on: context.database) } ?? []
        var response = try page(context, minted: minted)
        if !minted.isEmpty { response.headers.set("Cache-Control", "no-store") }
        return response
    }

    /// `POST /admin/pause` (optional `reason`) and `POST /admin/resume`.
    @Sendable static func pause(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        let note = (try request.urlEncodedForm()["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = "paused by an admin" + (note.isEmpty ? "" : ": " + String(note.prefix(200)))
        return try audited("pause", by: admin, context) { database in
            try QueueControl().set(paused: true, reason: reason, on: database)
            return reason
        }
    }

    @Sendable static func resume(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        return try audited("resume", by: admin, context) { database in
            try QueueControl().set(paused: false, reason: "", on: database)
            return ""
        }
    }

    /// `POST /admin/members/ban` with `email` and `action` (`ban` or `unban`).
    @Sendable static func ban(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        let form = try request.urlEncodedForm()
        let email = try EmailAddress(form["email"] ?? "")
        guard let action = form["action"], ["ban", "unban"].contains(action) else {
            throw HTTPError.unprocessable(field: "action", message: "Choose whether to ban or unban.")
        }
        let log = context.resources.queueLog
        return try audited(action, by: admin, context) { database in
            try Moderation().setBanned(action == "ban", email: email, log: log, on: database)
            return email.value
        }
    }

    /// `POST /admin/codes/void` with `code` (the code's number, never the code itself).
    @Sendable static func voidCode(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        guard let codeID = Int(try request.urlEncodedForm()["code"] ?? "") else {
            throw HTTPError.unprocessable(field: "code", message: "Which code? Give its number from the list of codes.")
        }
        let log = try context.resources.requireQueueLog()
        return try audited("void code", by: admin, context) { database in
            let voided = try Moderation().void(codeID: codeID, log: log, on: database)
            return "code #\(codeID) "
                + (voided == .removedFromPool ? "removed from the pool" : "taken back; recipient back at the head of the queue")
        }
    }

    /// `POST /admin/reports/resolve` with `report` (the allocation's number) and `decision`
    /// (`upheld` or `dismissed`).
    @Sendable static func resolveReport(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        let form = try request.urlEncodedForm()
        guard let report = Int(form["report"] ?? "") else {
            throw HTTPError.unprocessable(field: "report", message: "Which report? Give its number.")
        }
        guard let decision = form["decision"], ["upheld", "dismissed"].contains(decision) else {
            throw HTTPError.unprocessable(field: "decision", message: "Uphold or dismiss the report.")
        }
        let log = try context.resources.requireQueueLog()
        return try audited("resolve report", by: admin, context) { database in
            try ReportStore().resolve(allocationID: report, upheld: decision == "upheld", adminID: admin.id, log: log, on: database)
            try Allocator(revealWindowSeconds: context.resources.configuration.revealWindowSeconds).allocate(log: log, on: database)
            return "report #\(report) \(decision)"
        }
    }

    /// `POST /admin/donors/release` with `donor` (the member's number): ends a donor's quarantine
    /// after review; their held codes enter the pool as the donor rules allow.
    @Sendable static func releaseDonor(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        guard let donor = Int(try request.urlEncodedForm()["donor"] ?? "") else {
            throw HTTPError.unprocessable(field: "donor", message: "Which donor? Give their number from the list.")
        }
        let log = try context.resources.requireQueueLog()
        let configuration = context.resources.configuration
        return try audited("release donor", by: admin, context) { database in
            try DonorStanding(rules: configuration.donorRules).release(donorID: donor, log: log, on: database)
            try Allocator(revealWindowSeconds: configuration.revealWindowSeconds).allocate(log: log, on: database)
            return "donor #\(donor) released from quarantine"
        }
    }

    /// Makes `change` and records `action` with the detail it returns in the audit log, in one
    /// transaction; then back to the admin page.
    private static func audited(
        _ action: String, by admin: Member, _ context: RequestContext, _ change: (Connection) throws -> String
    ) throws -> Response {
        try context.database.transaction { database in
            try AdminAudit().record(actorID: admin.id, action: action, detail: try change(database), on: database)
        }
        return .redirect(to: "/admin")
    }

    /// `POST /admin/passes` with `count` and `prefix`: mints a batch and answers 303 to
    /// `GET /admin?minted=<batch>`, which shows its codes.
    @Sendable static func mintPasses(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        let form = try request.urlEncodedForm()
        guard let count = Int(form["count"] ?? "") else {
            throw HTTPError.unprocessable(field: "count", message: "How many passes? Give a whole number.")
        }
        let minted = try context.database.transaction { database in
            let minted = try PassStore().mint(count: count, prefix: form["prefix"] ?? "", createdBy: admin.id, on: database)
            try AdminAudit().record(
                actorID: admin.id, action: "mint passes", detail: "\(minted.codes.count) in \(minted.batch)", on: database)
            return minted
        }
        return .redirect(to: "/admin?minted=\(minted.batch)")
    }

    private static func page(_ context: RequestContext, minted: [String]) throws -> Response {
        let database = context.database
        let overview = try QueueOverview(on: database)
        let configuration = context.resources.configuration
        let control = try QueueControl().state(on: database)
        let trust = try QueueControl().trustScore(days: configuration.trustWindowDays, on: database)
        let reports = try ReportStore().openReports(on: database)
        let deadLetters = try VideoJobQueue().deadLetters(limit: 20, on: database)
        let quarantined = try DonorStanding(rules: configuration.donorRules).quarantined(on: database)
        return try context.pages.render(
            AdminPage(
                laneHead: overview.waitingByLane[0], lanePremium: overview.waitingByLane[1], laneStandard: overview.waitingByLane[2],
                available: overview.availableCodes, live: overview.liveAllocations, trust: trust.value,
                threshold: configuration.trustThreshold, paused: control.paused, pausedReason: control.reason, minted: minted,
                hasMinted: !minted.isEmpty,
                nextInLine: overview.nextInLine.enumerated().map { place, entry in
                    AdminPage.Waiting(
                        place: place + 1, member: entry.member,
                        lane: entry.lane.label, score: entry.score, persona: entry.persona.rawValue, useCase: entry.useCase,
                        joined: entry.joinedAt)
                },
                reports: reports.map {
                    AdminPage.Report(
                        id: $0.allocationID, code: $0.codeID, donor: $0.donor, recipient: $0.recipient, at: $0.reportedAt,
                        reporterHistory: AdminPage.History($0.reporter), donorHistory: AdminPage.History($0.donorHistory))
                }, hasReports: !reports.isEmpty,
                quarantined: quarantined.map {
                    AdminPage.QuarantinedDonor(
                        id: $0.donorID, name: $0.name, since: $0.since, reason: $0.reason, donated: $0.record.donated,
                        worked: $0.record.worked, held: $0.record.held)
                }, hasQuarantined: !quarantined.isEmpty,
                deadLetters: deadLetters.map {
                    AdminPage.DeadLetter(
                        id: $0.id, memberID: $0.memberID, attempts: $0.attempts, reason: $0.failureMessage, created: $0.createdLabel)
                }, hasDeadLetters: !deadLetters.isEmpty,
                codes: overview.recentCodes.map {
                    AdminPage.Code(
                        id: $0.id, donor: $0.donor, status: $0.status, at: $0.donatedAt,
                        voidable: ["available", "allocated", "held"].contains($0.status))
                },
                donors: overview.donorsWithInvalidCodes.map { AdminPage.Donor(name: $0.name, invalid: $0.invalid, donated: $0.donated) },
                audit: try AdminAudit().recent(on: database).map {
                    AdminPage.AuditRow(at: $0.at, actor: $0.actor, action: $0.action, detail: $0.detail)
                }))
    }
}

extension AdminPage.History {
    init(_ history: ReportStore.History) {
        self.init(codes: history.codes, worked: history.worked, upheld: history.upheld, dismissed: history.dismissed, open: history.open)
    }
}
