import HTTP

extension FuzzTarget {
    /// Percent-decoding and `Parameters(urlEncoded:)`: decoding is the inverse of encoding every
    /// byte, text without escapes decodes to itself, and no decoded name or value holds a NUL.
    static func urlEncoded(_ input: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: input, as: UTF8.self)
        for plusIsSpace in [false, true] {
            if let decoded = PercentDecoding.decode(text, plusIsSpace: plusIsSpace) {
                let encoded = decoded.utf8.map { "%" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
                try check(
                    PercentDecoding.decode(encoded, plusIsSpace: plusIsSpace) == decoded, "no round trip for \(decoded.debugDescription)")
                // Bytes, not characters: "+" and a combining mark after it are one Character.
                if !text.utf8.contains(UInt8(ascii: "%")) && !(plusIsSpace && text.utf8.contains(UInt8(ascii: "+"))) {
                    try check(decoded == text, "\(text.debugDescription) decoded to \(decoded.debugDescription)")
                }
            }
        }
        guard let parameters = try? Parameters(urlEncoded: text[...]) else { return }
        try check(!parameters.pairs.contains { $0.name.utf8.contains(0) || $0.value.utf8.contains(0) }, "a pair holds a NUL byte")
        if let first = parameters.pairs.first {
            _ = try? parameters.require(first.name, as: Int.self)
            try check(parameters.all(first.name).first == first.value, "the first value of \(first.name.debugDescription) is lost")
        }
    }

    /// The `Cookie` header, alone and repeated: names are never empty or padded, the first value
    /// of a name wins, and setting a cookie back writes one line.
    static func cookies(_ input: [UInt8]) throws(FuzzFailure) {
        let (first, rest) = firstLine(of: input)
        let second = String(decoding: rest, as: UTF8.self)
        let single = Cookies(header: first)
        let both = Cookies(headers: Headers([("Cookie", first), ("cookie", second)]))
        for (name, value) in single.values {
            try check(!name.isEmpty && name.trimmingSpacesAndTabs == name, "cookie name \(name.debugDescription)")
            try check(both[name] == value, "the first header's \(name.debugDescription) did not win")
        }
        if let (name, value) = single.values.first {
            var response = Response.text("")
            let lines = response.serialized(includeBody: false).count(of: [13, 10])
            response.setCookie(SetCookie(name: name, value: value))
            let head = response.serialized(includeBody: false)
            try check(
                head.count(of: [13, 10]) == lines + 1, "a cookie split its line: \(String(decoding: head, as: UTF8.self).debugDescription)")
        }
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }

    var trimmingSpacesAndTabs: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension Array where Element == UInt8 {
    /// How many times `needle` occurs, not overlapping.
    func count(of needle: [UInt8]) -> Int {
        var total = 0
        var index = 0
        while index + needle.count <= count {
            if self[index..<(index + needle.count)].elementsEqual(needle) {
                total += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return total
    }
}
