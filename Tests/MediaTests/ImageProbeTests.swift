import Testing

@testable import Media

/// Images built by hand: the headers each format's probe reads, and the ways they go wrong.
enum ImageBytes {
    static let soi: [UInt8] = [0xFF, 0xD8]

    /// A JPEG marker segment: FF, the marker, the length (counting itself) and the payload.
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + bigEndian(UInt64(payload.count + 2), bytes: 2) + payload
    }

    /// A start-of-frame segment: precision 8, height, width, three components.
    static func frame(_ marker: UInt8 = 0xC0, width: Int, height: Int) -> [UInt8] {
        segment(
            marker,
            [8] + bigEndian(UInt64(height), bytes: 2) + bigEndian(UInt64(width), bytes: 2) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    }

    static let app0 = segment(0xE0, Array("JFIF".utf8) + [0, 1, 2, 0, 0, 1, 0, 1, 0, 0])
    static let exif = segment(0xE1, Array("Exif".utf8) + [0, 0] + [UInt8](repeating: 0x4D, count: 200))
    /// An Exif segment holding a thumbnail, itself a JPEG with a frame header of its own (160 × 120).
    static let exifWithThumbnail = segment(0xE1, Array("Exif".utf8) + [0, 0] + soi + frame(width: 160, height: 120) + [0xFF, 0xD9])
    static let quantization = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
    /// A DHT segment whose bytes would read as 4660 × 22136 if it were taken for a frame header.
    static let huffman = segment(0xC4, [0x08, 0x56, 0x78, 0x12, 0x34, 0x03])

    /// A PNG's signature and IHDR chunk (with its CRC unless `badCRC`).
    static func png(width: UInt64, height: UInt64, length: UInt64 = 13, type: String = "IHDR", badCRC: Bool = false) -> [UInt8] {
        let body = Array(type.utf8) + bigEndian(width, bytes: 4) + bigEndian(height, bytes: 4) + [8, 2, 0, 0, 0]
        let crc = UInt64(ImageProbe.crc32(body[...])) ^ (badCRC ? 1 : 0)
        return ImageProbe.pngSignature + bigEndian(length, bytes: 4) + body + bigEndian(crc, bytes: 4)
            + [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
    }

    /// A WebP: RIFF header and one chunk (sizes as given, else the true ones).
    static func webP(_ fourCC: String, _ payload: [UInt8], chunkSize: Int? = nil, riffSize: Int? = nil) -> [UInt8] {
        Array("RIFF".utf8) + littleEndian(UInt64(riffSize ?? 12 + payload.count), bytes: 4) + Array("WEBP".utf8) + Array(fourCC.utf8)
            + littleEndian(UInt64(chunkSize ?? payload.count), bytes: 4) + payload
    }

    /// A lossy key frame's first 10 bytes (frame tag, start code, 14-bit sizes and scale bits).
    static func vp8(width: Int, height: Int, keyFrame: Bool = true, startCode: [UInt8] = [0x9D, 0x01, 0x2A]) -> [UInt8] {
        [keyFrame ? 0x50 : 0x51, 0x02, 0x00] + startCode + littleEndian(UInt64(width), bytes: 2) + littleEndian(UInt64(height), bytes: 2)
    }

    /// A lossless header: signature, then width − 1, height − 1, alpha and version in 32 bits.
    static func vp8l(width: Int, height: Int, signature: UInt8 = 0x2F, version: UInt64 = 0) -> [UInt8] {
        [signature] + littleEndian(UInt64(width - 1) | UInt64(height - 1) << 14 | 1 << 28 | version << 29, bytes: 4)
    }

    /// An extended header: flags, reserved, 24-bit canvas width − 1 and height − 1.
    static func vp8x(width: Int, height: Int) -> [UInt8] {
        [0x10, 0, 0, 0] + littleEndian(UInt64(width - 1), bytes: 3) + littleEndian(UInt64(height - 1), bytes: 3)
    }
}

@Suite struct ImageProbeTests {
    typealias Case = (String, [UInt8], Outcome<ImageInfo>)

    static func jpeg(_ width: Int, _ height: Int) -> Outcome<ImageInfo> { .value(ImageInfo(format: .jpeg, width: width, height: height)) }
    static func png(_ width: Int, _ height: Int) -> Outcome<ImageInfo> { .value(ImageInfo(format: .png, width: width, height: height)) }
    static func webP(_ width: Int, _ height: Int) -> Outcome<ImageInfo> { .value(ImageInfo(format: .webp, width: width, height: height)) }

    @Test(arguments: [
        ("baseline.jpg", jpeg(64, 48)), ("progressive.jpg", jpeg(64, 48)), ("image.png", png(64, 48)), ("lossy.webp", webP(64, 48)),
        ("lossless.webp", webP(64, 48)), ("extended.webp", webP(40, 30)), ("bomb.png", png(50000, 50000)),
        ("image.gif", .error(.notAnImage)), ("html.png", .error(.notAnImage)), ("drawing.svg", .error(.notAnImage)),
    ])
    func eachImageFixtureIsWhatItsContentSays(name: String, expected: Outcome<ImageInfo>) throws {
        let reader = try Fixture.reader(name)
        #expect(Outcome { () throws(MediaError) in try ImageProbe.inspect(reader) } == expected)
    }

    @Test(arguments: Fixture.videos)
    func noVideoFixtureIsAnImage(name: String) throws {
        #expect(throws: MediaError.notAnImage) { try ImageProbe.inspect(try Fixture.reader(name)) }
    }

    @Test(arguments: [
        ("baseline.jpg", Outcome.value(ImageInfo(format: .jpeg, width: 64, height: 48))), ("lossless.webp", webP(64, 48)),
        ("bomb.png", .error(.imageTooLarge(width: 50000, height: 50000, maxWidth: 8000, maxHeight: 8000))),
        ("html.png", .error(.notAnImage)),
    ])
    func productImageLimitsThroughThePath(name: String, expected: Outcome<ImageInfo>) {
        #expect(Outcome { () throws(MediaError) in try ImageProbe.inspect(path: Fixture.path(name), limits: .productImage) } == expected)
    }

    /// The bomb's IHDR is all that is read: 33 bytes after the 12 that recognise it.
    @Test func theBombIsRefusedByItsDimensionsBeforeAnythingDecodesIt() throws {
        let reader = CountingReader(try Fixture.reader("bomb.png"))
        #expect(throws: MediaError.imageTooLarge(width: 50000, height: 50000, maxWidth: 8000, maxHeight: 8000)) {
            try ImageProbe.inspect(reader, limits: .productImage)
        }
        #expect(reader.ranges == [0..<12, 0..<33])
        #expect(
            MediaError.imageTooLarge(width: 50000, height: 50000, maxWidth: 8000, maxHeight: 8000).message
                == "The image is 50000 × 50000 pixels; the limit is 8000 × 8000.")
    }

    @Test func aFileOverTheByteLimitIsRefusedBeforeAByteIsRead() throws {
        let reader = CountingReader(try Fixture.reader("baseline.jpg"))
        let limits = ImageLimits(maxWidth: 8000, maxHeight: 8000, maxBytes: 1681)
        #expect(throws: MediaError.fileTooLarge(bytes: 1682, limit: 1681)) { try ImageProbe.inspect(reader, limits: limits) }
        #expect(reader.reads == 0)
        let exactly = ImageLimits(maxWidth: 64, maxHeight: 48, maxBytes: 1682)
        #expect(try ImageProbe.inspect(reader, limits: exactly) == ImageInfo(format: .jpeg, width: 64, height: 48))
    }

    @Test(
        arguments: [
            (8000, 8000, nil), (1, 1, nil),
            (8001, 8000, MediaError.imageTooLarge(width: 8001, height: 8000, maxWidth: 8000, maxHeight: 8000)),
            (8000, 8001, .imageTooLarge(width: 8000, height: 8001, maxWidth: 8000, maxHeight: 8000)),
            (50000, 50000, .imageTooLarge(width: 50000, height: 50000, maxWidth: 8000, maxHeight: 8000)),
        ] as [(Int, Int, MediaError?)])
    func dimensionsUpToTheLimitPass(width: Int, height: Int, expected: MediaError?) {
        let image = ImageBytes.png(width: UInt64(width), height: UInt64(height))
        let limits = ImageLimits.productImage
        #expect(
            Outcome { () throws(MediaError) in try ImageProbe.inspect(MemoryReader(image), limits: limits) }
                == (expected.map { .error($0) } ?? Self.png(width, height)))
    }

    static let jpegCases: [Case] = {
        let (soi, frame) = (ImageBytes.soi, ImageBytes.frame(width: 640, height: 480))
        let comments = (0..<999).flatMap { _ in ImageBytes.segment(0xFE, []) }
        let manySegments = soi + comments + ImageBytes.segment(0xFE, []) + frame
        return [
            (
                "APP0, APP1, DQT, DHT, then SOF0",
                soi + ImageBytes.app0 + ImageBytes.exif + ImageBytes.quantization + ImageBytes.huffman + frame,
                jpeg(640, 480)
            ),
            ("an Exif thumbnail's frame header is skipped with its segment", soi + ImageBytes.exifWithThumbnail + frame, jpeg(640, 480)),
            ("fill bytes before markers", soi + [0xFF, 0xFF] + ImageBytes.app0 + [0xFF] + frame, jpeg(640, 480)),
            ("TEM and RST0–RST7 stand alone", soi + [0xFF, 0x01, 0xFF, 0xD0, 0xFF, 0xD7] + frame, jpeg(640, 480)),
            ("SOF2 progressive", soi + ImageBytes.frame(0xC2, width: 1, height: 2), jpeg(1, 2)),
            ("SOF3 lossless", soi + ImageBytes.frame(0xC3, width: 3, height: 4), jpeg(3, 4)),
            ("SOF9 arithmetic", soi + ImageBytes.frame(0xC9, width: 5, height: 6), jpeg(5, 6)),
            ("SOF15", soi + ImageBytes.frame(0xCF, width: 65535, height: 65535), jpeg(65535, 65535)),
            (
                "DHT, JPG and DAC are not frame headers",
                soi + ImageBytes.huffman + ImageBytes.segment(0xC8, [8, 0, 9, 0, 9, 1]) + ImageBytes.segment(0xCC, [8, 0, 9, 0, 9, 1])
                    + ImageBytes.frame(width: 100, height: 50), jpeg(100, 50)
            ),
            (
                "a 60 000-byte APP2 across read blocks", soi + ImageBytes.segment(0xE2, [UInt8](repeating: 0xFF, count: 60000)) + frame,
                jpeg(640, 480)
            ),
            ("999 comments, then the frame", soi + comments + frame, jpeg(640, 480)),
            ("1000 segments before the frame", manySegments, .error(.malformed("the JPEG has too many segments before its frame header"))),
            ("1024 fill bytes", soi + [UInt8](repeating: 0xFF, count: 1024) + frame, jpeg(640, 480)),
            (
                "1025 fill bytes", soi + [UInt8](repeating: 0xFF, count: 1025) + frame,
                .error(.malformed("the JPEG has too many fill bytes"))
            ),
            (
                "a scan before the frame", soi + ImageBytes.app0 + ImageBytes.segment(0xDA, [1, 1, 0, 0, 63, 0]) + frame,
                .error(.malformed("the JPEG's image data comes before its frame header"))
            ),
            (
                "the end before the frame", soi + ImageBytes.app0 + [0xFF, 0xD9],
                .error(.malformed("the JPEG's image data comes before its frame header"))
            ),
            ("a second SOI", soi + [0xFF, 0xD8] + frame, .error(.malformed("the JPEG has a marker out of place"))),
            ("a stuffed zero as a marker", soi + [0xFF, 0x00] + frame, .error(.malformed("the JPEG has a marker out of place"))),
            (
                "bytes between segments", soi + ImageBytes.app0 + [0x00, 0x11] + frame,
                .error(.malformed("the JPEG has bytes where a marker should be"))
            ),
            (
                "a segment length of 1", soi + [0xFF, 0xE0, 0x00, 0x01] + frame,
                .error(.malformed("a JPEG segment is shorter than its length field"))
            ),
            (
                "a frame header of 7 bytes", soi + [0xFF, 0xC0, 0x00, 0x07, 8, 0, 16, 0, 16, 3, 0, 0],
                .error(.malformed("the JPEG's frame header is too short"))
            ),
            (
                "zero lines (a DNL image)", soi + ImageBytes.frame(width: 640, height: 0),
                .error(.malformed("its header says it has no pixels"))
            ),
            ("cut inside APP1", soi + ImageBytes.exif.prefix(40), .error(.truncated)),
            ("cut inside the frame header", soi + frame.prefix(7), .error(.truncated)),
            ("cut after the first segment", soi + ImageBytes.app0, .error(.truncated)),
            ("SOI and a lone FF", soi + [0xFF], .error(.truncated)),
            ("9000 × 6000 (no limits here)", soi + ImageBytes.frame(width: 9000, height: 6000), jpeg(9000, 6000)),
        ]
    }()

    @Test(arguments: jpegCases)
    func jpegSegmentsAreWalkedToTheFrameHeader(name: String, bytes: [UInt8], expected: Outcome<ImageInfo>) {
        #expect(Outcome { () throws(MediaError) in try ImageProbe.inspect(MemoryReader(bytes)) } == expected, "\(name)")
    }

    static let pngCases: [Case] = [
        ("1 × 1", ImageBytes.png(width: 1, height: 1), png(1, 1)),
        ("2^32 − 1 each way (no limits here)", ImageBytes.png(width: 0xFFFF_FFFF, height: 0xFFFF_FFFF), png(4_294_967_295, 4_294_967_295)),
        (
            "IHDR of 12 bytes", ImageBytes.png(width: 1, height: 1, length: 12),
            .error(.malformed("the PNG does not start with its header chunk"))
        ),
        (
            "IDAT first", ImageBytes.png(width: 1, height: 1, type: "IDAT"),
            .error(.malformed("the PNG does not start with its header chunk"))
        ),
        ("a bad CRC", ImageBytes.png(width: 1, height: 1, badCRC: true), .error(.malformed("the PNG's header chunk fails its checksum"))),
        ("zero wide", ImageBytes.png(width: 0, height: 10), .error(.malformed("its header says it has no pixels"))),
        ("zero high", ImageBytes.png(width: 10, height: 0), .error(.malformed("its header says it has no pixels"))),
        ("the signature alone", ImageProbe.pngSignature, .error(.truncated)),
        ("cut inside IHDR", Array(ImageBytes.png(width: 1, height: 1).prefix(20)), .error(.truncated)),
        ("cut before the CRC's last byte", Array(ImageBytes.png(width: 1, height: 1).prefix(32)), .error(.truncated)),
    ]

    @Test(arguments: pngCases)
    func pngDimensionsComeFromIHDR(name: String, bytes: [UInt8], expected: Outcome<ImageInfo>) {
        #expect(Outcome { () throws(MediaError) in try ImageProbe.inspect(MemoryReader(bytes)) } == expected, "\(name)")
    }

    static let webPCases: [Case] = [
        ("VP8 with scale bits", ImageBytes.webP("VP8 ", ImageBytes.vp8(width: 0x4000 | 300, height: 0xC000 | 200)), webP(300, 200)),
        ("VP8 of 16383 × 16383", ImageBytes.webP("VP8 ", ImageBytes.vp8(width: 0x3FFF, height: 0x3FFF)), webP(16383, 16383)),
        (
            "VP8 inter frame", ImageBytes.webP("VP8 ", ImageBytes.vp8(width: 3, height: 3, keyFrame: false)),
            .error(.malformed("the WebP's lossy image does not start with a key frame"))
        ),
        (
            "VP8 without the start code", ImageBytes.webP("VP8 ", ImageBytes.vp8(width: 3, height: 3, startCode: [0x9D, 0x01, 0x2B])),
            .error(.malformed("the WebP's lossy image does not start with a key frame"))
        ),
        (
            "VP8 zero wide", ImageBytes.webP("VP8 ", ImageBytes.vp8(width: 0x4000, height: 3)),
            .error(.malformed("its header says it has no pixels"))
        ),
        (
            "VP8 chunk of 9 bytes", ImageBytes.webP("VP8 ", ImageBytes.vp8(width: 3, height: 3), chunkSize: 9),
            .error(.malformed("the WebP's image chunk is too short"))
        ),
        (
            "VP8 cut inside its header", ImageBytes.webP("VP8 ", Array(ImageBytes.vp8(width: 3, height: 3).prefix(7)), chunkSize: 10),
            .error(.truncated)
        ),
        ("VP8L", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 64, height: 48)), webP(64, 48)),
        ("VP8L of 16384 × 16384", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 16384, height: 16384)), webP(16384, 16384)),
        ("VP8L 1 × 1", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 1, height: 1)), webP(1, 1)),
        (
            "VP8L without its signature", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 1, height: 1, signature: 0x2E)),
            .error(.malformed("the WebP's lossless image header is not one"))
        ),
        (
            "VP8L version 1", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 1, height: 1, version: 1)),
            .error(.malformed("the WebP's lossless image header is not one"))
        ),
        ("VP8X", ImageBytes.webP("VP8X", ImageBytes.vp8x(width: 40, height: 30)), webP(40, 30)),
        ("VP8X of 2^24 × 2^24", ImageBytes.webP("VP8X", ImageBytes.vp8x(width: 1 << 24, height: 1 << 24)), webP(1 << 24, 1 << 24)),
        (
            "ALPH first", ImageBytes.webP("ALPH", [UInt8](repeating: 0, count: 10)),
            .error(.malformed("the WebP does not start with an image chunk"))
        ),
        ("RIFF size past the end", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 1, height: 1), riffSize: 18), .error(.truncated)),
        ("RIFF size 2^32 − 1", ImageBytes.webP("VP8L", ImageBytes.vp8l(width: 1, height: 1), riffSize: 0xFFFF_FFFF), .error(.truncated)),
        ("the chunk's header alone", Array(ImageBytes.webP("VP8L", []).prefix(16)), .error(.truncated)),
        ("RIFF WAVE", Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WAVE".utf8), .error(.notAnImage)),
    ]

    @Test(arguments: webPCases)
    func webPDimensionsComeFromTheFirstChunk(name: String, bytes: [UInt8], expected: Outcome<ImageInfo>) {
        #expect(Outcome { () throws(MediaError) in try ImageProbe.inspect(MemoryReader(bytes)) } == expected, "\(name)")
    }

    @Test(
        arguments: [
            [], [0xFF], [0xFF, 0xD8], [0x89, 0x50, 0x4E, 0x47], Array(ImageProbe.pngSignature.prefix(7)), Array("GIF89a".utf8),
            Array("RIFF".utf8), Array("<svg".utf8), [0x00, 0x00, 0x00, 0x18] + Array("ftypisom".utf8),
        ] as [[UInt8]])
    func shortOrOtherFilesAreNotImages(bytes: [UInt8]) {
        #expect(throws: MediaError.notAnImage) { try ImageProbe.inspect(MemoryReader(bytes)) }
    }

    @Test(arguments: [
        (ImageFormat.jpeg, "image/jpeg", "jpg"), (.png, "image/png", "png"), (.webp, "image/webp", "webp"),
    ])
    func formatsNameTheirMediaTypeAndExtension(format: ImageFormat, mediaType: String, fileExtension: String) {
        #expect(format.mediaType == mediaType && format.fileExtension == fileExtension)
    }

    /// The CRC-32 of PNG (check value of "123456789", and IEND's well-known CRC).
    @Test func crc32MatchesTheStandard() {
        #expect(ImageProbe.crc32(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        #expect(ImageProbe.crc32(Array("IEND".utf8)[...]) == 0xAE42_6082)
    }
}
