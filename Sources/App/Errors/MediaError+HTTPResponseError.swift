import HTTP
import Media

extension MediaError: HTTPResponseError {
    /// The member's file is the problem (422), except a file the server cannot read (500).
    public var status: HTTPStatus {
        switch self {
        case .notAnImage, .imageTooLarge, .fileTooLarge, .notAnMP4, .truncated, .malformed, .noVideoTrack: .unprocessableContent
        case .unreadable: .internalServerError
        }
    }

    public var publicMessage: String {
        switch self {
        case .unreadable: "The file could not be read. Please try again in a moment."
        default: message
        }
    }
}
