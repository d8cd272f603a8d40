import Foundation
import Testing

@testable import Integrations

/// Runway's image-to-video calls as built (exact URL, headers, JSON body), its recorded answers in
/// the common job model, and its errors as retryable or final failures.
@Suite struct RunwayProviderTests {
    static let base = URL(string: "http://runway.test") ?? URL(fileURLWithPath: "/")
    static let provider = RunwayProvider(settings: RunwaySettings(apiKey: "key_test", apiBase: base))
    static let taskID = "17f20503-6c24-4c16-946b-35dbbce2af2f"

    static func request(prompt: String = "The bottle turns slowly", aspect: VideoAspect = .portrait, seconds: Int = 5) -> VideoRequest {
        VideoRequest(
            imagePath: "/nonexistent.png", imageMediaType: "image/png", prompt: prompt, aspect: aspect, seconds: seconds,
            reference: "job-1-1")
    }

    static func reply(_ status: Int, _ body: String) -> HTTPClient.Reply { HTTPClient.Reply(status: status, body: Data(body.utf8)) }

    @Test(arguments: [(VideoAspect.portrait, "720:1280"), (.landscape, "1280:720"), (.square, "960:960")])
    func theCreateCallIsRunwaysShape(aspect: VideoAspect, ratio: String) throws {
        let call = try Self.provider.createCall(Self.request(aspect: aspect), promptImage: "data:image/png;base64,iVBORw0KGgo=")
        #expect(call.method == "POST" && call.url.absoluteString == "http://runway.test/v1/image_to_video")
        #expect(
            call.headers == [
                "Authorization": "Bearer key_test", "X-Runway-Version": "2024-11-06", "Accept": "application/json",
                "Content-Type": "application/json",
            ])
        #expect(
            call.bodyText
                == #"{"duration":5,"model":"gen4_turbo","promptImage":"data:image/png;base64,iVBORw0KGgo=","promptText":"The bottle turns slowly","ratio":""#
                + ratio + #""}"#)
    }

    @Test func aBlankPromptIsLeftOutAndTheModelIsConfigurable() throws {
        let provider = RunwayProvider(settings: RunwaySettings(apiKey: "k", apiBase: Self.base, model: "gen4.5"))
        let call = try provider.createCall(
            Self.request(prompt: "  ", aspect: .landscape, seconds: 10), promptImage: "data:image/jpeg;base64,AA==")
        #expect(call.bodyText == #"{"duration":10,"model":"gen4.5","promptImage":"data:image/jpeg;base64,AA==","ratio":"1280:720"}"#)
    }

    @Test func promptsAndLengthsRunwayRefusesAreFinalBeforeAnythingIsSent() throws {
        // 1000 UTF-16 code units is the limit: 500 emoji of two units each pass, one more character does not
        _ = try Self.provider.createCall(Self.request(prompt: String(repeating: "🎬", count: 500)), promptImage: "data:,")
        #expect(
            throws: ProviderFailure(code: "prompt_too_long", message: "Runway takes prompts of at most 1000 characters.", retryable: false)
        ) {
            try Self.provider.createCall(Self.request(prompt: String(repeating: "🎬", count: 500) + "!"), promptImage: "data:,")
        }
        for seconds in [1, 11] {
            #expect(
                throws: ProviderFailure(code: "unsupported_duration", message: "Runway makes clips of 2 to 10 seconds.", retryable: false)
            ) { try Self.provider.createCall(Self.request(seconds: seconds), promptImage: "data:,") }
        }
    }

    @Test func statusAndCancelCalls() throws {
        let status = try Self.provider.statusCall(Self.taskID)
        #expect(status.method == "GET" && status.url.absoluteString == "http://runway.test/v1/tasks/\(Self.taskID)" && status.body == nil)
        #expect(status.headers["X-Runway-Version"] == "2024-11-06" && status.headers["Authorization"] == "Bearer key_test")
        let cancel = try Self.provider.cancelCall(Self.taskID)
        #expect(cancel.method == "DELETE" && cancel.url.absoluteString == "http://runway.test/v1/tasks/\(Self.taskID)")
        for id in ["", "..", "a/b", "x?y", "%2e"] {
            #expect(throws: ProviderFailure.self) { try Self.provider.statusCall(id) }
        }
    }

    @Test func theCreatedTaskIDIsRead() throws {
        #expect(try RunwayProvider.createdTaskID(Self.reply(200, #"{"id":"\#(Self.taskID)"}"#)) == Self.taskID)
        #expect(throws: ProviderFailure.self) { try RunwayProvider.createdTaskID(Self.reply(200, #"{"status":"PENDING"}"#)) }
    }

    @Test(
        arguments: [
            (
                400,
                #"{"error":"Validation of body failed","issues":[{"code":"too_big","path":["promptText"],"message":"String must contain at most 1000 character(s)"}]}"#,
                ProviderFailure(
                    code: "http_400",
                    message: "Runway refused the request: Validation of body failed (String must contain at most 1000 character(s))",
                    retryable: false)
            ),
            (
                401, #"{"error":"Invalid API key."}"#,
                ProviderFailure(code: "http_401", message: "Runway refused the request: Invalid API key.", retryable: false)
            ),
            (404, "Not Found", ProviderFailure(code: "http_404", message: "Runway refused the request (HTTP 404).", retryable: false)),
            (
                429, #"{"error":"You have exceeded your daily generation limit."}"#,
                ProviderFailure(code: "http_429", message: "Runway is busy (too many requests).", retryable: true)
            ),
            (
                502, "<html>Bad Gateway</html>",
                ProviderFailure(code: "http_502", message: "Runway is unavailable (HTTP 502).", retryable: true)
            ),
            (503, "", ProviderFailure(code: "http_503", message: "Runway is unavailable (HTTP 503).", retryable: true)),
        ] as [(Int, String, ProviderFailure)])
    func httpErrors(status: Int, body: String, failure: ProviderFailure) {
        #expect(throws: failure) { try RunwayProvider.createdTaskID(Self.reply(status, body)) }
    }

    @Test(
        arguments: [
            (#"{"id":"t","status":"PENDING","createdAt":"2026-11-29T10:00:00.000Z"}"#, ProviderTaskState.queued),
            (#"{"id":"t","status":"THROTTLED","createdAt":"2026-11-29T10:00:00.000Z"}"#, .queued),
            (#"{"id":"t","status":"RUNNING","createdAt":"2026-11-29T10:00:00.000Z","progress":0.424}"#, .running(progress: 42)),
            (#"{"id":"t","status":"RUNNING","createdAt":"2026-11-29T10:00:00.000Z","progress":1.7}"#, .running(progress: 100)),
            (#"{"id":"t","status":"RUNNING","createdAt":"2026-11-29T10:00:00.000Z"}"#, .running(progress: nil)),
            (
                #"{"id":"t","status":"SUCCEEDED","createdAt":"2026-11-29T10:00:00.000Z","output":["https://dnznrvs05pmza.cloudfront.net/a.mp4?_jwt=x","https://b"]}"#,
                .succeeded(outputURL: URL(string: "https://dnznrvs05pmza.cloudfront.net/a.mp4?_jwt=x") ?? URL(fileURLWithPath: "/"))
            ),
            (
                #"{"id":"t","status":"SUCCEEDED","createdAt":"2026-11-29T10:00:00.000Z","output":[]}"#,
                .failed(ProviderFailure(code: "bad_output", message: "Runway finished without a video address.", retryable: true))
            ),
            (#"{"id":"t","status":"CANCELLED","createdAt":"2026-11-29T10:00:00.000Z"}"#, .canceled),
        ] as [(String, ProviderTaskState)])
    func tasksInTheCommonJobModel(body: String, state: ProviderTaskState) throws {
        #expect(try RunwayProvider.taskState(Self.reply(200, body)) == state)
    }

    @Test(
        arguments: [
            ("SAFETY.INPUT.IMAGE", false), ("SAFETY.INPUT.TEXT", false), ("SAFETY.OUTPUT.VIDEO", false),
            ("INPUT_PREPROCESSING.SAFETY.TEXT", false), ("ASSET.INVALID", false), ("INPUT.IMAGE.TOO_SMALL", false),
            ("INTERNAL.BAD_OUTPUT.CODE01", true), ("INTERNAL", true), ("INPUT_PREPROCESSING.INTERNAL", true), ("INTERNAL.TIMEOUT", true),
            ("THROTTLED", true), ("SOMETHING.NEW", true), (nil, true),
        ] as [(String?, Bool)])
    func failureCodes(code: String?, retryable: Bool) throws {
        let codeField = code.map { #","failureCode":"\#($0)""# } ?? ""
        let body = #"{"id":"t","status":"FAILED","createdAt":"2026-11-29T10:00:00.000Z","failure":"It failed."\#(codeField)}"#
        guard case .failed(let failure) = try RunwayProvider.taskState(Self.reply(200, body)) else {
            Issue.record("not failed")
            return
        }
        #expect(failure.retryable == retryable && failure.code == code ?? "FAILED", "\(failure)")
        #expect(failure.message.contains("It failed.") == !(code ?? "").contains("SAFETY"), "moderation's text stays diagnostic")
    }

    @Test func unknownStatusesAndGarbageAreRetryableBadResponses() {
        for body in [#"{"id":"t","status":"PAUSED"}"#, "{", #"{"status":"RUNNING"}"#] {
            #expect(throws: ProviderFailure.self) { try RunwayProvider.taskState(Self.reply(200, body)) }
            #expect((try? RunwayProvider.taskState(Self.reply(200, body))) == nil)
        }
        do {
            _ = try RunwayProvider.taskState(Self.reply(200, "{"))
        } catch {
            #expect(error.code == "bad_response" && error.retryable)
        }
    }
}
