/// Why a product image or a video cannot be used. Each case carries only what a member can be
/// told (numbers and our own words, never bytes of the file); `message` says it in words.
public enum MediaError: Error, Sendable, Equatable {
    /// Not a JPEG, PNG or WebP image by its content (a GIF, an SVG, an HTML page, …), whatever its name says.
    case notAnImage
    /// The image's header gives dimensions beyond the limits (refused before anything decodes it).
    case imageTooLarge(width: Int, height: Int, maxWidth: Int, maxHeight: Int)
    /// The file holds more bytes than the limit.
    case fileTooLarge(bytes: Int, limit: Int)
    /// Not an MP4 (ISO base media file): it does not start with an `ftyp` box.
    case notAnMP4
    /// The file ends before its own headers say it does: an interrupted upload or download.
    case truncated
    /// The headers are impossible or contradict each other: what is wrong, in our words.
    case malformed(String)
    /// An MP4 without a video track (sound only, or no track at all).
    case noVideoTrack
    /// The file could not be opened or read: the system's reason, for the log (no file content).
    case unreadable(String)

    /// The problem in words a member can read (for `unreadable`, without the system's reason).
    public var message: String {
        switch self {
        case .notAnImage: "This is not a JPEG, PNG or WebP image."
        case .imageTooLarge(let width, let height, let maxWidth, let maxHeight):
            "The image is \(width) × \(height) pixels; the limit is \(maxWidth) × \(maxHeight)."
        case .fileTooLarge(let bytes, let limit):
            "The file is \(Units.megabytes(bytes, roundingUp: true)); the limit is \(Units.megabytes(limit, roundingUp: false))."
        case .notAnMP4: "This is not an MP4 video."
        case .truncated: "The file is incomplete: it ends before its own headers say it does."
        case .malformed(let detail): "The file is damaged: \(detail)."
        case .noVideoTrack: "The MP4 has no video track."
        case .unreadable: "The file could not be read."
        }
    }
}
