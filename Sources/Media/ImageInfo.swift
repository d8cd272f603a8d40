/// The image formats the studio accepts, recognised by their content.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg
    case png
    case webp

    /// The media type to store and send it with.
    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        }
    }

    /// The file name extension to store it under (whatever the upload was called).
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }
}

/// What an image's header says: its format and its size in pixels (nothing decoded).
public struct ImageInfo: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// Refuses dimensions beyond `limits` (`.imageTooLarge`); the file's size is checked by
    /// `ImageProbe.inspect(_:limits:)` before it reads anything.
    public func check(_ limits: ImageLimits) throws(MediaError) {
        guard width <= limits.maxWidth, height <= limits.maxHeight else {
            throw .imageTooLarge(width: width, height: height, maxWidth: limits.maxWidth, maxHeight: limits.maxHeight)
        }
    }
}

/// How large an accepted image may be, in pixels each way and in bytes.
public struct ImageLimits: Sendable, Equatable {
    public let maxWidth: Int
    public let maxHeight: Int
    public let maxBytes: Int

    public init(maxWidth: Int, maxHeight: Int, maxBytes: Int) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxBytes = maxBytes
    }

    /// The studio's product images (issue 10): 8000 × 8000 pixels and 10 MB.
    public static let productImage = ImageLimits(maxWidth: 8000, maxHeight: 8000, maxBytes: 10 << 20)
}
