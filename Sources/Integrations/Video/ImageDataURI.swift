import Foundation

/// The product image as a `data:<type>;base64,…` URI, the way both providers take it inline. The
/// size is checked from the file's length before a byte is read, so an image that would make too
/// long a URI costs nothing and fails with a clear, final `image_too_large` (the worker may pick a
/// provider with a larger limit).
enum ImageDataURI {
    /// The length in bytes of the data URI of `bytes` bytes of `mediaType`.
    static func length(bytes: Int, mediaType: String) -> Int {
        "data:\(mediaType);base64,".utf8.count + (bytes + 2) / 3 * 4
    }

    /// Reads the image at `path` and encodes it, refusing a media type outside `accepted` and a URI of
    /// `limit` bytes or more.
    static func make(path: String, mediaType: String, accepted: Set<String>, limit: Int, provider: String) throws(ProviderFailure) -> String
    {
        guard accepted.contains(mediaType) else {
            throw ProviderFailure(
                code: "unsupported_image",
                message: "\(provider) does not take \(mediaType) images (it takes \(accepted.sorted().joined(separator: ", "))).",
                retryable: false)
        }
        let unreadable = ProviderFailure(code: "image_unreadable", message: "The product image could not be read.", retryable: false)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
            throw unreadable
        }
        let uriLength = length(bytes: size.intValue, mediaType: mediaType)
        guard uriLength < limit else {
            throw ProviderFailure(
                code: "image_too_large",
                message: "The product image is too large for \(provider): as a data URI it is \(ProviderAnswers.megabytes(uriLength)) MB, "
                    + "and \(provider) takes less than \(ProviderAnswers.megabytes(limit)) MB.",
                retryable: false)
        }
        guard let bytes = FileManager.default.contents(atPath: path), bytes.count == size.intValue else { throw unreadable }
        return "data:\(mediaType);base64," + bytes.base64EncodedString()
    }
}
