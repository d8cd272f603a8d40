/// The public figures and charts (`transparency`), for anyone, signed in or not: what the worker
/// last computed (`TransparencyFigures`), or a note that the figures are being computed.
struct TransparencyPage: Page {
    static let template = "transparency"
    var title: String { "Transparency: the queue in figures" }

    /// The worker has computed the figures; false before its first computation.
    let computed: Bool
    /// When (`2026-11-23 10:00 UTC`).
    let computedAt: String
    /// Distribution is paused, and why in public words.
    let paused: Bool
    let pausedReason: String
    /// The figures in groups ("The queue", "Codes", …).
    let sections: [Section]
    /// The charts, each with its data as a table.
    let charts: [ChartView]
    /// Where the hourly snapshots are published ("" when they are not), and whether that is a web
    /// address (else a path or git remote, shown as code).
    var mirror = "" {
        didSet { mirrorIsLink = mirror.hasPrefix("https://") || mirror.hasPrefix("http://") }
    }
    private(set) var mirrorIsLink = false

    /// A group of figures under a heading.
    struct Section: Encodable {
        let title: String
        let figures: [Figure]
    }

    /// One figure: `id` names it for tests and links (`figure-<id>`), `detail` may be "".
    struct Figure: Encodable {
        let id: String
        let label: String
        let value: String
        let detail: String
    }

    /// A chart: its inline SVG (escaped by `Charts`), a sentence for screen readers and for
    /// everyone, and its data as a table behind a disclosure.
    struct ChartView: Encodable {
        let id: String
        let title: String
        let summary: String
        let svg: String
        let columns: [Column]
        let rows: [TableRow]
    }

    struct Column: Encodable {
        let name: String
    }

    struct TableRow: Encodable {
        let cells: [Cell]
    }

    struct Cell: Encodable {
        let text: String
    }
}
