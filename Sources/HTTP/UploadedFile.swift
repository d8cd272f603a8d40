/// A file part of a multipart form, streamed to a temporary file that lives until the request
/// has been answered.
public struct UploadedFile: Sendable, Equatable {
    /// The form field's name.
    public let fieldName: String
    /// The file name the client sent (not to be trusted as a path).
    public let filename: String
    public let contentType: String
    /// Where the bytes are on disk.
    public let path: String
    public let size: Int
}
