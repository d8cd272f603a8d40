/// Recognises a JPEG, PNG or WebP image by its content and reads its dimensions from its header,
/// without decoding a pixel: a 50000 × 50000 image with a tiny body (a decompression bomb) is
/// refused by its dimensions before anything decodes it.
public enum ImageProbe {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegStart: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let riff = Array("RIFF".utf8)
    static let webp = Array("WEBP".utf8)

    /// Checks the file's size against `limits` before reading a byte, then its format and its
    /// dimensions: `.fileTooLarge`, `.notAnImage`, `.truncated`, `.malformed` or `.imageTooLarge`.
    public static func inspect(_ reader: some MediaReader, limits: ImageLimits) throws(MediaError) -> ImageInfo {
        guard reader.size <= limits.maxBytes else { throw .fileTooLarge(bytes: reader.size, limit: limits.maxBytes) }
        let info = try inspect(reader)
        try info.check(limits)
        return info
    }

    /// `inspect(_:limits:)` on the file at `path` (`.unreadable` when it cannot be opened).
    public static func inspect(path: String, limits: ImageLimits) throws(MediaError) -> ImageInfo {
        try inspect(try FileReader(path: path), limits: limits)
    }

    /// The image's format and dimensions, whatever they are (no limits).
    public static func inspect(_ reader: some MediaReader) throws(MediaError) -> ImageInfo {
        let start = try reader.read(at: 0, count: min(reader.size, 12))
        let format: ImageFormat
        let size: (width: Int, height: Int)
        if start.has(pngSignature) {
            format = .png
            size = try png(reader)
        } else if start.has(jpegStart) {
            format = .jpeg
            size = try jpeg(reader)
        } else if start.has(riff), start.has(webp, at: 8) {
            format = .webp
            size = try webP(reader)
        } else {
            throw .notAnImage
        }
        guard size.width > 0, size.height > 0 else { throw .malformed("its header says it has no pixels") }
        return ImageInfo(format: format, width: size.width, height: size.height)
    }

    /// PNG: the signature, then the IHDR chunk (13 bytes: width and height first) and its CRC.
    static func png(_ reader: some MediaReader) throws(MediaError) -> (width: Int, height: Int) {
        guard reader.size >= 33 else { throw .truncated }
        let head = try reader.read(at: 0, count: 33)
        guard head.bigEndian(at: 8, count: 4) == 13, head.has(Array("IHDR".utf8), at: 12) else {
            throw .malformed("the PNG does not start with its header chunk")
        }
        guard UInt64(crc32(head[12..<29])) == head.bigEndian(at: 29, count: 4) else {
            throw .malformed("the PNG's header chunk fails its checksum")
        }
        return (Int(head.bigEndian(at: 16, count: 4)), Int(head.bigEndian(at: 20, count: 4)))
    }

    /// The CRC-32 of PNG chunks (ISO 3309, reflected 0xEDB88320).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
