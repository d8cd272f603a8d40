import Domain
import HTTP
import Store
import Templates

/// `/admin`: the queue at a glance, pausing and resuming distribution, minting priority passes,
/// donors with invalid codes, and the audit log. Admins only; every action is audited.
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
        try context.database.transaction { database in
            try QueueControl().set(paused: true, reason: reason, on: database)
            try AdminAudit().record(actorID: admin.id, action: "pause", detail: reason, on: database)
        }
        return .redirect(to: "/admin")
    }

    @Sendable static func resume(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        try context.database.transaction { database in
            try QueueControl().set(paused: false, reason: "", on: database)
            try AdminAudit().record(actorID: admin.id, action: "resume", detail: "", on: database)
        }
        return .redirect(to: "/admin")
    }

    /// `POST /admin/passes` with `count` and `prefix`: mints a batch and shows its codes once.
    @Sendable static func mintPasses(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        let form = try request.urlEncodedForm()
        guard let count = Int(form["count"] ?? "") else { throw DomainError.invalidField("How many passes? Give a whole number.") }
        let minted = try PassStore().mint(count: count, prefix: form["prefix"] ?? "", createdBy: admin.id, on: context.database)
        try AdminAudit().record(
            actorID: admin.id, action: "mint passes", detail: "\(minted.codes.count) in \(minted.batch)", on: context.database)
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
                "minted": .array(minted.map { .string($0) }), "has_minted": .bool(!minted.isEmpty),
                "audit": .array(
                    try AdminAudit().recent(on: database).map {
                        ["actor": .string($0.actor), "action": .string($0.action), "detail": .string($0.detail), "at": .string($0.at)]
                    }),
            ])
    }
}
