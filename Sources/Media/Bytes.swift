/// Integers from bytes already read: callers read at least `offset + count` bytes first.
extension [UInt8] {
    /// The unsigned big-endian integer of `count` (at most 8) bytes at `offset`.
    func bigEndian(at offset: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in self[offset..<offset + count] { value = value << 8 | UInt64(byte) }
        return value
    }

    /// The unsigned little-endian integer of `count` (at most 8) bytes at `offset`.
    func littleEndian(at offset: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in self[offset..<offset + count].reversed() { value = value << 8 | UInt64(byte) }
        return value
    }

    /// Whether the bytes at `offset` are `prefix` (false when there are too few).
    func has(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        offset >= 0 && count - offset >= prefix.count && self[offset..<offset + prefix.count].elementsEqual(prefix)
    }
}

/// Bytes fetched from a reader a block at a time, for walks that go byte by byte (JPEG markers).
struct ReadWindow<Reader: MediaReader> {
    static var blockSize: Int { 4096 }

    let reader: Reader
    private var start = 0
    private var buffer: [UInt8] = []

    init(_ reader: Reader) {
        self.reader = reader
    }

    /// The byte at `offset`; `.truncated` past the end of the file.
    mutating func byte(at offset: Int) throws(MediaError) -> UInt8 {
        if offset < start || offset - start >= buffer.count {
            guard offset >= 0, offset < reader.size else { throw .truncated }
            buffer = try reader.read(at: offset, count: Swift.min(Self.blockSize, reader.size - offset))
            start = offset
        }
        return buffer[offset - start]
    }

    /// The big-endian 16-bit number at `offset`.
    mutating func uint16(at offset: Int) throws(MediaError) -> Int {
        let high = try byte(at: offset)
        return Int(high) << 8 | Int(try byte(at: offset + 1))
    }
}
