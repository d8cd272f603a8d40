extension ImageProbe {
    /// The most segments (APPn, DQT, DHT, COM, …) walked before the frame header: real files have
    /// a few dozen at most.
    static let maxJPEGSegments = 1000
    /// The most fill bytes (0xFF) allowed before one marker.
    static let maxJPEGFillBytes = 1024

    /// JPEG: after SOI, walks the marker segments by their lengths until a start-of-frame marker
    /// (SOF0–SOF15 except DHT C4, JPG C8 and DAC CC), whose header holds height then width. A scan
    /// or the end of the image before any frame header is refused.
    static func jpeg(_ reader: some MediaReader) throws(MediaError) -> (width: Int, height: Int) {
        var window = ReadWindow(reader)
        var offset = 2
        for _ in 0..<maxJPEGSegments {
            guard try window.byte(at: offset) == 0xFF else { throw .malformed("the JPEG has bytes where a marker should be") }
            var markerOffset = offset + 1
            var marker = try window.byte(at: markerOffset)
            while marker == 0xFF {
                guard markerOffset - offset <= maxJPEGFillBytes else { throw .malformed("the JPEG has too many fill bytes") }
                markerOffset += 1
                marker = try window.byte(at: markerOffset)
            }
            let segment = markerOffset + 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                offset = segment  // TEM and RSTn stand alone: no length
                continue
            case 0x00, 0xD8: throw .malformed("the JPEG has a marker out of place")
            case 0xD9, 0xDA: throw .malformed("the JPEG's image data comes before its frame header")
            default: break
            }
            let length = try window.uint16(at: segment)
            guard length >= 2 else { throw .malformed("a JPEG segment is shorter than its length field") }
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                // Length (2), precision (1), height (2), width (2), components (1).
                guard length >= 8 else { throw .malformed("the JPEG's frame header is too short") }
                return (try window.uint16(at: segment + 5), try window.uint16(at: segment + 3))
            }
            offset = segment + length
        }
        throw .malformed("the JPEG has too many segments before its frame header")
    }
}
