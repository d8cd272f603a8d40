/// Numbers in the words of `MediaError` and `VideoProblem` messages (no Foundation formatters).
enum Units {
    /// `bytes` in MB (2^20 bytes) with one decimal; a whole number of MB without one. Rounding up
    /// keeps a file a byte over a limit from reading as equal to it.
    static func megabytes(_ bytes: Int, roundingUp: Bool) -> String {
        let mebibyte = 1 << 20
        guard bytes >= 0 else { return "\(bytes) bytes" }
        var whole = bytes >> 20
        let rest = bytes & (mebibyte - 1)
        if rest == 0 { return "\(whole) MB" }
        var tenths = (rest * 10 + (roundingUp ? mebibyte - 1 : 0)) >> 20
        if tenths == 10 {
            whole += 1
            tenths = 0
        }
        return "\(whole).\(tenths) MB"
    }

    /// Seconds with one decimal, rounded: `12.0 s`, `4.96` → `5.0 s`.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e15 else { return "\(value) s" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
