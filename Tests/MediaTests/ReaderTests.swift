import Foundation
import Media
import Testing

@Suite struct ReaderTests {
    static let bytes: [UInt8] = Array(0..<10)

    @Test(arguments: [
        (0, 0, Outcome<[UInt8]>.value([])), (0, 3, .value([0, 1, 2])), (7, 3, .value([7, 8, 9])), (10, 0, .value([])),
        (0, 10, .value(Array(0..<10))), (8, 3, .error(.truncated)), (11, 0, .error(.truncated)), (-1, 2, .error(.truncated)),
        (0, -1, .error(.truncated)), (Int.max, 1, .error(.truncated)), (1, Int.max, .error(.truncated)),
    ])
    func memoryReaderReadsExactlyTheRangeOrNothing(offset: Int, count: Int, expected: Outcome<[UInt8]>) {
        #expect(Outcome { () throws(MediaError) in try MemoryReader(Self.bytes).read(at: offset, count: count) } == expected)
    }

    @Test func fileReaderReadsTheRangesItIsAskedFor() throws {
        let whole = try Fixture.bytes("portrait-5s.mp4")
        let reader = try Fixture.reader("portrait-5s.mp4")
        #expect(reader.size == 2872 && whole.count == 2872)
        for (offset, count) in [(0, 8), (1896, 8), (2864, 8), (2872, 0), (100, 1000), (0, 2872)] {
            #expect(try reader.read(at: offset, count: count) == Array(whole[offset..<offset + count]))
        }
        for (offset, count) in [(2865, 8), (2873, 0), (-1, 1), (0, -1), (Int.max, 1), (1, Int.max)] {
            #expect(throws: MediaError.truncated) { try reader.read(at: offset, count: count) }
        }
    }

    @Test(arguments: [
        ("/nonexistent/wt10-media/nothing.png", MediaError.unreadable("open: No such file or directory (errno 2)")),
        ("/", .unreadable("not a regular file")), ("/dev/null", .unreadable("not a regular file")),
    ])
    func fileReaderRefusesWhatIsNotARegularFile(path: String, expected: MediaError) {
        #expect(throws: expected) { try FileReader(path: path) }
    }

    /// 500 readers opened and dropped leave no descriptor open (the count allows for other tests' files).
    @Test func fileReaderClosesItsDescriptor() throws {
        func openDescriptors() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }
        let before = try openDescriptors()
        for _ in 0..<500 { #expect(try Fixture.reader("image.png").size == 469) }
        #expect(try openDescriptors() < before + 50)
    }
}
