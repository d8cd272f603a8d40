/// Figures in words for /transparency: durations, shares and short day labels.
enum TransparencyText {
    /// "under a minute", "42 min", "3 h 5 min", "2 d 4 h".
    static func duration(seconds: Int) -> String {
        let minutes = max(seconds, 0) / 60
        if minutes < 1 { return "under a minute" }
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 24 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
    }

    /// A share as a whole percentage ("83%"), or `none` when there is nothing to divide.
    static func percent(_ share: Double?, none: String = "no data yet") -> String {
        guard let share, share.isFinite else { return none }
        return "\(Int((share * 100).rounded()))%"
    }

    /// `2026-11-23` → `23 Nov` (the charts' axis; the tables keep the full date).
    static func shortDay(_ day: String) -> String {
        let parts = day.split(separator: "-")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let dayOfMonth = Int(parts[2]) else { return day }
        return "\(dayOfMonth) \(months[month - 1])"
    }

    /// "1 member" / "3 members".
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }
}
