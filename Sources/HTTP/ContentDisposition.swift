/// The parts of a multipart part's `Content-Disposition: form-data; name="…"; filename="…"`
/// header that a form needs, plus the part's content type.
struct ContentDisposition {
    let name: String
    let filename: String?
    let contentType: String

    init(_ headers: Headers) throws(HTTPError) {
        guard let value = headers["Content-Disposition"] else {
            throw MultipartParser.malformed("a part has no Content-Disposition header")
        }
        let parameters = Self.parameters(of: value)
        guard parameters.first?.name.lowercased() == "form-data", let name = parameters.first(where: { $0.name == "name" })?.value
        else {
            throw MultipartParser.malformed("a part is not a named form-data field")
        }
        self.name = name
        self.filename = parameters.first { $0.name == "filename" }?.value
        self.contentType = headers["Content-Type"] ?? "application/octet-stream"
    }

    /// Splits `form-data; name="a;b"; filename="x\"y"` on semicolons outside quotes and unquotes
    /// values. The leading token comes back with an empty value.
    private static func parameters(of value: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        func finish() {
            let pair = current.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pair[0].trimmingCharacters()
            var text = pair.count > 1 ? pair[1].trimmingCharacters() : ""
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast())
            }
            if !name.isEmpty { result.append((name: name, value: text)) }
            current = ""
        }
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if character == ";" && !inQuotes {
                finish()
            } else {
                current.append(character)
            }
        }
        finish()
        return result
    }
}
