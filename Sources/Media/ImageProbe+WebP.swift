extension ImageProbe {
    /// WebP: the RIFF header (whose size must fit in the file), then the first chunk: `VP8 ` (lossy:
    /// key frame tag, start code 9D 01 2A, 14-bit width and height), `VP8L` (lossless: signature
    /// 0x2F, 14-bit width − 1 and height − 1, version 0) or `VP8X` (extended: 24-bit canvas width − 1
    /// and height − 1).
    static func webP(_ reader: some MediaReader) throws(MediaError) -> (width: Int, height: Int) {
        let head = try reader.read(at: 0, count: min(reader.size, 30))
        guard head.count >= 20 else { throw .truncated }
        guard head.littleEndian(at: 4, count: 4) + 8 <= UInt64(reader.size) else { throw .truncated }
        let chunkSize = head.littleEndian(at: 16, count: 4)
        let at = 20  // the chunk's payload
        /// The chunk's first `count` bytes are inside the chunk, and in `head`.
        func require(_ count: Int) throws(MediaError) {
            guard chunkSize >= UInt64(count) else { throw .malformed("the WebP's image chunk is too short") }
            guard head.count >= at + count else { throw .truncated }
        }
        switch String(decoding: head[12..<16], as: UTF8.self) {
        case "VP8 ":
            try require(10)
            guard head[at] & 1 == 0, head.has([0x9D, 0x01, 0x2A], at: at + 3) else {
                throw .malformed("the WebP's lossy image does not start with a key frame")
            }
            return (Int(head.littleEndian(at: at + 6, count: 2) & 0x3FFF), Int(head.littleEndian(at: at + 8, count: 2) & 0x3FFF))
        case "VP8L":
            try require(5)
            let bits = head.littleEndian(at: at + 1, count: 4)
            guard head[at] == 0x2F, bits >> 29 == 0 else { throw .malformed("the WebP's lossless image header is not one") }
            return (Int(bits & 0x3FFF) + 1, Int(bits >> 14 & 0x3FFF) + 1)
        case "VP8X":
            try require(10)
            return (Int(head.littleEndian(at: at + 4, count: 3)) + 1, Int(head.littleEndian(at: at + 7, count: 3)) + 1)
        default:
            throw .malformed("the WebP does not start with an image chunk")
        }
    }
}
