import HTTP
import Postgres

extension DatabaseError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .unavailable: .serviceUnavailable
        case .statementFailed, .decodingFailed, .missingValue, .migrationFailed, .invalidParameter: .internalServerError
        }
    }

    public var publicMessage: String {
        switch self {
        case .unavailable: "SoraShare is briefly unavailable. Please try again in a moment."
        case .statementFailed, .decodingFailed, .missingValue, .migrationFailed, .invalidParameter:
            "Something went wrong on our side."
        }
    }

    public var responseHeaders: [(String, String)] {
        if case .unavailable = self { return [("Retry-After", "5")] }
        return []
    }
}
