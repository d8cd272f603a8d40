import Postgres

/// The public figures of `/transparency` as the worker last computed them
/// (`TransparencyComputation`, db/migrations/0021): read from two small tables, so reading them
/// costs the same whatever the size of the queue and its log.
public struct TransparencyFigures: Sendable, Equatable {
    /// One bar or point of a chart: its label, its value and, for returns, what came back.
    public struct Point: Sendable, Equatable {
        public let label: String
        public let value: Int
        public let second: Int

        public init(label: String, value: Int, second: Int = 0) {
            self.label = label
            self.value = value
            self.second = second
        }
    }

    /// When the worker computed them (`2026-11-23 10:00 UTC`).
    public let computedAt: String
    /// Members waiting now in the head, premium and standard lanes.
    public let waitingHead: Int
    public let waitingPremium: Int
    public let waitingStandard: Int
    /// Codes donated, ever and over the last 7 days.
    public let codesDonated: Int
    public let codesDonated7Days: Int
    /// Codes handed out today (UTC), over the last 7 and 30 days.
    public let allocationsToday: Int
    public let allocations7Days: Int
    public let allocations30Days: Int
    /// Median and 90th percentile of the wait from joining to allocation, in seconds, over the
    /// allocations of the last 30 days; nil without any.
    public let waitMedianSeconds: Int?
    public let waitP90Seconds: Int?
    /// Obligations that fell due in the last 30 days: codes owed, codes returned.
    public let returnsOwed: Int
    public let returnsReturned: Int
    /// Reports of the last 30 days, and those saying the code was invalid (not dismissed).
    public let reports: Int
    public let reportsInvalid: Int
    /// The quality gate's trust score (0–100) over its window.
    public let trustScore: Int
    /// Whether distribution is paused, and why in public words ("" when it is not).
    public let paused: Bool
    public let pausedReason: String
    /// Members whose premium is running now.
    public let premiumMembers: Int
    /// Priority passes redeemed, ever.
    public let passesRedeemed: Int
    /// Members waiting at the end of each of the last 30 days (UTC), oldest first.
    public let waitingByDay: [Point]
    /// Codes handed out on each of the last 30 days, oldest first.
    public let allocationsByDay: [Point]
    /// Allocations of the last 30 days by wait, shortest first.
    public let waitHistogram: [Point]
    /// Per week an obligation was created (last 8 weeks): owed (`value`) and returned (`second`).
    public let returnsByWeek: [Point]

    /// Everyone waiting, all lanes.
    public var waiting: Int { waitingHead + waitingPremium + waitingStandard }

    /// Codes returned ÷ codes owed, for obligations that fell due in the last 30 days; nil when
    /// none did.
    public var returnRate: Double? { returnsOwed > 0 ? min(1, Double(returnsReturned) / Double(returnsOwed)) : nil }

    /// Invalid reports ÷ reports over the last 30 days; nil without reports.
    public var invalidRate: Double? { reports > 0 ? Double(reportsInvalid) / Double(reports) : nil }

    /// The latest figures, or nil before the worker's first computation.
    public static func latest(on database: Connection) throws -> TransparencyFigures? {
        guard
            let row = try database.query(
                "SELECT *, \(unsafeSQL: SQLTime.minute("computed_at")) AS computed FROM transparency_stats"
            ).first
        else { return nil }
        var series: [String: [Point]] = [:]
        for point in try database.query("SELECT series, label, value, second FROM transparency_series ORDER BY series, position") {
            series[try point.decode(String.self, "series"), default: []].append(
                Point(
                    label: try point.decode(String.self, "label"), value: try point.decode(Int.self, "value"),
                    second: try point.decode(Int.self, "second")))
        }
        return TransparencyFigures(
            computedAt: try row.decode(String.self, "computed"), waitingHead: try row.decode(Int.self, "waiting_head"),
            waitingPremium: try row.decode(Int.self, "waiting_premium"), waitingStandard: try row.decode(Int.self, "waiting_standard"),
            codesDonated: try row.decode(Int.self, "codes_donated"), codesDonated7Days: try row.decode(Int.self, "codes_donated_7d"),
            allocationsToday: try row.decode(Int.self, "allocations_today"), allocations7Days: try row.decode(Int.self, "allocations_7d"),
            allocations30Days: try row.decode(Int.self, "allocations_30d"),
            waitMedianSeconds: try row.decodeIfPresent(Int.self, "wait_median_seconds"),
            waitP90Seconds: try row.decodeIfPresent(Int.self, "wait_p90_seconds"), returnsOwed: try row.decode(Int.self, "returns_owed"),
            returnsReturned: try row.decode(Int.self, "returns_returned"), reports: try row.decode(Int.self, "reports"),
            reportsInvalid: try row.decode(Int.self, "reports_invalid"), trustScore: try row.decode(Int.self, "trust_score"),
            paused: try row.decode(Bool.self, "paused"), pausedReason: try row.decode(String.self, "paused_reason"),
            premiumMembers: try row.decode(Int.self, "premium_members"), passesRedeemed: try row.decode(Int.self, "passes_redeemed"),
            waitingByDay: series["waiting"] ?? [], allocationsByDay: series["allocations"] ?? [], waitHistogram: series["wait"] ?? [],
            returnsByWeek: series["returns"] ?? [])
    }

    /// The landing page's three figures (everyone waiting, codes handed out in 30 days, the median
    /// wait in seconds), without the charts' points; nil before the worker's first computation.
    public static func headline(on database: Connection) throws -> (waiting: Int, allocations30Days: Int, waitMedianSeconds: Int?)? {
        guard
            let row = try database.query(
                """
                SELECT waiting_head + waiting_premium + waiting_standard AS waiting, allocations_30d, wait_median_seconds
                FROM transparency_stats
                """
            ).first
        else { return nil }
        return (
            try row.decode(Int.self, "waiting"), try row.decode(Int.self, "allocations_30d"),
            try row.decodeIfPresent(Int.self, "wait_median_seconds")
        )
    }

    /// The figures as they are (tests compare a computation with direct counts through this).
    public init(
        computedAt: String, waitingHead: Int, waitingPremium: Int, waitingStandard: Int, codesDonated: Int, codesDonated7Days: Int,
        allocationsToday: Int, allocations7Days: Int, allocations30Days: Int, waitMedianSeconds: Int?, waitP90Seconds: Int?,
        returnsOwed: Int, returnsReturned: Int, reports: Int, reportsInvalid: Int, trustScore: Int, paused: Bool, pausedReason: String,
        premiumMembers: Int, passesRedeemed: Int, waitingByDay: [Point], allocationsByDay: [Point], waitHistogram: [Point],
        returnsByWeek: [Point]
    ) {
        self.computedAt = computedAt
        self.waitingHead = waitingHead
        self.waitingPremium = waitingPremium
        self.waitingStandard = waitingStandard
        self.codesDonated = codesDonated
        self.codesDonated7Days = codesDonated7Days
        self.allocationsToday = allocationsToday
        self.allocations7Days = allocations7Days
        self.allocations30Days = allocations30Days
        self.waitMedianSeconds = waitMedianSeconds
        self.waitP90Seconds = waitP90Seconds
        self.returnsOwed = returnsOwed
        self.returnsReturned = returnsReturned
        self.reports = reports
        self.reportsInvalid = reportsInvalid
        self.trustScore = trustScore
        self.paused = paused
        self.pausedReason = pausedReason
        self.premiumMembers = premiumMembers
        self.passesRedeemed = passesRedeemed
        self.waitingByDay = waitingByDay
        self.allocationsByDay = allocationsByDay
        self.waitHistogram = waitHistogram
        self.returnsByWeek = returnsByWeek
    }
}
