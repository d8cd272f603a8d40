import Cryptography
import HTTP
import Store

/// `/transparency` and `/transparency/stats.json`: the public figures, for anyone. Both read what
/// the worker last computed (two small tables, `TransparencyFigures.latest`), never the queue or
/// its log, so they cost the same however large those grow. Both carry an ETag (a 304 when the
/// browser or nginx holds the same) and `Cache-Control` for a short public cache; a signed-in
/// visitor's page names them in the header, so theirs is private.
enum Transparency {
    /// Seconds a cache may keep an answer: the figures change at most once a minute.
    static let maxAge = 60

    /// `GET /transparency`. Before the worker's first computation the page says the figures are
    /// being computed (the request does not compute them: that stays the worker's job).
    @Sendable static func page(_ request: Request, _ context: RequestContext) throws -> Response {
        let figures = try TransparencyFigures.latest(on: context.database)
        var page = figures.map(TransparencyPage.init) ?? .computing
        page.mirror = context.resources.configuration.transparency.mirrorURL ?? ""
        let response = try context.pages.render(page)
        return try cacheable(response, for: request, public: context.session == nil, fresh: figures != nil)
    }

    /// `GET /transparency/stats.json`: every figure and every chart's data.
    @Sendable static func statsJSON(_ request: Request, _ context: RequestContext) throws -> Response {
        let figures = try TransparencyFigures.latest(on: context.database)
        return try cacheable(.json(figures?.json ?? TransparencyFigures.computingJSON), for: request, public: true, fresh: figures != nil)
    }

    /// `response` with an ETag of its body and `Cache-Control`; a 304 without a body when the
    /// request's `If-None-Match` names that ETag. Answers that are not `fresh` (nothing computed
    /// yet) are cached for a few seconds only.
    static func cacheable(_ response: Response, for request: Request, public: Bool, fresh: Bool) throws -> Response {
        var response = response
        let etag = "\"" + Hex.encode(try SHA256.hash(response.body).prefix(16)) + "\""
        response.headers.set("ETag", etag)
        response.headers.set("Cache-Control", "\(`public` ? "public" : "private"), max-age=\(fresh ? maxAge : 5)")
        let held = request.headers["If-None-Match"]?.split(separator: ",").map { String($0.filter { $0 != " " }) } ?? []
        if held.contains(etag) || held.contains("W/" + etag) || held.contains("*") {
            response.status = .notModified
            response.body = []
        }
        return response
    }
}
