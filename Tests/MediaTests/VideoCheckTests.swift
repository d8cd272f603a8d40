import Testing

@testable import Media

@Suite struct VideoCheckTests {
    static func video(_ width: Int, _ height: Int, _ seconds: Double = 5) -> VideoInfo {
        VideoInfo(durationSeconds: seconds, width: width, height: height, majorBrand: "isom", fastStart: true)
    }

    static let portrait = VideoRequirements(aspectWidth: 9, aspectHeight: 16, seconds: 5)
    static let tikTok = VideoRequirements(aspectWidth: 9, aspectHeight: 16, seconds: 5, destination: "TikTok")

    @Test(arguments: [
        (video(180, 320), portrait, [String]()), (video(720, 1280), portrait, []), (video(1080, 1920), tikTok, []),
        (video(1280, 720), VideoRequirements(aspectWidth: 16, aspectHeight: 9, seconds: 10), ["The video lasts 5.0 s; 10 s was asked."]),
        (video(854, 480), VideoRequirements(aspectWidth: 16, aspectHeight: 9, seconds: 5), []),
        (video(1000, 1001), VideoRequirements(aspectWidth: 1, aspectHeight: 1, seconds: 5), []),
        (video(320, 180), tikTok, ["The video is 16:9; TikTok needs 9:16."]),
        (video(240, 240), portrait, ["The video is 1:1; 9:16 was asked."]),
        (video(768, 1280), portrait, ["The video is 3:5; 9:16 was asked."]),
        (video(1000, 1100), VideoRequirements(aspectWidth: 1, aspectHeight: 1, seconds: 5), ["The video is 10:11; 1:1 was asked."]),
        (video(997, 1999), portrait, ["The video is 997 × 1999 pixels; 9:16 was asked."]),
        (video(180, 320, 12), portrait, ["The video lasts 12.0 s; 5 s was asked."]),
        (video(180, 320, 10), portrait, ["The video lasts 10.0 s; 5 s was asked."]),
        (video(320, 180, 10), tikTok, ["The video is 16:9; TikTok needs 9:16.", "The video lasts 10.0 s; 5 s was asked."]),
    ])
    func problemsInWords(video: VideoInfo, requirements: VideoRequirements, expected: [String]) {
        #expect(VideoCheck.problems(video, fileSize: 1 << 20, requirements: requirements).map(\.message) == expected)
    }

    /// 9:16 is 0.5625 wide per high; 2 % either way is 0.55125 to 0.57375.
    @Test(arguments: [(177, true), (180, true), (183, true), (176, false), (184, false)])
    func aspectWithinTwoPercent(width: Int, passes: Bool) {
        #expect(VideoCheck.problems(Self.video(width, 320), fileSize: 0, requirements: Self.portrait).isEmpty == passes)
    }

    /// 1 s or 15 %, whichever is more: 5 s allows 4.0 to 6.0, 10 s allows 8.5 to 11.5.
    @Test(arguments: [
        (5, 4.0, true), (5, 6.0, true), (5, 5.04, true), (5, 3.99, false), (5, 6.01, false), (10, 8.5, true), (10, 11.5, true),
        (10, 11.51, false), (10, 8.49, false), (5, 0, false), (5, .nan, false), (5, .infinity, false),
    ])
    func durationWithinItsTolerance(asked: Int, seconds: Double, passes: Bool) {
        let requirements = VideoRequirements(aspectWidth: 9, aspectHeight: 16, seconds: asked)
        #expect(VideoCheck.problems(Self.video(180, 320, seconds), fileSize: 0, requirements: requirements).isEmpty == passes)
    }

    @Test(arguments: [(1, 1.0), (5, 1.0), (6, 1.0), (10, 1.5), (20, 3.0)])
    func defaultDurationTolerance(seconds: Int, tolerance: Double) {
        #expect(VideoRequirements(aspectWidth: 9, aspectHeight: 16, seconds: seconds).durationTolerance == tolerance)
        #expect(VideoRequirements(aspectWidth: 9, aspectHeight: 16, seconds: seconds, durationTolerance: 0.25).durationTolerance == 0.25)
    }

    @Test func fileSizeUpToTheLimit() {
        let requirements = VideoRequirements(aspectWidth: 9, aspectHeight: 16, seconds: 5)
        #expect(requirements.maxBytes == 200 << 20)
        #expect(VideoCheck.problems(Self.video(180, 320), fileSize: 200 << 20, requirements: requirements).isEmpty)
        let over = VideoCheck.problems(Self.video(180, 320), fileSize: (200 << 20) + 1, requirements: requirements)
        #expect(over == [.fileTooLarge(bytes: (200 << 20) + 1, limit: 200 << 20)])
        #expect(over.map(\.message) == ["The video is 200.1 MB; the limit is 200 MB."])
    }

    @Test func everyProblemInOrder() {
        let problems = VideoCheck.problems(Self.video(320, 180, 12), fileSize: 300 << 20, requirements: Self.tikTok)
        #expect(
            problems == [
                .aspect(width: 320, height: 180, expectedWidth: 9, expectedHeight: 16, destination: "TikTok"),
                .duration(seconds: 12, expected: 5), .fileTooLarge(bytes: 300 << 20, limit: 200 << 20),
            ])
    }

    /// A requirement with a zero in its frame fails every video rather than dividing by zero.
    @Test func aZeroFrameNeverMatches() {
        let requirements = VideoRequirements(aspectWidth: 0, aspectHeight: 16, seconds: 5)
        #expect(VideoCheck.problems(Self.video(180, 320), fileSize: 0, requirements: requirements).count == 1)
        #expect(!AspectName.matches(width: 0, height: 320, ratio: (9, 16), tolerance: 0.02))
    }
}
