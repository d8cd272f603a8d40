import HTTP
import Store

extension TransparencyFigures {
    /// `/transparency/stats.json`: every figure and every chart's data, times in UTC, waits in
    /// seconds, shares from 0 to 1 (null when there is nothing to divide).
    var json: JSONValue {
        [
            "status": "ok",
            "computed_at": .string(computedAt),
            "waiting": [
                "head": .int(waitingHead), "premium": .int(waitingPremium), "standard": .int(waitingStandard), "total": .int(waiting),
            ],
            "codes_donated": ["all_time": .int(codesDonated), "last_7_days": .int(codesDonated7Days)],
            "allocations": [
                "today": .int(allocationsToday), "last_7_days": .int(allocations7Days), "last_30_days": .int(allocations30Days),
            ],
            "wait_seconds_30_days": [
                "median": waitMedianSeconds.map(JSONValue.int) ?? .null, "p90": waitP90Seconds.map(JSONValue.int) ?? .null,
            ],
            "returns_due_30_days": [
                "owed": .int(returnsOwed), "returned": .int(returnsReturned), "rate": returnRate.map(JSONValue.double) ?? .null,
            ],
            "reports_30_days": [
                "all": .int(reports), "invalid": .int(reportsInvalid), "invalid_rate": invalidRate.map(JSONValue.double) ?? .null,
            ],
            "trust_score": .int(trustScore),
            "paused": .bool(paused),
            "paused_reason": .string(pausedReason),
            "premium_members": .int(premiumMembers),
            "passes_redeemed": .int(passesRedeemed),
            "series": [
                "waiting_by_day": .array(waitingByDay.map { ["day": .string($0.label), "members": .int($0.value)] }),
                "allocations_by_day": .array(allocationsByDay.map { ["day": .string($0.label), "codes": .int($0.value)] }),
                "wait_histogram": .array(waitHistogram.map { ["wait": .string($0.label), "codes": .int($0.value)] }),
                "returns_by_week": .array(
                    returnsByWeek.map { ["week": .string($0.label), "owed": .int($0.value), "returned": .int($0.second)] }),
            ],
        ]
    }

    /// What `/transparency/stats.json` says before the worker's first computation.
    static let computingJSON: JSONValue = ["status": "computing", "computed_at": nil]
}
