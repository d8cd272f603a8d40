import Domain
import HTTP
import Postgres
import Store
import Templates

/// `/admin`: the queue at a glance, pausing and resuming distribution, minting priority passes,
/// banning members, voiding codes, resolving invalid-code reports, donors with invalid codes, and
/// the audit log. Admins only; every action is audited in the transaction that does it.
enum AdminPages {
    /// `GET /admin`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.requireAdmin()
        return try page(context, minted: [])
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
            throw DomainError.invalidField("Choose whether to ban or unban.")
        }
        let log = try context.resources.requireQueueLog()
        return try audited(action, by: admin, context) { database in
            try Moderation().setBanned(action == "ban", email: email, log: log, on: database)
            return email.value
        }
    }

    /// `POST /admin/codes/void` with `code` (the code's number, never the code itself).
    @Sendable static func voidCode(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        guard let codeID = Int(try request.urlEncodedForm()["code"] ?? "") else {
            throw DomainError.invalidField("Which code? Give its number from the list of codes.")
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
        guard let report = Int(form["report"] ?? "") else { throw DomainError.invalidField("Which report? Give its number.") }
        guard let decision = form["decision"], ["upheld", "dismissed"].contains(decision) else {
            throw DomainError.invalidField("Uphold or dismiss the report.")
        }
        return try audited("resolve report", by: admin, context) { database in
            try Moderation().resolveReport(allocationID: report, upheld: decision == "upheld", adminID: admin.id, on: database)
            return "report #\(report) \(decision)"
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

    /// `POST /admin/passes` with `count` and `prefix`: mints a batch and shows its codes once.
    @Sendable static func mintPasses(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        let form = try request.urlEncodedForm()
        guard let count = Int(form["count"] ?? "") else { throw DomainError.invalidField("How many passes? Give a whole number.") }
        let minted = try context.database.transaction { database in
            let minted = try PassStore().mint(count: count, prefix: form["prefix"] ?? "", createdBy: admin.id, on: database)
            try AdminAudit().record(
                actorID: admin.id, action: "mint passes", detail: "\(minted.codes.count) in \(minted.batch)", on: database)
            return minted
        }
        var response = try page(context, minted: minted.codes)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    private static func page(_ context: RequestContext, minted: [String]) throws -> Response {
        let database = context.database
        let overview = try QueueOverview(on: database)
        let configuration = context.resources.configuration
        let control = try QueueControl().state(on: database)
        let trust = try QueueControl().trustScore(days: configuration.trustWindowDays, on: database)
        let reports = try Moderation().openReports(on: database)
        return try context.pages.page(
            "admin", title: "Admin",
            values: [
                "paused": .bool(control.paused), "paused_reason": .string(control.reason),
                "lane_head": .int(overview.waitingByLane[0]), "lane_premium": .int(overview.waitingByLane[1]),
                "lane_standard": .int(overview.waitingByLane[2]), "available": .int(overview.availableCodes),
                "live": .int(overview.liveAllocations), "trust": .int(trust.value), "threshold": .int(configuration.trustThreshold),
                "donors": .array(
                    overview.donorsWithInvalidCodes.map {
                        ["name": .string($0.name), "invalid": .int($0.invalid), "donated": .int($0.donated)]
                    }),
                "next_in_line": .array(
                    overview.nextInLine.enumerated().map { place, entry in
                        [
                            "place": .int(place + 1), "member": .string(entry.member),
                            "lane": .string(QueueEntry.Lane(rawValue: entry.lane).map(\.label) ?? "lane \(entry.lane)"),
                            "score": .int(entry.score), "persona": .string(entry.persona), "use_case": .string(entry.useCase),
                            "joined": .string(entry.joinedAt),
                        ]
                    }),
                "has_reports": .bool(!reports.isEmpty),
                "reports": .array(
                    reports.map {
                        [
                            "id": .int($0.allocationID), "code": .int($0.codeID), "donor": .string($0.donor),
                            "recipient": .string($0.recipient), "at": .string($0.reportedAt), "other_invalid": .int($0.donorOtherInvalid),
                        ]
                    }),
                "codes": .array(
                    overview.recentCodes.map {
                        [
                            "id": .int($0.id), "donor": .string($0.donor), "status": .string($0.status), "at": .string($0.donatedAt),
                            "voidable": .bool($0.status == "available" || $0.status == "allocated"),
                        ]
                    }),
                "minted": .array(minted.map { .string($0) }), "has_minted": .bool(!minted.isEmpty),
                "audit": .array(
                    try AdminAudit().recent(on: database).map {
                        ["actor": .string($0.actor), "action": .string($0.action), "detail": .string($0.detail), "at": .string($0.at)]
                    }),
            ])
    }
}
