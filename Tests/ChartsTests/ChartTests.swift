import Testing

@testable import Charts

/// The SVG charts of /transparency: scaled to the largest value, an empty state, escaped text,
/// and the accessibility and phone-friendly attributes every chart carries.
struct ChartTests {
    static func chart(
        _ values: [[Int]], style: Chart.Style = .bars, series: [String] = ["Codes"], title: String = "Codes per day"
    )
        -> Chart
    {
        Chart(
            id: "codes", title: title, summary: "Codes handed out per day.", style: style, series: series,
            points: values.enumerated().map { Chart.Point(label: "d\($0.offset)", values: $0.element) })
    }

    /// The `height` attributes of the bars, in order.
    static func barHeights(_ svg: String) -> [Double] {
        svg.matches(of: /<rect class="bar" [^>]*height="([0-9.]+)"/).compactMap { Double($0.output.1) }
    }

    @Test func scaleIsARoundNumberAtOrAboveTheLargest() {
        #expect(
            [0, 1, 2, 3, 7, 10, 11, 99, 100, 101, 4000].map { ChartScale(largest: $0).maximum } == [
                1, 1, 2, 5, 10, 10, 20, 100, 100, 200, 5000,
            ])
        #expect(ChartScale(largest: 40).ticks == [0, 25, 50])
        #expect(ChartScale(largest: 1).ticks == [0, 1])
        #expect(ChartScale(largest: Int.max).maximum == Int.max, "no overflow at the top")
    }

    @Test func barsScaleToTheMaximum() {
        let svg = Self.chart([[10], [5], [0], [20]]).svg()
        let heights = Self.barHeights(svg)
        #expect(heights.count == 4)
        #expect(heights == [100, 50, 0, 200], "a plot 200 high, scale 0…20")
        #expect(svg.contains(">20</text>") && svg.contains(">10</text>") && svg.contains(">0</text>"), "ticks 0, 10, 20")
    }

    @Test func twoSeriesDrawSideBySideWithALegend() {
        let svg = Self.chart([[5, 2], [2, 1]], series: ["Owed", "Returned"]).svg()
        #expect(Self.barHeights(svg) == [200, 80, 80, 40])
        #expect(svg.contains(">Owed</text>") && svg.contains(">Returned</text>"))
        #expect(svg.contains("<title>d0, Returned: 2</title>"))
    }

    @Test func emptyDataDrawsTheEmptyState() {
        for values in [[], [[0], [0]]] {
            let svg = Self.chart(values).svg()
            #expect(svg.contains(#"<text class="chart-empty""#) && svg.contains(">No data yet</text>"))
            #expect(!svg.contains("class=\"bar\"") && !svg.contains("<polyline"))
            #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
        }
    }

    @Test func textIsEscaped() {
        let chart = Chart(
            id: "x\"><script>", title: "A <b> & \"c\"", summary: "it's <fine>", style: .line, series: ["s"],
            points: [.init(label: "<d>", values: [1])])
        let svg = chart.svg()
        #expect(!svg.contains("<b>") && !svg.contains("<script>") && !svg.contains("<d>") && !svg.contains("<fine>"))
        #expect(svg.contains("<title id=\"xscript-title\">A &lt;b&gt; &amp; &quot;c&quot;</title>"))
        #expect(svg.contains("<desc id=\"xscript-desc\">it&#39;s &lt;fine&gt;</desc>"))
        #expect(svg.contains(">&lt;d&gt;</text>"))
    }

    @Test func everyChartIsLabelledAndScalesToItsContainer() {
        for style in [Chart.Style.bars, .line] {
            let svg = Self.chart([[1], [3]], style: style).svg()
            #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="codes" viewBox="0 0 640 260" width="100%""#))
            #expect(svg.contains(#"role="img" aria-labelledby="codes-title codes-desc""#))
            #expect(svg.contains(#"<title id="codes-title">Codes per day</title><desc id="codes-desc">Codes handed out per day.</desc>"#))
        }
    }

    @Test func aLineGoesThroughEveryPoint() {
        let svg = Self.chart([[0], [5], [10]], style: .line).svg()
        let polyline = svg.firstMatch(of: /points="([^"]+)"/).map { String($0.output.1) }
        // Slots of 584 / 3 wide from x = 44; values 0, 5, 10 on a scale of 10, plot from y 24 to 224.
        #expect(polyline == "141.3,224 336,124 530.7,24")
        #expect(svg.matches(of: #/<circle /#).count == 3)
    }

    @Test func longSeriesLabelSomePointsIncludingTheLast() {
        let svg = Self.chart((0..<30).map { [$0] }).svg()
        let labels = svg.matches(of: />(d\d+)<\/text>/).map { String($0.output.1) }
        #expect(labels == ["d0", "d8", "d16", "d24", "d29"])
        #expect(Self.barHeights(svg).count == 30)
    }

    @Test func shortLabelsAreAllShownAndNoneRunsOffTheEdge() {
        let buckets = Chart(
            id: "waits", title: "Waits", summary: "Waits.", style: .bars, series: ["Codes"],
            points: ["< 1 h", "1–6 h", "6–24 h", "1–3 d", "3–7 d", "1–2 wk", "≥ 2 wk"].map { Chart.Point(label: $0, values: [1]) })
        #expect(buckets.svg().matches(of: #/text-anchor="middle" font-size="17" fill="#5b5d75">/#).count == 7, "every bucket named")
        let days = Self.chart((0..<30).map { [$0] })
        let last = days.svg().matches(of: /<text x="([0-9.]+)"[^>]*>d29<\/text>/).first.flatMap { Double($0.output.1) }
        #expect(last.map { $0 + Chart.textWidth("d29") / 2 <= Chart.width } == true)
    }

    @Test func axisValuesAreCompact() {
        #expect([0, 950, 1000, 2500, 50000, 1_200_000, -3000].map(SVGText.compact) == ["0", "950", "1k", "2.5k", "50k", "1.2M", "-3k"])
        #expect(Self.chart([[40000]]).svg().contains(">50k</text>"), "a tick of 50,000 fits the margin")
    }

    @Test func numbersAreShortAndLocaleFree() {
        #expect([0, 12, 12.25, 12.26, -0.5, .infinity].map(SVGText.number) == ["0", "12", "12.3", "12.3", "-0.5", "0"])
    }
}
