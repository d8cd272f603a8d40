import Postgres
import Store

/// What one hour's transparency snapshot says, before it is laid out as files
/// (`SnapshotContents+Files`) and committed (`TransparencyPublisher`).
///
/// This is the seam for the rest of issue 11: `checkpoint` is filled by the signed hourly
/// checkpoint (the Ed25519 work), `charts` by the statistics page's SVG charts, and `figures` may
/// then come from the statistics table instead of `TransparencySnapshotSource`. A provider that
/// fills them is passed to the publisher as its `SnapshotProvider`; nothing else changes.
public struct SnapshotContents: Sendable, Equatable {
    /// One named figure.
    public struct Figure: Sendable, Equatable {
        public let name: String
        public let value: Int

        public init(name: String, value: Int) {
            self.name = name
            self.value = value
        }
    }

    /// One chart, drawn by the server.
    public struct Chart: Sendable, Equatable {
        /// The file name without `.svg` (letters, digits, `-`, `_`).
        public let name: String
        /// What it shows, in words (the README's caption and alt text).
        public let title: String
        /// The whole SVG document.
        public let svg: String

        public init(name: String, title: String, svg: String) {
            self.name = name
            self.title = title
            self.svg = svg
        }
    }

    /// The start of the hour (seconds since 1970, UTC).
    public var hour: Int
    /// The figures, in the order they are shown.
    public var figures: [Figure]
    /// The queue log entries new in this snapshot, oldest first.
    public var logLines: [TransparencySnapshotSource.LogLine]
    /// The last log entry published with this snapshot (that of an earlier one when none is new).
    public var lastSeq: Int
    /// The hour's signed checkpoint, one JSON object on one line; nil until checkpoints exist.
    public var checkpoint: String?
    /// The charts; empty until the statistics page draws them.
    public var charts: [Chart]

    public init(
        hour: Int, figures: [Figure], logLines: [TransparencySnapshotSource.LogLine], lastSeq: Int, checkpoint: String? = nil,
        charts: [Chart] = []
    ) {
        self.hour = hour
        self.figures = figures
        self.logLines = logLines
        self.lastSeq = lastSeq
        self.checkpoint = checkpoint
        self.charts = charts
    }
}

/// Makes the contents of the snapshot of `hour`, given the last log entry published before it.
public typealias SnapshotProvider = @Sendable (_ hour: Int, _ afterSeq: Int, _ database: Connection) throws -> SnapshotContents

extension SnapshotContents {
    /// The provider of what exists today: figures counted directly, the hour's log entries, the
    /// signed checkpoint written during the period the snapshot covers (the hour before `hour`:
    /// every entry it signs is among the entries published by then; none if no worker signed one),
    /// and the charts of /transparency as the worker last computed them (for an hour caught up
    /// late, the charts are those of the time it was published). `period` is the publishing period
    /// in seconds.
    public static func basicProvider(period: Int) -> SnapshotProvider {
        { hour, afterSeq, database in
            let source = TransparencySnapshotSource()
            let lines = try source.logLines(after: afterSeq, before: hour, on: database)
            return SnapshotContents(
                hour: hour,
                figures: try source.figures(hour: hour, period: period, on: database).map { Figure(name: $0.name, value: $0.value) },
                logLines: lines, lastSeq: lines.last?.seq ?? afterSeq,
                checkpoint: try CheckpointStore().line(writtenInHourBeginning: hour - 3600, on: database),
                charts: try TransparencyFigures.latest(on: database).map(drawnCharts) ?? [])
        }
    }

    /// The charts of /transparency as whole SVG files (`waiting.svg`, `allocations.svg`, …).
    static func drawnCharts(_ figures: TransparencyFigures) -> [Chart] {
        TransparencyCharts.all(figures).map { drawn in
            Chart(
                name: String(drawn.chart.id.dropFirst("chart-".count)), title: drawn.chart.title, svg: drawn.chart.svg())
        }
    }
}
