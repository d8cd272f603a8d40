/// Drawing a chart as SVG markup.
extension Chart {
    /// The drawing's coordinate system (the `viewBox`); the browser scales it to the width.
    static let width = 640.0
    static let height = 260.0
    /// Room for the value axis (left), the legend (top) and the labels (bottom).
    static let left = 44.0
    static let right = 12.0
    static let top = 24.0
    static let bottom = 36.0
    /// At most this many labels under the points, evenly spaced (the first and last always).
    static let maximumLabels = 5
    /// The size of every text, in the drawing's units (about half that on a phone's screen).
    static let fontSize = 17.0
    /// The fills of the first and second series.
    static let colours = ["#3b3dbf", "#e0892b"]

    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    /// The chart as one `<svg>` element, with every text escaped.
    public func svg() -> String {
        let titleID = "\(id)-title"
        let descriptionID = "\(id)-desc"
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" id="\(id)" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" \
            width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="\(titleID) \(descriptionID)">\
            <title id="\(titleID)">\(SVGText.escape(title))</title><desc id="\(descriptionID)">\(SVGText.escape(summary))</desc>
            """
        svg += axes()
        if isEmpty {
            svg += """
                <text class="chart-empty" x="\(SVGText.number(Self.left + Self.plotWidth / 2))" \
                y="\(SVGText.number(Self.top + Self.plotHeight / 2))" text-anchor="middle" font-size="16" \
                fill="#5b5d75">\(SVGText.escape(emptyText))</text>
                """
        } else {
            svg += style == .bars ? bars() : line()
            svg += labels()
        }
        if series.count > 1 { svg += legend() }
        return svg + "</svg>"
    }

    /// The scale every value is drawn against.
    var scale: ChartScale { ChartScale(largest: largest) }

    /// The width of one point's slot.
    var slot: Double { Self.plotWidth / Double(max(points.count, 1)) }

    /// The y coordinate of `value`.
    func y(_ value: Int) -> Double { Self.top + Self.plotHeight * (1 - scale.fraction(value)) }

    /// The baseline, and the value axis with its ticks (only 0 in the empty state).
    private func axes() -> String {
        var svg = ""
        for tick in isEmpty ? [0] : scale.ticks {
            let at = SVGText.number(y(tick))
            svg += """
                <line x1="\(SVGText.number(Self.left))" y1="\(at)" x2="\(SVGText.number(Self.width - Self.right))" y2="\(at)" \
                stroke="#dcdcea" stroke-width="1"/><text x="\(SVGText.number(Self.left - 6))" y="\(at)" text-anchor="end" \
                dominant-baseline="middle" font-size="\(SVGText.number(Self.fontSize))" fill="#5b5d75">\(SVGText.compact(tick))</text>
                """
        }
        return svg
    }

    /// One bar per point and series, side by side within the point's slot, each with a tooltip.
    private func bars() -> String {
        let group = slot * 0.8
        let barWidth = group / Double(max(series.count, 1))
        var svg = ""
        for (index, point) in points.enumerated() {
            for (number, value) in point.values.enumerated() where number < series.count {
                let x = Self.left + slot * Double(index) + (slot - group) / 2 + barWidth * Double(number)
                let top = y(value)
                svg += """
                    <rect class="bar" x="\(SVGText.number(x))" y="\(SVGText.number(top))" width="\(SVGText.number(barWidth))" \
                    height="\(SVGText.number(Self.top + Self.plotHeight - top))" fill="\(Self.colours[number % Self.colours.count])">\
                    <title>\(SVGText.escape(tooltip(point, number, value)))</title></rect>
                    """
            }
        }
        return svg
    }

    /// A polyline through the first series, with a dot (and its tooltip) on each point.
    private func line() -> String {
        let coordinates = points.enumerated().map { index, point in
            (Self.left + slot * (Double(index) + 0.5), y(point.values.first ?? 0))
        }
        var svg = """
            <polyline class="line" fill="none" stroke="\(Self.colours[0])" stroke-width="2.5" stroke-linejoin="round" \
            points="\(coordinates.map { "\(SVGText.number($0.0)),\(SVGText.number($0.1))" }.joined(separator: " "))"/>
            """
        for (point, (x, y)) in zip(points, coordinates) {
            svg += """
                <circle class="dot" cx="\(SVGText.number(x))" cy="\(SVGText.number(y))" r="3" fill="\(Self.colours[0])">\
                <title>\(SVGText.escape(tooltip(point, 0, point.values.first ?? 0)))</title></circle>
                """
        }
        return svg
    }

    /// Labels under the points: all when each fits its slot (a histogram's buckets), else at most
    /// `maximumLabels`, evenly spaced with the first and the last (days); none runs off the edge.
    private func labels() -> String {
        let count = points.count
        let widest = points.map { Self.textWidth($0.label) }.max() ?? 0
        let step = widest <= slot * 0.9 ? 1 : max(1, Int((Double(count - 1) / Double(Self.maximumLabels - 1)).rounded(.up)))
        var shown = Array(stride(from: 0, to: count, by: step))
        if let last = shown.last, last != count - 1 {
            if count - 1 - last < (step + 1) / 2, shown.count > 1 { shown.removeLast() }
            shown.append(count - 1)
        }
        return shown.map { index in
            let half = Self.textWidth(points[index].label) / 2
            let centre = min(max(Self.left + slot * (Double(index) + 0.5), half + 2), Self.width - half - 2)
            return """
                <text x="\(SVGText.number(centre))" y="\(SVGText.number(Self.height - Self.bottom + 18))" \
                text-anchor="middle" font-size="\(SVGText.number(Self.fontSize))" fill="#5b5d75">\(SVGText.escape(points[index].label))</text>
                """
        }.joined()
    }

    /// About how wide `text` is at `fontSize` (an average glyph of 0.56 em).
    static func textWidth(_ text: String) -> Double { Double(text.count) * fontSize * 0.56 }

    /// Which colour is which series, above the plot.
    private func legend() -> String {
        var x = Self.left
        var svg = ""
        for (number, name) in series.enumerated() {
            svg += """
                <rect x="\(SVGText.number(x))" y="3" width="14" height="14" fill="\(Self.colours[number % Self.colours.count])"/>\
                <text x="\(SVGText.number(x + 18))" y="15" font-size="\(SVGText.number(Self.fontSize))" fill="#16172b">\(SVGText.escape(name))</text>
                """
            x += 34 + Self.textWidth(name)
        }
        return svg
    }

    /// "2026-11-23: 4" (one series) or "2026-11-23, returned: 2" (two).
    private func tooltip(_ point: Point, _ number: Int, _ value: Int) -> String {
        series.count > 1 ? "\(point.label), \(series[number]): \(value)" : "\(point.label): \(value)"
    }
}
