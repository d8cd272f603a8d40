import Cryptography
import Domain
import HTTP
import Store

/// The member's dashboard: join the queue, see the place and the estimated wait, leave.
enum Dashboard {
    /// `GET /dashboard`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context)
    }

    /// The dashboard; with `passError`, the pass code the member typed is shown back with why it
    /// was refused, next to its field (answered with status `answer`).
    static func render(
        _ context: RequestContext, passCode: String = "", passError: String? = nil, answer: HTTPStatus = .ok
    ) throws
        -> Response
    {
        let access = try QueueAccess(context)
        let status = try QueueStatus(access, context)
        let held = try AllocationStore().held(memberID: access.member.id, on: context.database)
        let owed = try ReturnStore().owed(memberID: access.member.id, on: context.database)
        let control = try QueueControl().state(on: context.database)  // fresh: the cached copy is for the landing page
        var page =
            DashboardPage(
                paused: control.paused, pausedReason: control.reason, viewerIsAdmin: access.member.role == .admin, owes: owed != nil,
                owedCodes: owed?.codes ?? 0, owedDue: owed?.dueAt ?? "", owedOverdue: owed?.overdue ?? false, inQueue: status.entry != nil,
                waiting: status.position != nil, position: status.position ?? 0, queueLength: status.waiting,
                estimate: status.estimate.text,
                useCase: status.entry?.useCase ?? "", scored: context.resources.configuration.queuePolicy != .firstComeFirstServed,
                score: status.entry?.score ?? 0, laneLabel: Self.laneLabel(status.entry?.lane),
                reportPending: try ReportStore().hasOpenReport(memberID: access.member.id, on: context.database), allocated: held != nil,
                revealed: held?.revealed ?? false, revealBy: held?.revealBy ?? "",
                personas: QueueEntry.Persona.allCases.map { DashboardPage.Option(value: $0.rawValue, label: $0.label) })
        page.passCode = passCode
        page.passError = passError
        return try context.pages.render(page, status: answer)
    }

    /// Which lane the member waits in, in words (nothing for the standard lane).
    private static func laneLabel(_ lane: QueueEntry.Lane?) -> String {
        switch lane {
        case .head: "You are in the head lane (a priority pass, or your report of an invalid code was upheld): served before everyone else."
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
            throw HTTPError.unprocessable(
                field: "use_case", message: "Tell us in a few words (up to 500 characters) what you want to make with Sora.")
        }
        guard let persona = form["persona"].flatMap(QueueEntry.Persona.init(rawValue:)) else {
            throw HTTPError.unprocessable(field: "persona", message: "Choose what describes you best.")
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
