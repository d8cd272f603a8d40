import Testing

@testable import Media

/// Thousands of damaged copies of the fixtures (a fixed seed: the same copies every run) through
/// both probes: each ends in a value or a `MediaError`, never a trap, and after a bounded number
/// of reads. (A general fuzz harness lives elsewhere; this is the quick one for this module.)
@Suite struct MutationTests {
    /// SplitMix64: a small generator whose sequence depends only on its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Where box sizes and the like are: the four bytes before each known box type, and the
    /// headers' first bytes, so that damage lands on the fields the probes trust.
    static func hotSpots(_ bytes: [UInt8]) -> [Int] {
        let types = ["ftyp", "moov", "mvhd", "trak", "tkhd", "mdia", "hdlr", "mdat", "free", "udta", "IHDR", "VP8 ", "VP8L", "VP8X"]
        var spots = Array(0..<min(bytes.count, 40))
        for offset in 4..<max(4, bytes.count - 3) where types.contains(where: { bytes.has(Array($0.utf8), at: offset) }) {
            spots.append(offset - 4)
            spots.append(offset + 4)
        }
        return spots
    }

    static func mutate(_ bytes: inout [UInt8], spots: [Int], using random: inout SeededGenerator) {
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { return }
            let spot = spots.randomElement(using: &random) ?? 0
            let at = Bool.random(using: &random) ? min(spot, bytes.count - 1) : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 1: bytes[at] = [0x00, 0xFF, 0x01, 0x7F, 0x80].randomElement(using: &random) ?? 0
            case 2:
                // A size field: zero, one (64-bit size follows), tiny, huge or random.
                let value =
                    [0, 1, 4, 7, 8, 0xFFFF_FFFF, UInt32.random(in: 0...UInt32.max, using: &random)].randomElement(using: &random) ?? 0
                for index in 0..<4 where at + index < bytes.count {
                    bytes[at + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index))
                }
            case 3: bytes.removeSubrange(Int.random(in: 0...bytes.count, using: &random)...)
            case 4: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &random)))
            default: bytes.insert(contentsOf: [UInt8](repeating: 0xFF, count: Int.random(in: 1...32, using: &random)), at: at)
            }
        }
    }

    @Test func damagedFixturesEndInAValueOrAnError() throws {
        let files = try Fixture.all.map { try Fixture.bytes($0) }
        let spots = files.map(Self.hotSpots)
        var random = SeededGenerator(state: 0x5EED_0010)
        var images = (passed: 0, refused: 0)
        var videos = (passed: 0, refused: 0)
        for iteration in 0..<4000 {
            let index = iteration % files.count
            var bytes = files[index]
            Self.mutate(&bytes, spots: spots[index], using: &random)
            let reader = CountingReader(MemoryReader(bytes))
            do {
                _ = try ImageProbe.inspect(reader, limits: .productImage)
                images.passed += 1
            } catch { images.refused += 1 }
            // Each block of a JPEG walk is read at most once per segment; 1000 segments at most.
            #expect(reader.reads <= 2 * ImageProbe.maxJPEGSegments + 2, "image probe, iteration \(iteration)")
            let reads = reader.reads
            do {
                _ = try MP4Probe.inspect(reader)
                videos.passed += 1
            } catch { videos.refused += 1 }
            // One read per box header: at most one per 8 bytes at each of the 4 levels walked (top,
            // moov, trak, mdia), one per track's handler, and a few for the other headers' payloads.
            #expect(reader.reads - reads <= bytes.count / 2 + 8, "MP4 probe, iteration \(iteration)")
        }
        // The damage was of every kind: some copies still pass, most do not.
        #expect(images.passed > 100 && images.refused > 1000, "\(images)")
        #expect(videos.passed > 100 && videos.refused > 1000, "\(videos)")
    }
}
