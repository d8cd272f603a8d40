import Charts
import Store

/// The four charts of /transparency from the computed figures, each with the table of its data
/// (the same numbers, for people who cannot see the chart and for checking it).
enum TransparencyCharts {
    /// A chart and its table: column names, then one row of cells per point.
    struct Drawn {
        let chart: Chart
        let columns: [String]
        let rows: [[String]]
    }

    static func all(_ figures: TransparencyFigures) -> [Drawn] {
        [waiting(figures), allocations(figures), waits(figures), returns(figures)]
    }

    static func waiting(_ figures: TransparencyFigures) -> Drawn {
        let peak = figures.waitingByDay.map(\.value).max() ?? 0
        return daily(
            figures.waitingByDay, id: "chart-waiting", title: "Members waiting, last 30 days",
            summary: "Members waiting at the end of each day (UTC) over the last 30 days: \(figures.waiting) now, "
                + "at most \(peak) on one day.",
            style: .line, name: "Members waiting", seriesName: "Waiting", emptyText: "Nobody has waited in the last 30 days")
    }

    static func allocations(_ figures: TransparencyFigures) -> Drawn {
        daily(
            figures.allocationsByDay, id: "chart-allocations", title: "Codes handed out per day",
            summary: "Codes handed out on each of the last 30 days (UTC): \(figures.allocations30Days) in all, "
                + "\(figures.allocationsToday) today.",
            style: .bars, name: "Codes handed out", seriesName: "Codes handed out",
            emptyText: "No codes handed out in the last 30 days")
    }

    /// A chart of one value per day (UTC), with its table (the day, then `name`).
    private static func daily(
        _ series: [TransparencyFigures.Point], id: String, title: String, summary: String, style: Chart.Style, name: String,
        seriesName: String, emptyText: String
    ) -> Drawn {
        Drawn(
            chart: Chart(
                id: id, title: title, summary: summary, style: style, series: [seriesName],
                points: series.map { Chart.Point(label: TransparencyText.shortDay($0.label), values: [$0.value]) },
                emptyText: emptyText),
            columns: ["Day (UTC)", name], rows: series.map { [$0.label, String($0.value)] })
    }

    static func waits(_ figures: TransparencyFigures) -> Drawn {
        let series = figures.waitHistogram
        let median = figures.waitMedianSeconds.map(TransparencyText.duration(seconds:)) ?? "unknown"
        return Drawn(
            chart: Chart(
                id: "chart-waits", title: "How long members waited",
                summary: "Codes handed out in the last 30 days by how long their recipient had waited since joining: "
                    + "\(TransparencyText.count(figures.allocations30Days, "code", "codes")), median wait \(median).",
                style: .bars, series: ["Codes handed out"],
                points: series.map { Chart.Point(label: $0.label, values: [$0.value]) },
                emptyText: "No codes handed out in the last 30 days"),
            columns: ["Wait", "Codes handed out"], rows: series.map { [$0.label, String($0.value)] })
    }

    static func returns(_ figures: TransparencyFigures) -> Drawn {
        let series = figures.returnsByWeek
        let owed = series.reduce(0) { $0 + $1.value }
        let returned = series.reduce(0) { $0 + $1.second }
        return Drawn(
            chart: Chart(
                id: "chart-returns", title: "Codes returned against codes owed",
                summary: "Members whose code worked owe codes back. By the week the obligation began (last 8 weeks): "
                    + "\(TransparencyText.count(owed, "code", "codes")) owed, \(returned) returned so far.",
                style: .bars, series: ["Owed", "Returned"],
                points: series.map { Chart.Point(label: TransparencyText.shortDay($0.label), values: [$0.value, $0.second]) },
                emptyText: "Nobody has owed codes in the last 8 weeks"),
            columns: ["Week from (UTC)", "Codes owed", "Codes returned"],
            rows: series.map { [$0.label, String($0.value), String($0.second)] })
    }
}
