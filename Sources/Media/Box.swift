/// One ISO base media file format box: where its header starts, where its payload starts and
/// where it ends (ISO/IEC 14496-12 §4.2).
struct Box: Equatable {
    /// The four-character type as a big-endian number (`Box.type("moov")`).
    let type: UInt32
    let offset: Int
    let payload: Int
    let end: Int

    var payloadSize: Int { end - payload }

    /// The number a four-character type is stored as.
    static func type(_ name: StaticString) -> UInt32 {
        var value: UInt32 = 0
        name.withUTF8Buffer { bytes in
            for byte in bytes { value = value << 8 | UInt32(byte) }
        }
        return value
    }
}

/// Lists the boxes inside a range of a file, checking each header against the file and against
/// the box that holds it, with one budget of boxes for the whole file (a file of millions of
/// tiny boxes is refused, not walked). Every box is at least 8 bytes long, so a walk always
/// moves forward: it cannot loop.
struct BoxWalker<Reader: MediaReader> {
    /// The most boxes read in one file, at every level: a short clip has a few dozen.
    static var maxBoxes: Int { 10_000 }

    let reader: Reader
    private(set) var boxesLeft = Self.maxBoxes

    init(_ reader: Reader) {
        self.reader = reader
    }

    /// The boxes at the top of the file: one that goes past the end is `.truncated`.
    mutating func topLevel() throws(MediaError) -> [Box] {
        try boxes(from: 0, to: reader.size, topLevel: true)
    }

    /// The boxes inside `parent`: one that goes past it is `.malformed`. Fewer than 8 bytes left
    /// at the end are padding (QuickTime ends some lists with a 32-bit zero).
    mutating func children(of parent: Box) throws(MediaError) -> [Box] {
        try boxes(from: parent.payload, to: parent.end, topLevel: false)
    }

    private mutating func boxes(from start: Int, to end: Int, topLevel: Bool) throws(MediaError) -> [Box] {
        var boxes: [Box] = []
        var offset = start
        while offset < end {
            guard end - offset >= 8 else {
                if topLevel { throw .truncated }
                break
            }
            guard boxesLeft > 0 else { throw .malformed("it has too many boxes") }
            boxesLeft -= 1
            let box = try header(at: offset, end: end, topLevel: topLevel)
            boxes.append(box)
            offset = box.end
        }
        return boxes
    }

    /// The header at `offset`: 32-bit size and type; size 1 means a 64-bit size follows, size 0
    /// that the box runs to `end`; a `uuid` box has 16 more bytes of extended type. Reads the 8
    /// bytes of the header (16 with a 64-bit size) and not one byte of the payload.
    private func header(at offset: Int, end: Int, topLevel: Bool) throws(MediaError) -> Box {
        let available = end - offset
        let bytes = try reader.read(at: offset, count: 8)
        let type = UInt32(bytes.bigEndian(at: 4, count: 4))
        var headerSize = 8
        var size: Int
        switch bytes.bigEndian(at: 0, count: 4) {
        case 0: size = available
        case 1:
            guard available >= 16 else { throw topLevel ? .truncated : .malformed("a box ends inside its own header") }
            headerSize = 16
            // Past Int.max is past any file: too large either way.
            size = Int(exactly: try reader.read(at: offset + 8, count: 8).bigEndian(at: 0, count: 8)) ?? Int.max
        case let small: size = Int(small)
        }
        if type == Box.type("uuid") { headerSize += 16 }
        guard size >= headerSize else { throw .malformed("a box is smaller than its own header") }
        guard size <= available else { throw topLevel ? .truncated : .malformed("a box is larger than the box that holds it") }
        return Box(type: type, offset: offset, payload: offset + headerSize, end: offset + size)
    }
}
