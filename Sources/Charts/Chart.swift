/// A chart of one or two series over labelled points (days, buckets, weeks), drawn by the server
/// as inline SVG (`svg()`, in Chart+SVG.swift): no script, a `<title>` and `<desc>` for screen
/// readers, and a `viewBox` with `width="100%"` so it scales down to a phone. The page shows the
/// same points as a table beside it.
public struct Chart: Sendable, Equatable {
    /// Bars (grouped when there are two series) or a line.
    public enum Style: Sendable, Equatable {
        case bars
        case line
    }

    /// One labelled point: a value per series.
    public struct Point: Sendable, Equatable {
        public let label: String
        public let values: [Int]

        public init(label: String, values: [Int]) {
            self.label = label
            self.values = values
        }
    }

    /// Makes the element ids of the SVG unique on the page (letters, digits and `-`).
    public let id: String
    public let title: String
    /// One sentence saying what the chart shows (its `<desc>`).
    public let summary: String
    public let style: Style
    /// The names of the series (one, or two for a legend).
    public let series: [String]
    public let points: [Point]
    /// What the chart says when there is nothing to draw.
    public let emptyText: String

    public init(
        id: String, title: String, summary: String, style: Style, series: [String], points: [Point],
        emptyText: String = "No data yet"
    ) {
        self.id = String(
            String.UnicodeScalarView(
                id.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }))
        self.title = title
        self.summary = summary
        self.style = style
        self.series = series
        self.points = points
        self.emptyText = emptyText
    }

    /// Nothing to draw: no points, or every value 0 or less.
    public var isEmpty: Bool { points.allSatisfy { $0.values.allSatisfy { $0 <= 0 } } }

    /// The largest value of any series.
    var largest: Int { points.flatMap(\.values).max() ?? 0 }
}
