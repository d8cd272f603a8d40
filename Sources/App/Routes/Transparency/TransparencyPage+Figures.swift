import Store

extension TransparencyPage {
    /// The page before the worker's first computation: a note, no figures.
    static let computing = TransparencyPage(computed: false, computedAt: "", paused: false, pausedReason: "", sections: [], charts: [])

    /// The page for `figures`: the figures in sections, and the charts with their tables.
    init(_ figures: TransparencyFigures) {
        let median = figures.waitMedianSeconds.map(TransparencyText.duration(seconds:)) ?? "no allocations yet"
        let p90 = figures.waitP90Seconds.map(TransparencyText.duration(seconds:)) ?? "no allocations yet"
        let returnDetail =
            figures.returnsOwed > 0 ? "\(figures.returnsReturned) of \(figures.returnsOwed) codes owed (due in the last 30 days)" : ""
        let invalidDetail = figures.reports > 0 ? "\(figures.reportsInvalid) of \(figures.reports) reports (last 30 days)" : ""
        self.init(
            computed: true, computedAt: figures.computedAt, paused: figures.paused, pausedReason: figures.pausedReason,
            sections: [
                Section(
                    title: "The queue",
                    figures: [
                        Figure(id: "waiting", label: "Members waiting", value: String(figures.waiting), detail: ""),
                        Figure(
                            id: "waiting-head", label: "Head lane", value: String(figures.waitingHead),
                            detail: "priority passes and upheld reports"),
                        Figure(id: "waiting-premium", label: "Premium lane", value: String(figures.waitingPremium), detail: ""),
                        Figure(id: "waiting-standard", label: "Standard lane", value: String(figures.waitingStandard), detail: ""),
                        Figure(id: "wait-median", label: "Median wait", value: median, detail: "from joining to a code, last 30 days"),
                        Figure(id: "wait-p90", label: "90% waited at most", value: p90, detail: "last 30 days"),
                    ]),
                Section(
                    title: "Codes",
                    figures: [
                        Figure(id: "codes-donated", label: "Codes donated", value: String(figures.codesDonated), detail: "all time"),
                        Figure(
                            id: "codes-donated-7d", label: "Donated this week", value: String(figures.codesDonated7Days),
                            detail: "last 7 days"),
                        Figure(
                            id: "allocations-today", label: "Handed out today", value: String(figures.allocationsToday),
                            detail: "since 00:00 UTC"),
                        Figure(id: "allocations-7d", label: "Handed out, 7 days", value: String(figures.allocations7Days), detail: ""),
                        Figure(id: "allocations-30d", label: "Handed out, 30 days", value: String(figures.allocations30Days), detail: ""),
                    ]),
                Section(
                    title: "Trust",
                    figures: [
                        Figure(
                            id: "trust-score", label: "Trust score", value: "\(figures.trustScore)/100",
                            detail: "distribution pauses by itself when it falls too low"),
                        Figure(id: "distribution", label: "Distribution", value: figures.paused ? "paused" : "running", detail: ""),
                        Figure(
                            id: "return-rate", label: "Return rate", value: TransparencyText.percent(figures.returnRate),
                            detail: returnDetail),
                        Figure(
                            id: "invalid-rate", label: "Codes reported invalid", value: TransparencyText.percent(figures.invalidRate),
                            detail: invalidDetail),
                        Figure(id: "premium-members", label: "Premium members", value: String(figures.premiumMembers), detail: ""),
                        Figure(
                            id: "passes-redeemed", label: "Priority passes redeemed", value: String(figures.passesRedeemed),
                            detail: "all time"),
                    ]),
            ],
            charts: TransparencyCharts.all(figures).map { drawn in
                ChartView(
                    id: drawn.chart.id, title: drawn.chart.title, summary: drawn.chart.summary, svg: drawn.chart.svg(),
                    columns: drawn.columns.map(Column.init(name:)),
                    rows: drawn.rows.map { TableRow(cells: $0.map(Cell.init(text:))) })
            })
    }
}
