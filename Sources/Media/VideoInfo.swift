/// What an MP4's headers say about its video, read without touching its media data.
public struct VideoInfo: Sendable, Equatable {
    /// The movie's duration (`mvhd`): duration over timescale.
    public let durationSeconds: Double
    /// The first video track's displayed size in pixels (`tkhd`, rotated by its matrix when that
    /// turns it a quarter).
    public let width: Int
    public let height: Int
    /// The `ftyp` box's major brand (`isom`, `mp42`, …), printable ASCII (others become `?`).
    public let majorBrand: String
    /// Whether the movie header comes before the media data, so playback can start while the
    /// file is still downloading.
    public let fastStart: Bool

    public init(durationSeconds: Double, width: Int, height: Int, majorBrand: String, fastStart: Bool) {
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
        self.majorBrand = majorBrand
        self.fastStart = fastStart
    }
}
