/// A seeded byte-string mutator in the manner of libFuzzer's: bit flips, byte changes, inserts,
/// deletes, duplicated ranges, runs of one byte, splices with another seed, and tokens that
/// parsers care about (interesting integers, escapes, NUL, invalid UTF-8, CRLF, delimiters).
/// The same seed gives the same inputs, so a failure in `make test` reproduces.
struct Mutator {
    /// Fragments worth inserting: integers at the edges of `Int`, escapes, separators.
    static let tokens: [[UInt8]] =
        [
            "0", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551615",
            "4294967296", "2147483648", "99999999999999999999999", "1e9", "0x10", "%00", "%", "%0", "%G1", "%C3%28", "%FF",
            "%2F", "+", "\r\n", "\r\n\r\n", "\n\n", "--", "=", ";", ",", "\"", "\\", " ", "\t", "{{", "}}", "{{#", "{{/",
            "{{^", "{{>", "{{<", "{{$", "{{&", "{{{", "}}}", "{{=| |=}}", "{{!", "{{>*partial}}", "t=", "v1=", "v0=",
            "boundary=", "Content-Disposition: form-data; name=\"", "\"; filename=\"", "Content-Type: ",
            "multipart/form-data; boundary=", "application/x-www-form-urlencoded", "CONTENT_LENGTH=", "CONTENT_TYPE=",
            "REQUEST_URI=/", "REQUEST_METHOD=", "HTTP_COOKIE=", "HTTPS=on", "?", "&", "/", "..", "\u{0}", "\u{FEFF}",
            "\u{1F3AC}", "\u{2028}",
        ].map { Array($0.utf8) } + [[0xC3], [0xE2, 0x82], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]]
    static let interestingBytes: [UInt8] = [0, 1, 9, 10, 13, 32, 34, 37, 43, 44, 45, 47, 59, 61, 92, 123, 125, 127, 128, 191, 192, 255]
    static let interestingIntegers = ["0", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "4294967295"]

    private var random: SeededGenerator
    private let corpus: [[UInt8]]
    private let maxLength: Int

    init(seed: UInt64, corpus: [[UInt8]], maxLength: Int) {
        random = SeededGenerator(seed: seed)
        self.corpus = corpus.isEmpty ? [[]] : corpus
        self.maxLength = maxLength
    }

    /// A seed of the corpus, chosen at random.
    mutating func seed() -> [UInt8] {
        corpus[pick(corpus.count)]
    }

    /// `input` with one to four random mutations, cut to the longest input worth trying.
    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...pick(4) {
            mutateOnce(&bytes)
        }
        if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        let position = pick(bytes.count + 1)
        switch pick(12) {
        case 0 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] ^= 1 << UInt8(pick(8))
        case 1 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] = byte()
        case 2:
            bytes.insert(byte(), at: position)
        case 3 where !bytes.isEmpty:
            let start = min(position, bytes.count - 1)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + pick(16)))
        case 4 where !bytes.isEmpty:
            let start = pick(bytes.count)
            let copy = bytes[start..<min(bytes.count, start + 1 + pick(64))]
            bytes.insert(contentsOf: copy, at: pick(bytes.count + 1))
        case 5:
            bytes.insert(contentsOf: Self.tokens[pick(Self.tokens.count)], at: position)
        case 6 where !bytes.isEmpty:
            let start = min(position, bytes.count - 1)
            bytes.replaceSubrange(start..<min(bytes.count, start + 1 + pick(8)), with: Self.tokens[pick(Self.tokens.count)])
        case 7:
            let other = seed()
            bytes = Array(bytes[..<position]) + Array(other[pick(other.count + 1)...])
        case 8:
            bytes.insert(contentsOf: repeatElement(byte(), count: 1 + pick(pick(2) == 0 ? 16 : 1024)), at: position)
        case 9:
            replaceANumber(&bytes)
        case 10 where !bytes.isEmpty:
            bytes.removeLast(pick(bytes.count))
        default:
            bytes.insert(contentsOf: Self.tokens[pick(Self.tokens.count)], at: position)
        }
    }

    /// Replaces a run of digits (a length, a timestamp, an escape) with an interesting integer.
    private mutating func replaceANumber(_ bytes: inout [UInt8]) {
        let digits = bytes.indices.filter { (48...57).contains(bytes[$0]) }
        guard !digits.isEmpty else { return }
        var start = digits[pick(digits.count)]
        while start > 0, (48...57).contains(bytes[start - 1]) { start -= 1 }
        var end = start
        while end < bytes.count, (48...57).contains(bytes[end]) { end += 1 }
        bytes.replaceSubrange(start..<end, with: Array(Self.interestingIntegers[pick(Self.interestingIntegers.count)].utf8))
    }

    private mutating func byte() -> UInt8 {
        pick(2) == 0 ? Self.interestingBytes[pick(Self.interestingBytes.count)] : UInt8(truncatingIfNeeded: random.next())
    }

    /// A number in `0..<bound` (0 when `bound` is 0).
    private mutating func pick(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(random.next() % UInt64(bound))
    }
}

/// SplitMix64: small, fast, and the same sequence everywhere for a seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
