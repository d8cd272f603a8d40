import FastCGI
import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// A responder small enough to predict byte for byte: it answers `METHOD path name=value…`, plus
/// the body or the uploaded files when asked to read them.
struct EchoResponder: RequestResponder {
    /// What the responder does with the body.
    enum BodyHandling: Sendable {
        /// Leaves it unread (the exchange must drain it).
        case ignore
        /// Reads it whole and echoes it after `body=`.
        case echo
        /// Parses a multipart upload and echoes each file as `name:size:exists` (the file must exist while the request runs).
        case upload
    }

    var body = BodyHandling.ignore

    func respond(to request: Request) -> Response {
        var text = "\(request.method) \(request.path)"
        for pair in request.query.pairs { text += " \(pair.name)=\(pair.value)" }
        do throws(HTTPError) {
            switch body {
            case .ignore: break
            case .echo: text += " body=" + String(decoding: try request.body.bytes(), as: UTF8.self)
            case .upload:
                for file in try request.multipartForm().files {
                    text += " \(file.filename):\(file.size):\(access(file.path, F_OK) == 0)"
                }
            }
        } catch .payloadTooLarge(let limit) {
            return .text("over \(limit) bytes", status: .payloadTooLarge)
        } catch {
            return .text("\(error)", status: .badRequest)
        }
        return .text(text)
    }

    func respond(toInvalidRequest error: HTTPError) -> Response {
        guard case .badRequest(let message) = error else { return .text("unexpected \(error)", status: .internalServerError) }
        return .text(message, status: .badRequest)
    }
}
