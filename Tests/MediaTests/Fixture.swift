import Foundation
import Media

/// The files in Fixtures/ (how each was made: Fixtures/README.md), found next to this file.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static let images = [
        "baseline.jpg", "progressive.jpg", "image.png", "lossy.webp", "lossless.webp", "extended.webp", "bomb.png", "image.gif", "html.png",
        "drawing.svg",
    ]
    static let videos = [
        "portrait-5s-faststart.mp4", "portrait-5s.mp4", "landscape-5s.mp4", "square-5s.mp4", "portrait-10s.mp4", "audio-first-5s.mp4",
        "audio-only.mp4", "rotated-90.mp4", "truncated-moov.mp4", "truncated-mdat.mp4", "random.mp4",
    ]
    static var all: [String] { images + videos }

    static func path(_ name: String) -> String { directory + "/" + name }

    static func reader(_ name: String) throws -> FileReader { try FileReader(path: path(name)) }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }
}

/// A reader that counts what is asked of the one it wraps: the probes must read headers, not files.
final class CountingReader<Base: MediaReader>: MediaReader {
    let base: Base
    private(set) var reads = 0
    private(set) var bytesRead = 0
    /// Every range read, in order.
    private(set) var ranges: [Range<Int>] = []

    init(_ base: Base) {
        self.base = base
    }

    var size: Int { base.size }

    func read(at offset: Int, count: Int) throws(MediaError) -> [UInt8] {
        reads += 1
        let bytes = try base.read(at: offset, count: count)
        bytesRead += bytes.count
        ranges.append(offset..<offset + count)
        return bytes
    }
}

/// The outcome of a probe, comparable in tables.
enum Outcome<Value: Equatable & Sendable>: Equatable, Sendable {
    case value(Value)
    case error(MediaError)

    init(_ body: () throws(MediaError) -> Value) {
        do { self = .value(try body()) } catch { self = .error(error) }
    }
}

/// Big-endian bytes for building headers by hand.
func bigEndian(_ value: UInt64, bytes count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(count - 1 - $0))) }
}

/// Little-endian bytes for building headers by hand.
func littleEndian(_ value: UInt64, bytes count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}
