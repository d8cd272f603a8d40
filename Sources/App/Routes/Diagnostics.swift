import Cryptography
import Foundation
import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// Test-only routes under `/_diag/`, switched on by SORASHARE_DIAGNOSTICS=1. The integration
/// tests use them to see exactly what reached the app through nginx (decoded paths, cookies,
/// uploads, slow requests). Never enabled in production.
enum Diagnostics {
    static func register(on router: inout Router<RequestContext>) {
        router.get("/_diag/echo/:word", echo)
        router.post("/_diag/echo/:word", echo)
        router.get("/_diag/cookie", setCookie)
        router.post("/_diag/form", bodyLimit: .server, form)
        router.post("/_diag/upload", bodyLimit: .server, upload)
        router.get("/_diag/sleep", sleep)
        router.get("/_diag/database", database)
    }

    /// What the app decoded from the request.
    @Sendable static func echo(_ request: Request, _ context: RequestContext) throws -> Response {
        .json([
            "method": .string(request.method.description),
            "path": .string(request.path),
            "raw_path": .string(request.rawPath),
            "word": .string(request.pathParameters["word"] ?? ""),
            "query": .array(request.query.pairs.map { [.string($0.name), .string($0.value)] }),
            "cookies": .object(request.cookies.values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
            "remote_address": .string(request.remoteAddress),
            "headers": .object(request.headers.fields.map { ($0.name, .string($0.value)) }),
            "https": .bool(request.isHTTPS),
        ])
    }

    /// Sets the cookie named by `name` to `value`.
    @Sendable static func setCookie(_ request: Request, _ context: RequestContext) throws -> Response {
        var response = Response.json(["set": .string(try request.query.require("name"))])
        response.setCookie(SetCookie(name: try request.query.require("name"), value: try request.query.require("value")))
        return response
    }

    /// Echoes a URL-encoded form.
    @Sendable static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.urlEncodedForm()
        return .json(.object(form.pairs.map { ($0.name, .string($0.value)) }))
    }

    /// Parses a multipart upload and answers each file's size and SHA-256.
    @Sendable static func upload(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try request.multipartForm()
        let files: [JSONValue] = try form.files.map { file in
            guard let data = FileManager.default.contents(atPath: file.path) else { throw HTTPError.uploadStorageFailed }
            return [
                "field": .string(file.fieldName), "filename": .string(file.filename), "content_type": .string(file.contentType),
                "size": .int(file.size), "sha256": .string(Hex.encode(try SHA256.hash(Array(data)))),
            ]
        }
        return .json(["fields": .object(form.fields.pairs.map { ($0.name, .string($0.value)) }), "files": .array(files)])
    }

    /// Answers after `ms` milliseconds (at most 60 s).
    @Sendable static func sleep(_ request: Request, _ context: RequestContext) throws -> Response {
        let milliseconds = try request.query.require("ms", as: Int.self)
        guard (0...60_000).contains(milliseconds) else { throw HTTPError.badRequest("ms must be from 0 to 60000.") }
        usleep(UInt32(milliseconds) * 1000)
        return .json(["slept_ms": .int(milliseconds)])
    }

    /// A page that needs the database: the number of applied migrations.
    @Sendable static func database(_ request: Request, _ context: RequestContext) throws -> Response {
        let count = try context.database.query("SELECT count(*) AS applied FROM schema_migrations").single("count").decode(
            Int.self, "applied")
        return try context.pages.render(DiagnosticsPage(migrations: count))
    }
}
