import Foundation

/// Where the studio keeps product images and finished videos, so that responders and workers on
/// several machines see the same files: a local directory (served by nginx's internal `/_media/`
/// location) or S3-compatible object storage. Keys are relative paths chosen by the caller
/// (content-addressed: `images/ab/abcdef….png`, `videos/…mp4`).
public protocol MediaStorage: Sendable {
    /// Stores the file at `path` under `key` (replacing what is there).
    func put(file path: String, key: String, contentType: String) throws(StorageError)
    /// Copies the object at `key` into the file at `path` (the worker's checks).
    func fetch(key: String, to path: String) throws(StorageError)
    /// Removes the object; a missing object is no error.
    func delete(key: String) throws(StorageError)
    func exists(key: String) throws(StorageError) -> Bool
    /// How a browser gets the object once the app has checked who asks: a path for nginx's
    /// `X-Accel-Redirect`, or a short-lived URL to redirect to. `filename` names a download.
    func delivery(key: String, contentType: String, filename: String?, expiresIn seconds: Int) throws(StorageError) -> MediaDelivery
}

/// How the app hands a stored object to the browser.
public enum MediaDelivery: Sendable, Equatable {
    /// An internal nginx location serving it (range requests included).
    case accelRedirect(String)
    /// A presigned URL to send the browser to.
    case redirect(URL)
}

/// A storage failure (detail for the log, never with keys or signatures).
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(key: String)
    case unavailable(String)
    case rejected(String)

    public var description: String {
        switch self {
        case .notFound(let key): "no object at \(key)"
        case .unavailable(let detail): "storage unavailable: \(detail)"
        case .rejected(let detail): "storage refused: \(detail)"
        }
    }
}
