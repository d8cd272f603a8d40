import Testing

@testable import Media

/// What a member is told, and the numbers in it.
@Suite struct MediaErrorTests {
    @Test(arguments: [
        (0, true, "0 MB"), (1, true, "0.1 MB"), (1, false, "0.0 MB"), (10 << 20, false, "10 MB"), ((10 << 20) + 1, true, "10.1 MB"),
        ((10 << 20) + (1 << 19), true, "10.5 MB"), ((1 << 20) - 1, true, "1.0 MB"), ((1 << 20) - 1, false, "0.9 MB"),
        (12_582_912, true, "12 MB"),
    ])
    func megabytes(bytes: Int, roundingUp: Bool, text: String) {
        #expect(Units.megabytes(bytes, roundingUp: roundingUp) == text)
    }

    @Test(arguments: [(12, "12.0 s"), (4.96, "5.0 s"), (0, "0.0 s"), (0.04, "0.0 s"), (95443.7176, "95443.7 s"), (1e20, "1e+20 s")])
    func seconds(value: Double, text: String) {
        #expect(Units.seconds(value) == text)
    }

    @Test(arguments: [
        (MediaError.notAnImage, "This is not a JPEG, PNG or WebP image."),
        (
            .imageTooLarge(width: 50000, height: 50000, maxWidth: 8000, maxHeight: 8000),
            "The image is 50000 × 50000 pixels; the limit is 8000 × 8000."
        ),
        (.fileTooLarge(bytes: 13_107_200, limit: 10 << 20), "The file is 12.5 MB; the limit is 10 MB."),
        (.notAnMP4, "This is not an MP4 video."), (.truncated, "The file is incomplete: it ends before its own headers say it does."),
        (.malformed("a box is larger than the box that holds it"), "The file is damaged: a box is larger than the box that holds it."),
        (.noVideoTrack, "The MP4 has no video track."), (.unreadable("open: Permission denied (errno 13)"), "The file could not be read."),
    ])
    func errorMessages(error: MediaError, message: String) {
        #expect(error.message == message)
    }
}
