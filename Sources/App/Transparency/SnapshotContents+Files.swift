import Domain
import Foundation
import Store

/// How a snapshot is laid out in the public repository:
///
/// - `README.md`: the hour's figures, the charts, where the log and checkpoint are;
/// - `figures.json` (canonical JSON) and `figures.csv`: the hour's figures;
/// - `log/YYYY-MM-DD.ndjson`: the queue log, one file per UTC day, each hour's entries appended;
/// - `checkpoint.json` (the latest) and `checkpoints.ndjson` (every one, appended), once checkpoints exist;
/// - `charts/NAME.svg`.
extension SnapshotContents {
    /// The files of this snapshot; `site` is the public URL of the site (for the README).
    public func snapshot(site: String) -> TransparencySnapshot {
        var files = [
            "README.md": readme(site: site),
            "figures.json": CanonicalJSON.encode([
                "hour": .string(SnapshotHour.iso(hour)), "last_seq": .int(lastSeq),
                "figures": .object(Dictionary(uniqueKeysWithValues: figures.map { ($0.name, CanonicalJSON.Value.int($0.value)) })),
            ]) + "\n",
            "figures.csv": "hour,figure,value\n" + figures.map { "\(SnapshotHour.iso(hour)),\($0.name),\($0.value)\n" }.joined(),
        ]
        var appends: [String: String] = [:]
        for line in logLines { appends["log/\(line.day).ndjson", default: ""] += line.line + "\n" }
        if let checkpoint {
            files["checkpoint.json"] = checkpoint + "\n"
            appends["checkpoints.ndjson"] = checkpoint + "\n"
        }
        for chart in charts { files["charts/\(chart.name).svg"] = chart.svg }
        return TransparencySnapshot(hour: hour, lastSeq: lastSeq, files: files, appends: appends)
    }

    /// The README of the repository as of this hour.
    func readme(site: String) -> String {
        var text = """
            # SoraShare transparency

            The hourly public snapshot of [SoraShare](\(site))'s fair invite queue, committed by its worker.
            Members appear only as pseudonyms; invite codes never appear.

            ## \(SnapshotHour.readable(hour))

            | Figure | Value |
            |---|---:|

            """
        for figure in figures { text += "| \(figure.name.replacingOccurrences(of: "_", with: " ")) | \(figure.value) |\n" }
        text += "\n"
        for chart in charts { text += "![\(chart.title)](charts/\(chart.name).svg)\n\n" }
        text += """
            ## Files

            - `figures.json`, `figures.csv`: the figures above.
            - `log/YYYY-MM-DD.ndjson`: the hash-chained queue log, one entry per line (`seq`, `body` as hashed,
              `prev_hash`, `hash`), one file per UTC day; \(lastSeq == 0 ? "no entries yet" : "entries 1 to \(lastSeq) so far").

            """
        text +=
            checkpoint == nil
            ? "- Signed checkpoints: not published yet.\n"
            : "- `checkpoint.json`, `checkpoints.ndjson`: the signed checkpoints (Ed25519), the latest and every one.\n"
        text += "\nHow to check the log yourself: \(site)/transparency\n"
        return text
    }
}
