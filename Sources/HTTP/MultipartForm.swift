/// A parsed `multipart/form-data` body: plain fields in memory, files on disk.
public struct MultipartForm: Sendable {
    public var fields = Parameters()
    public var files: [UploadedFile] = []

    /// The first file sent under `name`.
    public func file(_ name: String) -> UploadedFile? {
        files.first { $0.fieldName == name }
    }
}

extension Request {
    /// Parses a `multipart/form-data` body, streaming file parts to temporary files. Other media
    /// types are a 415, a malformed body a 400, one over the size limit a 413.
    public func multipartForm(maxFieldBytes: Int = 64 * 1024) throws(HTTPError) -> MultipartForm {
        guard mediaType == "multipart/form-data" else {
            throw .unsupportedMediaType("Expected a multipart/form-data upload.")
        }
        guard let boundary = MultipartParser.boundary(fromContentType: headers["Content-Type"] ?? "") else {
            throw .badRequest("The multipart upload has no boundary.")
        }
        var parser = MultipartParser(body: body, boundary: boundary, maxFieldBytes: maxFieldBytes)
        return try parser.parse()
    }
}
