/// ISO base media boxes built by hand, for the edge cases ffmpeg does not make.
enum MP4Bytes {
    /// A box with a 32-bit size (or the size given, true or not).
    static func box(_ type: String, _ payload: [UInt8], size: UInt64? = nil) -> [UInt8] {
        bigEndian(size ?? UInt64(8 + payload.count), bytes: 4) + Array(type.utf8) + payload
    }

    /// A box with size 1 and a 64-bit size (or the one given).
    static func largeBox(_ type: String, _ payload: [UInt8], largeSize: UInt64? = nil) -> [UInt8] {
        bigEndian(1, bytes: 4) + Array(type.utf8) + bigEndian(largeSize ?? UInt64(16 + payload.count), bytes: 8) + payload
    }

    static func container(_ type: String, _ children: [[UInt8]]) -> [UInt8] { box(type, children.flatMap { $0 }) }

    static func fileType(_ brand: String = "isom") -> [UInt8] {
        box("ftyp", Array(brand.utf8) + bigEndian(512, bytes: 4) + Array("isomiso2".utf8))
    }

    /// `mvhd` with its full size (100 or 112 bytes of payload).
    static func movieHeader(version: UInt8 = 0, timescale: UInt64 = 1000, duration: UInt64 = 5000) -> [UInt8] {
        let times = version == 0 ? [UInt8](repeating: 0, count: 8) : [UInt8](repeating: 0, count: 16)
        let durationBytes = bigEndian(duration, bytes: version == 0 ? 4 : 8)
        return box("mvhd", [version, 0, 0, 0] + times + bigEndian(timescale, bytes: 4) + durationBytes + [UInt8](repeating: 0, count: 80))
    }

    static let identity: [Int32] = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x4000_0000]
    static let quarterTurn: [Int32] = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x4000_0000]

    /// `tkhd` with width and height in 16.16 fixed point (84 or 96 bytes of payload).
    static func trackHeader(version: UInt8 = 0, width: UInt64, height: UInt64, matrix: [Int32] = identity) -> [UInt8] {
        let times = [UInt8](repeating: 0, count: version == 0 ? 20 : 32)
        let middle = [UInt8](repeating: 0, count: 16) + matrix.flatMap { bigEndian(UInt64(UInt32(bitPattern: $0)), bytes: 4) }
        return box("tkhd", [version, 0, 0, 3] + times + middle + bigEndian(width, bytes: 4) + bigEndian(height, bytes: 4))
    }

    static func handler(_ type: String) -> [UInt8] {
        box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0] + Array(type.utf8) + [UInt8](repeating: 0, count: 13))
    }

    static func track(_ handlerType: String = "vide", header: [UInt8]? = nil) -> [UInt8] {
        container("trak", [header ?? trackHeader(width: 180 << 16, height: 320 << 16), container("mdia", [handler(handlerType)])])
    }

    static let mediaData = box("mdat", [UInt8](repeating: 0xAB, count: 64))

    /// ftyp, moov (mvhd and the tracks), mdat: a 180 × 320 movie of 5 s unless told otherwise.
    static func movie(header: [UInt8] = movieHeader(), tracks: [[UInt8]] = [track()], data: [UInt8] = mediaData) -> [UInt8] {
        fileType() + container("moov", [header] + tracks) + data
    }

    /// Where the payload of the first top-level box of `type` lies (32-bit sizes only).
    static func payload(of type: String, in bytes: [UInt8]) -> Range<Int>? {
        var offset = 0
        while offset + 8 <= bytes.count {
            let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard size >= 8 else { return nil }
            if Array(bytes[offset + 4..<offset + 8]) == Array(type.utf8) { return offset + 8..<offset + size }
            offset += size
        }
        return nil
    }
}
