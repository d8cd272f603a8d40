/// The value axis of a chart: from 0 to a round maximum at or above the largest value, with
/// ticks at 0, half and the maximum.
struct ChartScale: Equatable {
    /// The top of the axis: 1, 2 or 5 times a power of ten (at least 1).
    let maximum: Int

    init(largest: Int) {
        var step = 1
        while true {
            for factor in [1, 2, 5] where step * factor >= largest {
                maximum = step * factor
                return
            }
            guard step <= Int.max / 100 else {
                maximum = max(largest, 1)
                return
            }
            step *= 10
        }
    }

    /// Where the ticks go: 0, half (when it is a whole number) and the maximum.
    var ticks: [Int] { maximum % 2 == 0 ? [0, maximum / 2, maximum] : [0, maximum] }

    /// `value`'s share of the axis, 0 to 1.
    func fraction(_ value: Int) -> Double { Double(min(max(value, 0), maximum)) / Double(maximum) }
}
