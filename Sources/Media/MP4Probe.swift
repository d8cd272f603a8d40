/// Reads an MP4's duration, video size, brand and layout by walking its boxes (ISO/IEC 14496-12),
/// reading headers only: the media data (`mdat`) is skipped by its size, never read. Everything
/// is bounds-checked: a truncated or malformed file is a `MediaError`, never a trap or a hang.
public enum MP4Probe {
    /// `inspect(_:)` on the file at `path` (`.unreadable` when it cannot be opened).
    public static func inspect(path: String) throws(MediaError) -> VideoInfo {
        try inspect(try FileReader(path: path))
    }

    /// The top level must start with `ftyp` (else `.notAnMP4`) and hold one `moov` (first or last)
    /// and an `mdat`; every top-level box must fit in the file (else `.truncated`). In `moov`:
    /// `mvhd` for the duration, and the first `trak` whose `mdia/hdlr` handler is `vide` for the size
    /// (`.noVideoTrack` without one).
    public static func inspect(_ reader: some MediaReader) throws(MediaError) -> VideoInfo {
        guard reader.size >= 8, try reader.read(at: 4, count: 4) == Array("ftyp".utf8) else { throw .notAnMP4 }
        var walker = BoxWalker(reader)
        let top = try walker.topLevel()
        guard let fileType = top.first, fileType.payloadSize >= 8 else { throw .malformed("its file type box is too short") }
        let brand = try reader.read(at: fileType.payload, count: 4).map { (0x20...0x7E).contains($0) ? Character(UnicodeScalar($0)) : "?" }
        let movies = top.filter { $0.type == Box.type("moov") }
        guard let movie = movies.first else { throw .malformed("it has no movie header (moov box)") }
        guard movies.count == 1 else { throw .malformed("it has more than one movie header (moov box)") }
        guard let data = top.first(where: { $0.type == Box.type("mdat") }) else { throw .malformed("it holds no media data (mdat box)") }

        let parts = try walker.children(of: movie)
        guard let header = parts.first(where: { $0.type == Box.type("mvhd") }) else {
            throw .malformed("its movie header has no duration (mvhd box)")
        }
        let duration = try movieDuration(header, reader)
        for track in parts where track.type == Box.type("trak") {
            let trackParts = try walker.children(of: track)
            guard let media = trackParts.first(where: { $0.type == Box.type("mdia") }),
                let handler = try walker.children(of: media).first(where: { $0.type == Box.type("hdlr") })
            else { throw .malformed("a track does not say what it holds (mdia/hdlr boxes)") }
            // hdlr: version and flags (4), pre_defined (4), handler_type (4).
            guard handler.payloadSize >= 12 else { throw .malformed("a track's handler box is too short") }
            guard try reader.read(at: handler.payload + 8, count: 4) == Array("vide".utf8) else { continue }
            guard let trackHeader = trackParts.first(where: { $0.type == Box.type("tkhd") }) else {
                throw .malformed("the video track has no track header (tkhd box)")
            }
            let size = try displaySize(trackHeader, reader)
            return VideoInfo(
                durationSeconds: duration, width: size.width, height: size.height, majorBrand: String(brand),
                fastStart: movie.offset < data.offset)
        }
        throw .noVideoTrack
    }

    /// `mvhd`: version 0 has 32-bit creation and modification times, timescale and duration;
    /// version 1 has 64-bit times and duration and a 32-bit timescale.
    static func movieDuration(_ box: Box, _ reader: some MediaReader) throws(MediaError) -> Double {
        let bytes = try reader.read(at: box.payload, count: min(box.payloadSize, 32))
        guard let version = bytes.first else { throw .malformed("its movie header is too short") }
        guard version <= 1 else { throw .malformed("its movie header has an unknown version") }
        let needed = version == 0 ? 20 : 32
        guard bytes.count >= needed else { throw .malformed("its movie header is too short") }
        let timescale = bytes.bigEndian(at: version == 0 ? 12 : 20, count: 4)
        let durationSize = version == 0 ? 4 : 8
        let duration = bytes.bigEndian(at: version == 0 ? 16 : 24, count: durationSize)
        guard timescale > 0 else { throw .malformed("its movie header's timescale is zero") }
        guard duration != UInt64.max >> (64 - 8 * durationSize) else { throw .malformed("it does not say how long it lasts") }
        return Double(duration) / Double(timescale)
    }

    /// `tkhd`: version and flags, then (version 0) 32-bit times, track id, reserved and duration
    /// or (version 1) 64-bit times and duration; then 52 bytes (reserved, layer, alternate group,
    /// volume, reserved, the 3 × 3 matrix) and width and height in 16.16 fixed point. A matrix that
    /// turns the picture a quarter (a = d = 0) swaps them, as players show it.
    static func displaySize(_ box: Box, _ reader: some MediaReader) throws(MediaError) -> (width: Int, height: Int) {
        let bytes = try reader.read(at: box.payload, count: min(box.payloadSize, 96))
        guard let version = bytes.first else { throw .malformed("the video track header is too short") }
        guard version <= 1 else { throw .malformed("the video track header has an unknown version") }
        let matrix = version == 0 ? 40 : 52
        let size = matrix + 36
        guard bytes.count >= size + 8 else { throw .malformed("the video track header is too short") }
        func fixed(_ offset: Int) -> Int { Int((bytes.bigEndian(at: offset, count: 4) + 0x8000) >> 16) }
        func entry(_ index: Int) -> UInt64 { bytes.bigEndian(at: matrix + 4 * index, count: 4) }
        let width = fixed(size)
        let height = fixed(size + 4)
        guard width > 0, height > 0 else { throw .malformed("the video track says it has no pixels") }
        let quarterTurn = entry(0) == 0 && entry(4) == 0 && entry(1) != 0 && entry(3) != 0
        return quarterTurn ? (height, width) : (width, height)
    }
}
