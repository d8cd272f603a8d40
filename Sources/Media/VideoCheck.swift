/// What a finished video must be: the frame asked for, about the length asked for, not too big.
public struct VideoRequirements: Sendable, Equatable {
    /// The frame as whole numbers, width then height (9 and 16 for 9:16).
    public let aspectWidth: Int
    public let aspectHeight: Int
    /// The length asked for.
    public let seconds: Int
    public let maxBytes: Int
    /// Where the video is for, named in the aspect's message ("TikTok needs 9:16."); nil says
    /// "9:16 was asked."
    public let destination: String?
    /// How far width ÷ height may be from the frame's, relatively: codecs round sizes to even
    /// numbers (854 × 480 for 16:9 is 0.1 % off), so 2 % by default.
    public let aspectTolerance: Double
    /// How far the duration may be from `seconds`, in seconds: by default 1 s or 15 % of
    /// `seconds`, whichever is more (5 s: 4.0 to 6.0 s; 10 s: 8.5 to 11.5 s). Providers round to
    /// whole frames and some add a fraction of a second; a clip of twice the length is refused.
    public let durationTolerance: Double

    public init(
        aspectWidth: Int, aspectHeight: Int, seconds: Int, maxBytes: Int = 200 << 20, destination: String? = nil,
        aspectTolerance: Double = 0.02, durationTolerance: Double? = nil
    ) {
        self.aspectWidth = aspectWidth
        self.aspectHeight = aspectHeight
        self.seconds = seconds
        self.maxBytes = maxBytes
        self.destination = destination
        self.aspectTolerance = aspectTolerance
        self.durationTolerance = durationTolerance ?? max(1.0, 0.15 * Double(seconds))
    }
}

/// One way a finished video does not meet its requirements; `message` says it in words.
public enum VideoProblem: Sendable, Equatable {
    /// The picture's shape is not the frame asked for.
    case aspect(width: Int, height: Int, expectedWidth: Int, expectedHeight: Int, destination: String?)
    /// The video is too short or too long.
    case duration(seconds: Double, expected: Int)
    /// The file holds more bytes than the limit.
    case fileTooLarge(bytes: Int, limit: Int)

    public var message: String {
        switch self {
        case .aspect(let width, let height, let expectedWidth, let expectedHeight, let destination):
            let wanted =
                destination.map { "\($0) needs \(expectedWidth):\(expectedHeight)" } ?? "\(expectedWidth):\(expectedHeight) was asked"
            let shape = AspectName.of(width: width, height: height) ?? "\(width) × \(height) pixels"
            return "The video is \(shape); \(wanted)."
        case .duration(let seconds, let expected):
            return "The video lasts \(Units.seconds(seconds)); \(expected) s was asked."
        case .fileTooLarge(let bytes, let limit):
            return "The video is \(Units.megabytes(bytes, roundingUp: true)); the limit is \(Units.megabytes(limit, roundingUp: false))."
        }
    }
}

/// Checks a finished video (as `MP4Probe` read it) against what was asked for.
public enum VideoCheck {
    /// Every problem, in the order aspect, duration, size; empty when the video will do.
    public static func problems(_ video: VideoInfo, fileSize: Int, requirements: VideoRequirements) -> [VideoProblem] {
        var problems: [VideoProblem] = []
        if !AspectName.matches(
            width: video.width, height: video.height, ratio: (requirements.aspectWidth, requirements.aspectHeight),
            tolerance: requirements.aspectTolerance)
        {
            problems.append(
                .aspect(
                    width: video.width, height: video.height, expectedWidth: requirements.aspectWidth,
                    expectedHeight: requirements.aspectHeight, destination: requirements.destination))
        }
        // Written so that NaN fails too.
        if !(abs(video.durationSeconds - Double(requirements.seconds)) <= requirements.durationTolerance) {
            problems.append(.duration(seconds: video.durationSeconds, expected: requirements.seconds))
        }
        if fileSize > requirements.maxBytes { problems.append(.fileTooLarge(bytes: fileSize, limit: requirements.maxBytes)) }
        return problems
    }
}

/// Names for the shape of a picture: the common frames, else the ratio in small whole numbers.
enum AspectName {
    /// Frames a member knows by name, tried first.
    static let common: [(Int, Int)] = [(9, 16), (16, 9), (1, 1), (4, 5), (5, 4), (3, 4), (4, 3), (2, 3), (3, 2), (21, 9), (9, 21)]
    /// The tolerance within which a size is called by a common frame's name.
    static let naming = 0.02

    /// Whether width ÷ height is within `tolerance` (relative) of `ratio`. A zero anywhere never matches.
    static func matches(width: Int, height: Int, ratio: (Int, Int), tolerance: Double) -> Bool {
        guard width > 0, height > 0, ratio.0 > 0, ratio.1 > 0 else { return false }
        let expected = Double(ratio.0) / Double(ratio.1)
        return abs(Double(width) / Double(height) - expected) <= tolerance * expected
    }

    /// "16:9" for 1280 × 720 (and 854 × 480), "3:5" for 768 × 1280; nil when no name is short.
    static func of(width: Int, height: Int) -> String? {
        if let (w, h) = common.first(where: { matches(width: width, height: height, ratio: $0, tolerance: naming) }) { return "\(w):\(h)" }
        guard width > 0, height > 0 else { return nil }
        var (a, b) = (width, height)
        while b != 0 { (a, b) = (b, a % b) }
        let (w, h) = (width / a, height / a)
        return w <= 32 && h <= 32 ? "\(w):\(h)" : nil
    }
}
