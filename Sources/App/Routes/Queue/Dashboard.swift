import Cryptography
import Domain
import HTTP
import Store
import Templates

/// The member's dashboard: join the queue, see the place and the estimated wait, leave.
enum Dashboard {
    /// `GET /dashboard`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        let status = try QueueStatus(access, context)
        let held = try AllocationStore().held(memberID: access.member.id, on: context.database)
        let owed = try ReturnStore().owed(memberID: access.member.id, on: context.database)
        let control = try QueueControl().state(on: context.database)  // fresh: the cached copy is for the landing page
        let personas: [MustacheValue] = QueueEntry.Persona.allCases.map { ["value": .string($0.rawValue), "label": .string($0.label)] }
        return try context.pages.page(
            "dashboard", title: "Your dashboard",
            values: [
                "in_queue": .bool(status.entry != nil), "waiting": .bool(status.position != nil),
                "position": .int(status.position ?? 0), "queue_length": .int(status.waiting), "estimate": .string(status.estimate.text),
                "use_case": .string(status.entry?.useCase ?? ""), "personas": .array(personas),
                "scored": .bool(context.resources.configuration.queuePolicy != .firstComeFirstServed),
                "score": .int(status.entry?.score ?? 0), "lane_label": .string(Self.laneLabel(status.entry?.lane)),
                "paused": .bool(control.paused), "paused_reason": .string(control.reason),
                "viewer_is_admin": .bool(access.member.role == .admin),
                "owes": .bool(owed != nil), "owed_codes": .int(owed?.codes ?? 0), "owed_due": .string(owed?.dueAt ?? ""),
                "owed_overdue": .bool(owed?.overdue ?? false),
                "allocated": .bool(held != nil), "revealed": .bool(held?.revealed ?? false), "reveal_by": .string(held?.revealBy ?? ""),
            ])
    }

    /// Which lane the member waits in, in words (nothing for the standard lane).
    private static func laneLabel(_ lane: QueueEntry.Lane?) -> String {
        switch lane {
        case .head: "You are in the head lane (a priority pass, or your last code was invalid): served before everyone else."
        case .premium: "You are in the premium lane: served before members without premium."
        case .standard, nil: ""
        }
    }

    /// `GET /queue/status.json`: the same figures for the page's polling. Answers 304 when
    /// nothing changed since the ETag the browser holds.
    @Sendable static func statusJSON(_ request: Request, _ context: RequestContext) throws -> Response {
        let status = try QueueStatus(try QueueAccess(context), context)
        var response = Response.json(status.json)
        let etag = "\"" + Hex.encode(try SHA256.hash(response.body).prefix(16)) + "\""
        response.headers.set("ETag", etag)
        response.headers.set("Cache-Control", "private, no-cache")
        if request.headers["If-None-Match"] == etag {
            response.status = .notModified
            response.body = []
        }
        return response
    }

    /// `POST /queue/join`
    @Sendable static func join(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        let form = try request.urlEncodedForm()
        let useCase = (form["use_case"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(useCase.count) else {
            throw DomainError.invalidField("Tell us in a few words (up to 500 characters) what you want to make with Sora.")
        }
        guard let persona = form["persona"].flatMap(QueueEntry.Persona.init(rawValue:)) else {
            throw DomainError.invalidField("Choose what describes you best.")
        }
        _ = try QueueStore().join(
            member: access.member, useCase: useCase, persona: persona, policy: context.resources.configuration.queuePolicy,
            log: access.log, on: context.database)
        return .redirect(to: "/dashboard")
    }

    /// `POST /queue/leave`
    @Sendable static func leave(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        try QueueStore().leave(memberID: access.member.id, log: access.log, on: context.database)
        return .redirect(to: "/dashboard")
    }
}

/// Where a member stands, for the page and the JSON.
struct QueueStatus {
    /// The window the wait estimate is measured over.
    static let rateWindowSeconds = 7 * 86400
    let entry: QueueEntry?
    let position: Int?
    let waiting: Int
    let estimate: WaitEstimate

    init(_ access: QueueAccess, _ context: RequestContext) throws {
        let queue = QueueStore()
        entry = try queue.activeEntry(memberID: access.member.id, on: context.database)
        position = try entry.flatMap { try queue.position(entryID: $0.id, on: context.database) }
        waiting = try queue.waitingCount(on: context.database)
        if let position {
            // A database failure here is a 503 like any other, not a silent "unknown".
            let allocations = try queue.allocationsSince(seconds: Self.rateWindowSeconds, on: context.database)
            estimate = WaitEstimate(position: position, allocations: allocations, windowSeconds: Self.rateWindowSeconds)
        } else {
            estimate = .unknown
        }
    }

    var json: JSONValue {
        var estimateSeconds: JSONValue = .null
        if case .seconds(let seconds) = estimate { estimateSeconds = .int(seconds) }
        return [
            "status": .string(entry?.status.rawValue ?? "none"), "position": position.map { .int($0) } ?? .null, "waiting": .int(waiting),
            "estimate_seconds": estimateSeconds, "estimate": .string(estimate.text),
        ]
    }
}
