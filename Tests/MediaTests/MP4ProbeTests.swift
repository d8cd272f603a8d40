import Testing

@testable import Media

@Suite struct MP4ProbeTests {
    typealias Case = (String, [UInt8], Outcome<VideoInfo>)

    static func video(_ seconds: Double, _ width: Int, _ height: Int, fastStart: Bool = true, brand: String = "isom") -> Outcome<VideoInfo>
    {
        .value(VideoInfo(durationSeconds: seconds, width: width, height: height, majorBrand: brand, fastStart: fastStart))
    }

    @Test(arguments: [
        ("portrait-5s-faststart.mp4", video(5, 180, 320)), ("portrait-5s.mp4", video(5, 180, 320, fastStart: false)),
        ("landscape-5s.mp4", video(5, 320, 180, fastStart: false)), ("square-5s.mp4", video(5, 240, 240, fastStart: false)),
        ("portrait-10s.mp4", video(10, 180, 320, fastStart: false)), ("audio-first-5s.mp4", video(5, 180, 320, fastStart: false)),
        ("audio-only.mp4", .error(.noVideoTrack)), ("rotated-90.mp4", video(5, 180, 320, fastStart: false)),
        ("truncated-moov.mp4", .error(.truncated)), ("truncated-mdat.mp4", .error(.truncated)), ("random.mp4", .error(.notAnMP4)),
    ])
    func eachVideoFixtureIsWhatItsBoxesSay(name: String, expected: Outcome<VideoInfo>) {
        #expect(Outcome { () throws(MediaError) in try MP4Probe.inspect(path: Fixture.path(name)) } == expected)
    }

    @Test(arguments: Fixture.images)
    func noImageIsAnMP4(name: String) throws {
        #expect(throws: MediaError.notAnMP4) { try MP4Probe.inspect(try Fixture.reader(name)) }
    }

    @Test func moovFirstAndLastGiveTheSameVideo() throws {
        let first = try MP4Probe.inspect(try Fixture.reader("portrait-5s-faststart.mp4"))
        let last = try MP4Probe.inspect(try Fixture.reader("portrait-5s.mp4"))
        #expect(first.fastStart && !last.fastStart)
        #expect(
            VideoInfo(
                durationSeconds: last.durationSeconds, width: last.width, height: last.height, majorBrand: last.majorBrand, fastStart: true)
                == first)
    }

    /// Headers only: a few hundred bytes of each file, and not one byte of media data.
    @Test(arguments: ["portrait-5s-faststart.mp4", "portrait-5s.mp4", "portrait-10s.mp4", "audio-first-5s.mp4"])
    func onlyHeadersAreRead(name: String) throws {
        let reader = CountingReader(try Fixture.reader(name))
        _ = try MP4Probe.inspect(reader)
        let media = try #require(MP4Bytes.payload(of: "mdat", in: try Fixture.bytes(name)))
        #expect(reader.bytesRead < 600, "\(reader.bytesRead) bytes read")
        #expect(!reader.ranges.contains { $0.overlaps(media) }, "\(reader.ranges) and mdat's \(media)")
    }

    static let cases: [Case] = {
        let file = MP4Bytes.self
        let tail = Array(file.movie().suffix(from: file.fileType().count))
        return [
            ("ftyp, moov, mdat", file.movie(), video(5, 180, 320)),
            ("another brand", file.fileType("mp42") + tail, video(5, 180, 320, brand: "mp42")),
            ("a brand of control bytes", file.box("ftyp", [0x00, 0x41, 0xFF, 0x7F, 0, 0, 0, 0]) + tail, video(5, 180, 320, brand: "?A??")),
            (
                "moov last", file.fileType() + file.mediaData + file.container("moov", [file.movieHeader(), file.track()]),
                video(5, 180, 320, fastStart: false)
            ),
            (
                "mvhd version 1: 64-bit duration", file.movie(header: file.movieHeader(version: 1, timescale: 90000, duration: 1 << 33)),
                video(Double(1 << 33) / 90000, 180, 320)
            ),
            (
                "tkhd version 1",
                file.movie(tracks: [file.track(header: file.trackHeader(version: 1, width: 1080 << 16, height: 1920 << 16))]),
                video(5, 1080, 1920)
            ),
            (
                "a fractional size rounds",
                file.movie(tracks: [file.track(header: file.trackHeader(width: 179 << 16 | 0x8000, height: 320 << 16))]),
                video(5, 180, 320)
            ),
            (
                "a quarter turn swaps the size",
                file.movie(tracks: [file.track(header: file.trackHeader(width: 320 << 16, height: 180 << 16, matrix: file.quarterTurn))]),
                video(5, 180, 320)
            ),
            ("sound first, then video", file.movie(tracks: [file.track("soun"), file.track()]), video(5, 180, 320)),
            (
                "two video tracks: the first counts",
                file.movie(tracks: [file.track(), file.track(header: file.trackHeader(width: 640 << 16, height: 360 << 16))]),
                video(5, 180, 320)
            ),
            ("mdat of size 0 runs to the end", file.movie(data: file.box("mdat", [1, 2, 3], size: 0)), video(5, 180, 320)),
            ("mdat with a 64-bit size", file.movie(data: file.largeBox("mdat", [1, 2, 3])), video(5, 180, 320)),
            (
                "mdat with a 64-bit size past the end", file.movie(data: file.largeBox("mdat", [1, 2, 3], largeSize: 1 << 40)),
                .error(.truncated)
            ),
            ("a 64-bit size past Int.max", file.movie(data: file.largeBox("mdat", [1, 2, 3], largeSize: UInt64.max)), .error(.truncated)),
            (
                "a 64-bit size below 16", file.movie(data: file.largeBox("mdat", [1, 2, 3], largeSize: 15)),
                .error(.malformed("a box is smaller than its own header"))
            ),
            ("mdat larger than the file", file.movie(data: file.box("mdat", [1, 2, 3], size: 1000)), .error(.truncated)),
            (
                "a box of size 4", file.movie(data: file.box("mdat", [1, 2, 3], size: 4)),
                .error(.malformed("a box is smaller than its own header"))
            ),
            ("4 bytes after the last box", file.movie() + [0, 0, 0, 0], .error(.truncated)),
            (
                "a uuid box shorter than its extended type", file.movie() + file.box("uuid", [1, 2, 3, 4]),
                .error(.malformed("a box is smaller than its own header"))
            ),
            ("a uuid box", file.movie() + file.box("uuid", [UInt8](repeating: 7, count: 20)), video(5, 180, 320)),
            (
                "a trak larger than its moov",
                file.fileType() + file.container("moov", [file.movieHeader(), file.box("trak", [], size: 64)]) + file.mediaData,
                .error(.malformed("a box is larger than the box that holds it"))
            ),
            (
                "4 bytes of padding at the end of moov",
                file.fileType() + file.container("moov", [file.movieHeader(), file.track(), [0, 0, 0, 0]])
                    + file.mediaData, video(5, 180, 320)
            ),
            (
                "a zero timescale", file.movie(header: file.movieHeader(timescale: 0)),
                .error(.malformed("its movie header's timescale is zero"))
            ),
            (
                "an unknown duration", file.movie(header: file.movieHeader(duration: 0xFFFF_FFFF)),
                .error(.malformed("it does not say how long it lasts"))
            ),
            (
                "an unknown 64-bit duration", file.movie(header: file.movieHeader(version: 1, duration: UInt64.max)),
                .error(.malformed("it does not say how long it lasts"))
            ),
            (
                "mvhd version 2", file.movie(header: file.box("mvhd", [2] + [UInt8](repeating: 0, count: 99))),
                .error(.malformed("its movie header has an unknown version"))
            ),
            (
                "mvhd of 19 bytes", file.movie(header: file.box("mvhd", [UInt8](repeating: 0, count: 19))),
                .error(.malformed("its movie header is too short"))
            ),
            ("an empty mvhd", file.movie(header: file.box("mvhd", [])), .error(.malformed("its movie header is too short"))),
            ("no mvhd", file.movie(header: file.box("free", [])), .error(.malformed("its movie header has no duration (mvhd box)"))),
            ("sound only", file.movie(tracks: [file.track("soun")]), .error(.noVideoTrack)),
            ("no track", file.movie(tracks: []), .error(.noVideoTrack)),
            (
                "a track without mdia", file.movie(tracks: [file.container("trak", [file.trackHeader(width: 1, height: 1)])]),
                .error(.malformed("a track does not say what it holds (mdia/hdlr boxes)"))
            ),
            (
                "a handler of 11 bytes",
                file.movie(tracks: [
                    file.container("trak", [file.container("mdia", [file.box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])])])
                ]),
                .error(.malformed("a track's handler box is too short"))
            ),
            (
                "a video track without tkhd",
                file.movie(tracks: [file.container("trak", [file.container("mdia", [file.handler("vide")])])]),
                .error(.malformed("the video track has no track header (tkhd box)"))
            ),
            (
                "tkhd of 83 bytes", file.movie(tracks: [file.track(header: file.box("tkhd", [0] + [UInt8](repeating: 0, count: 82)))]),
                .error(.malformed("the video track header is too short"))
            ),
            (
                "version 1 tkhd of 95 bytes",
                file.movie(tracks: [file.track(header: file.box("tkhd", [1] + [UInt8](repeating: 0, count: 94)))]),
                .error(.malformed("the video track header is too short"))
            ),
            (
                "tkhd version 2", file.movie(tracks: [file.track(header: file.box("tkhd", [2] + [UInt8](repeating: 0, count: 95)))]),
                .error(.malformed("the video track header has an unknown version"))
            ),
            (
                "a video track of 0 × 0", file.movie(tracks: [file.track(header: file.trackHeader(width: 0, height: 0))]),
                .error(.malformed("the video track says it has no pixels"))
            ),
            ("no moov", file.fileType() + file.mediaData, .error(.malformed("it has no movie header (moov box)"))),
            (
                "two moov", file.movie() + file.container("moov", [file.movieHeader()]),
                .error(.malformed("it has more than one movie header (moov box)"))
            ),
            ("no mdat", file.movie(data: []), .error(.malformed("it holds no media data (mdat box)"))),
            ("ftyp of 8 bytes", file.box("ftyp", []) + tail, .error(.malformed("its file type box is too short"))),
            ("ftyp larger than the file", file.box("ftyp", [], size: 4096), .error(.truncated)),
            ("moov before ftyp", file.container("moov", [file.movieHeader()]) + file.fileType() + file.mediaData, .error(.notAnMP4)),
            ("empty", [], .error(.notAnMP4)),
            ("1 byte", [0], .error(.notAnMP4)),
            ("7 bytes of ftyp", Array(file.fileType().prefix(7)), .error(.notAnMP4)),
            ("an ftyp header alone", Array(file.fileType().prefix(8)), .error(.truncated)),
            (
                "10 001 empty boxes", file.movie() + (0..<10_001).flatMap { _ in file.box("free", []) },
                .error(.malformed("it has too many boxes"))
            ),
        ]
    }()

    @Test(arguments: cases)
    func handMadeBoxes(name: String, bytes: [UInt8], expected: Outcome<VideoInfo>) {
        #expect(Outcome { () throws(MediaError) in try MP4Probe.inspect(MemoryReader(bytes)) } == expected, "\(name)")
    }

    /// Every prefix of a fast-start file is refused, and its full length passes.
    @Test func everyCutOfAFileIsAnError() throws {
        let bytes = try Fixture.bytes("portrait-5s-faststart.mp4")
        for length in 0..<bytes.count {
            #expect(throws: MediaError.self) { try MP4Probe.inspect(MemoryReader(Array(bytes.prefix(length)))) }
        }
        #expect(try MP4Probe.inspect(MemoryReader(bytes)).durationSeconds == 5)
    }
}
