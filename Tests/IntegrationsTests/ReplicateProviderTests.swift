import Foundation
import Testing

@testable import Integrations

/// Replicate's prediction calls as built for `kwaivgi/kling-v2.1` (exact URL, headers, JSON body,
/// webhook URL with our reference), recorded predictions in the common job model, and the rule
/// for failed predictions.
@Suite struct ReplicateProviderTests {
    static let base = URL(string: "http://replicate.test/v1") ?? URL(fileURLWithPath: "/")
    static let settings = ReplicateSettings(token: "r8_test", apiBase: base, publicURL: URL(string: "https://sorashare.example/"))
    static let provider = ReplicateProvider(settings: settings)

    static func request(seconds: Int = 5, reference: String = "job-42-1") -> VideoRequest {
        VideoRequest(
            imagePath: "/nonexistent.jpg", imageMediaType: "image/jpeg", prompt: "Slow \"dolly\" in", aspect: .portrait, seconds: seconds,
            reference: reference)
    }

    static func reply(_ status: Int, _ body: String) -> HTTPClient.Reply { HTTPClient.Reply(status: status, body: Data(body.utf8)) }

    @Test func theCreateCallRunsTheModelWithItsFieldNamesAndAWebhook() throws {
        let call = try Self.provider.createCall(Self.request(), image: "data:image/jpeg;base64,/9j/4AAQ")
        #expect(call.method == "POST" && call.url.absoluteString == "http://replicate.test/v1/models/kwaivgi/kling-v2.1/predictions")
        #expect(call.headers == ["Authorization": "Bearer r8_test", "Accept": "application/json", "Content-Type": "application/json"])
        #expect(
            call.bodyText
                == #"{"input":{"duration":5,"mode":"standard","prompt":"Slow \"dolly\" in","start_image":"data:image/jpeg;base64,/9j/4AAQ"},"#
                + #""webhook":"https://sorashare.example/webhooks/replicate?attempt=job-42-1","webhook_events_filter":["start","completed"]}"#
        )
    }

    @Test func withoutAPublicURLThereIsNoWebhookAndAnAspectFieldIsSentWhereTheModelHasOne() throws {
        var model = ReplicateModel.klingV21
        model.aspectField = "aspect_ratio"
        model.imageField = "image"
        model.fixedInput = [:]
        let provider = ReplicateProvider(settings: ReplicateSettings(token: "t", apiBase: Self.base, model: model))
        let call = try provider.createCall(Self.request(seconds: 10), image: "data:,")
        #expect(call.bodyText == #"{"input":{"aspect_ratio":"9:16","duration":10,"image":"data:,","prompt":"Slow \"dolly\" in"}}"#)
    }

    @Test func theReferenceIsEscapedInTheWebhookURL() {
        #expect(Self.settings.webhookURL(reference: "job 1&x=2") == "https://sorashare.example/webhooks/replicate?attempt=job+1%26x%3D2")
        #expect(ReplicateSettings(token: "t").webhookURL(reference: "job-1-1") == nil)
    }

    @Test func lengthsTheModelDoesNotMakeAreFinal() {
        #expect(
            throws: ProviderFailure(
                code: "unsupported_duration", message: "Replicate's kling-v2.1 makes clips of 5 or 10 seconds.", retryable: false)
        ) { try Self.provider.createCall(Self.request(seconds: 8), image: "data:,") }
    }

    @Test func statusAndCancelCalls() throws {
        let status = try Self.provider.statusCall("rrr4t5qxvdrm80ckkc5b0hg1fm")
        #expect(status.method == "GET" && status.url.absoluteString == "http://replicate.test/v1/predictions/rrr4t5qxvdrm80ckkc5b0hg1fm")
        #expect(status.headers == ["Authorization": "Bearer r8_test", "Accept": "application/json"])
        let cancel = try Self.provider.cancelCall("rrr4t5qxvdrm80ckkc5b0hg1fm")
        #expect(
            cancel.method == "POST" && cancel.url.absoluteString == "http://replicate.test/v1/predictions/rrr4t5qxvdrm80ckkc5b0hg1fm/cancel"
        )
        #expect(throws: ProviderFailure.self) { try Self.provider.cancelCall("../models") }
    }

    /// A prediction as Replicate answers it (fields the provider does not read included).
    static func prediction(_ status: String, output: String = "null", error: String = "null") -> String {
        #"{"id":"rrr4t5qxvdrm80ckkc5b0hg1fm","model":"kwaivgi/kling-v2.1","version":"hidden","input":{"prompt":"Spin"},"logs":"","#
            + #""output":\#(output),"data_removed":false,"error":\#(error),"status":"\#(status)","created_at":"2026-11-29T10:00:00.000Z","#
            + #""urls":{"cancel":"https://api.replicate.com/v1/predictions/rrr4t5qxvdrm80ckkc5b0hg1fm/cancel","#
            + #""get":"https://api.replicate.com/v1/predictions/rrr4t5qxvdrm80ckkc5b0hg1fm"}}"#
    }

    @Test(
        arguments: [
            (prediction("starting"), ProviderTaskState.queued),
            (prediction("processing"), .running(progress: nil)),
            (
                prediction("succeeded", output: #""https://replicate.delivery/xezq/abc/tmp.mp4""#),
                .succeeded(outputURL: URL(string: "https://replicate.delivery/xezq/abc/tmp.mp4") ?? URL(fileURLWithPath: "/"))
            ),
            (
                prediction("succeeded", output: #"["https://replicate.delivery/a.mp4","https://replicate.delivery/b.mp4"]"#),
                .succeeded(outputURL: URL(string: "https://replicate.delivery/a.mp4") ?? URL(fileURLWithPath: "/"))
            ),
            (
                prediction("succeeded", output: "null"),
                .failed(ProviderFailure(code: "bad_output", message: "Replicate finished without a video address.", retryable: true))
            ),
            (prediction("canceled"), .canceled),
            (prediction("aborted"), .expired),
        ] as [(String, ProviderTaskState)])
    func predictionsInTheCommonJobModel(body: String, state: ProviderTaskState) throws {
        #expect(try ReplicatePrediction.decode(Data(body.utf8)).state == state)
    }

    @Test(
        arguments: [
            ("The input or output was flagged as sensitive. Please try again with different inputs. (E005)", "E005", false),
            ("NSFW content detected in the start image", "content_flagged", false),
            ("Prompt rejected by the safety system", "content_flagged", false),
            ("Invalid image: the start image must be at least 300px", "input_refused", false),
            ("Model out of memory (E1001)", "E1001", true),
            ("Prediction failed to start in time (E6716)", "E6716", true),
            ("CUDA error: an illegal memory access was encountered", "prediction_failed", true),
            ("", "prediction_failed", true),
        ] as [(String, String, Bool)])
    func failedPredictions(error: String, code: String, retryable: Bool) throws {
        let errorField = error.isEmpty ? "null" : "\"\(error)\""
        guard case .failed(let failure) = try ReplicatePrediction.decode(Data(Self.prediction("failed", error: errorField).utf8)).state
        else {
            Issue.record("not failed")
            return
        }
        #expect(failure.code == code && failure.retryable == retryable, "\(failure)")
    }

    @Test func webhookBodiesAreReadWithTheStatusMapping() throws {
        let succeeded = try ReplicatePrediction(webhookBody: StandardWebhookTests.payload)
        #expect(succeeded.id == "rp_1" && succeeded.status == "succeeded")
        #expect(succeeded.state == .succeeded(outputURL: try #require(URL(string: "https://replicate.delivery/x/out.mp4"))))
        let started = try ReplicatePrediction(
            webhookBody: Array(#"{"id":"rp_2","model":"kwaivgi/kling-v2.1","status":"starting","output":null,"error":null,"logs":""}"#.utf8)
        )
        #expect(started.state == .queued)
        for text in ["", "{", "[]", #"{"id":"rp_3"}"#, #"{"id":"","status":"starting"}"#, #"{"id":"rp_3","status":"paused"}"#] {
            #expect(throws: StandardWebhookError.self) { try ReplicatePrediction(webhookBody: Array(text.utf8)) }
        }
    }

    @Test func theCreatedPredictionsIDIsWhatTheWorkerKeeps() throws {
        #expect(try ReplicatePrediction.decode(Data(Self.prediction("starting").utf8)).id == "rrr4t5qxvdrm80ckkc5b0hg1fm")
    }

    @Test(
        arguments: [
            (
                422,
                #"{"detail":"- input.duration: duration must be one of the following: 5, 10\n","status":422,"title":"Input validation failed","invalid_fields":[{"type":"enum","field":"input.duration","description":"duration must be one of the following: 5, 10"}]}"#,
                ProviderFailure(
                    code: "http_422",
                    message: "Replicate refused the request: - input.duration: duration must be one of the following: 5, 10",
                    retryable: false)
            ),
            (
                401, #"{"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401}"#,
                ProviderFailure(
                    code: "http_401", message: "Replicate refused the request: You did not pass a valid authentication token",
                    retryable: false)
            ),
            (
                429, #"{"title":"Request was throttled.","detail":"Request was throttled. Expected available in 1 second.","status":429}"#,
                ProviderFailure(code: "http_429", message: "Replicate is busy (too many requests).", retryable: true)
            ),
            (
                500, "Internal Server Error",
                ProviderFailure(code: "http_500", message: "Replicate is unavailable (HTTP 500).", retryable: true)
            ),
        ] as [(Int, String, ProviderFailure)])
    func httpErrors(status: Int, body: String, failure: ProviderFailure) {
        #expect(ReplicateProvider.failure(Self.reply(status, body)) == failure)
    }

    @Test func overTheWireCreateThenPollThenCancel() throws {
        let server = try LoopbackHTTPServer(answers: [
            .init(head: "HTTP/1.1 201 Created\r\nContent-Type: application/json", body: Array(Self.prediction("starting").utf8)),
            .init(head: "HTTP/1.1 200 OK\r\nContent-Type: application/json", body: Array(Self.prediction("processing").utf8)),
            .init(head: "HTTP/1.1 200 OK\r\nContent-Type: application/json", body: Array(Self.prediction("canceled").utf8)),
        ])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replicate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.createFile(atPath: directory + "/p.jpg", contents: Data([0xff, 0xd8, 0xff])))
        let provider = ReplicateProvider(
            settings: ReplicateSettings(
                token: "r8_wire", apiBase: server.baseURL.appendingPathComponent("v1"), publicURL: URL(string: "http://127.0.0.1:8080")))
        let request = VideoRequest(
            imagePath: directory + "/p.jpg", imageMediaType: "image/jpeg", prompt: "Spin", aspect: .square, seconds: 5, reference: "job-9-1"
        )
        let id = try provider.create(request)
        #expect(try provider.status(of: id) == .running(progress: nil))
        try provider.cancel(id)
        server.waitUntilDone()
        let sent = server.received
        #expect(sent.count == 3)
        #expect(sent.first?.hasPrefix("POST /v1/models/kwaivgi/kling-v2.1/predictions HTTP/1.1\r\n") == true)
        #expect(sent.first?.lowercased().contains("authorization: bearer r8_wire\r\n") == true)
        #expect(sent.first?.contains(#""start_image":"data:image/jpeg;base64,/9j/""#) == true)
        #expect(sent.first?.contains(#""webhook":"http://127.0.0.1:8080/webhooks/replicate?attempt=job-9-1""#) == true)
        #expect(
            sent.dropFirst().map { $0.components(separatedBy: "\r\n")[0] } == [
                "GET /v1/predictions/rrr4t5qxvdrm80ckkc5b0hg1fm HTTP/1.1",
                "POST /v1/predictions/rrr4t5qxvdrm80ckkc5b0hg1fm/cancel HTTP/1.1",
            ])
    }
}
