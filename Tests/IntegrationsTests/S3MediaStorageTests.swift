import Foundation
import Testing

@testable import Integrations

/// The requests `S3MediaStorage` signs, against botocore 1.44.8 (the signer of boto3, and the
/// one moto checks signatures with). Inputs: AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
/// eu-west-1, bucket `media`, 2026-11-29T12:00:00Z. Expected values from
/// `S3SigV4Auth(Credentials(…), "s3", "eu-west-1").add_auth(AWSRequest(…))` for the header-signed
/// calls, and `generate_presigned_url("get_object", …, ExpiresIn=300)` with
/// `addressing_style` "path" (endpoint http://127.0.0.1:9000) and "virtual" (endpoint
/// https://s3.eu-west-1.amazonaws.com) for the presigned ones.
@Suite struct S3MediaStorageTests {
    static let now = Date(timeIntervalSince1970: 1_795_953_600)

    static func storage(endpoint: String = "http://127.0.0.1:9000", pathStyle: Bool = true) throws -> S3MediaStorage {
        let settings = try S3Settings(
            endpoint: try #require(URL(string: endpoint)), region: "eu-west-1", bucket: "media", accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", pathStyle: pathStyle)
        return S3MediaStorage(settings: settings, now: { now })
    }

    static let credential = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/s3/aws4_request"

    @Test func putIsSignedWithTheBodysHash() throws {
        // The body "SoraShare test body\n" (20 bytes).
        let digest = "df95a7a7f0fb47b7b278c8f79b825627419182b9e3e77fe845a397155b03252b"
        let (url, headers) = try Self.storage().signedRequest(
            "PUT", key: "images/ab/abcdef.png",
            headers: [(name: "Content-Type", value: "image/png"), (name: "Content-Length", value: "20")],
            payloadHash: digest)
        #expect(url.absoluteString == "http://127.0.0.1:9000/media/images/ab/abcdef.png")
        #expect(
            headers.map { "\($0.name): \($0.value)" } == [
                "Content-Type: image/png", "Content-Length: 20", "x-amz-content-sha256: \(digest)", "X-Amz-Date: 20261129T120000Z",
                "Authorization: \(Self.credential), SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, "
                    + "Signature=1165aecfe1a0cf6bbbf0debb391d5a6ca1eb9f0c592b2af979e525d6a4c9ae19",
            ])
    }

    @Test(arguments: [
        ("GET", "bb961d9a6a1cd1e241360af10e1505544636fe62fb9bcfaf9b842424a6cdddd6"),
        ("HEAD", "d0cb7f9fc9ca6f3b5ae96fb24f2af07a875f7aa2a9920d27dad63796ceb7a54f"),
        ("DELETE", "1dda1caba9a1f4c88b3e926db166ff076e5b671d3626858fc12456019f73447f"),
    ])
    func bodilessCallsAreSigned(method: String, signature: String) throws {
        let (url, headers) = try Self.storage().signedRequest(method, key: "videos/x-1.mp4")
        #expect(url.absoluteString == "http://127.0.0.1:9000/media/videos/x-1.mp4")
        #expect(
            headers.first { $0.name == "Authorization" }?.value
                == "\(Self.credential), SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=\(signature)")
    }

    static let overrides =
        "response-content-disposition=attachment%3B%20filename%3D%22Caf_%20launch.mp4%22%3B%20filename%2A%3DUTF-8%27%27Caf%25C3%25A9%2520launch.mp4"
        + "&response-content-type=video%2Fmp4"
    static let presignedParameters =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261129%2Feu-west-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20261129T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&"

    @Test func pathStyleDeliveryIsAPresignedURLNamingTheDownload() throws {
        let delivery = try Self.storage().delivery(
            key: "videos/ab/abc123.mp4", contentType: "video/mp4", filename: "Caf\u{e9} launch.mp4", expiresIn: 300)
        #expect(
            delivery
                == .redirect(
                    try #require(
                        URL(
                            string: "http://127.0.0.1:9000/media/videos/ab/abc123.mp4?" + Self.presignedParameters + Self.overrides
                                + "&X-Amz-Signature=c8dcc6f717742384b4697840a829259911aca858605a2943159fe54ae42cfeaf"))))
    }

    @Test func virtualHostedDeliveryPutsTheBucketInTheHost() throws {
        let storage = try Self.storage(endpoint: "https://s3.eu-west-1.amazonaws.com", pathStyle: false)
        let delivery = try storage.delivery(
            key: "videos/ab/abc123.mp4", contentType: "video/mp4", filename: "Caf\u{e9} launch.mp4", expiresIn: 300)
        #expect(
            delivery
                == .redirect(
                    try #require(
                        URL(
                            string: "https://media.s3.eu-west-1.amazonaws.com/videos/ab/abc123.mp4?" + Self.presignedParameters
                                + Self.overrides
                                + "&X-Amz-Signature=fce3cbd8be51d58a2a968684ddb793395800bcb10fd9384bc771386041ac2763"))))
    }

    @Test func deliveryWithoutANameIsInlineAndTheExpiryIsBounded() throws {
        guard
            case .redirect(let url) = try Self.storage().delivery(
                key: "a.mp4", contentType: "video/mp4", filename: nil, expiresIn: 10_000_000)
        else {
            Issue.record("not a redirect")
            return
        }
        #expect(!url.absoluteString.contains("response-content-disposition"))
        #expect(url.absoluteString.contains("&X-Amz-Expires=604800&"))
        #expect(url.absoluteString.contains("response-content-type=video%2Fmp4"))
    }

    @Test func aDefaultPortIsNotPartOfTheSignedHost() throws {
        let settings = try Self.storage(endpoint: "https://minio.example.com:443").settings
        #expect(settings.location(of: "a.png") == ("minio.example.com", "/media/a.png"))
        #expect(try Self.storage(endpoint: "http://127.0.0.1:9000").settings.location(of: "a.png") == ("127.0.0.1:9000", "/media/a.png"))
    }

    @Test func settingsRefuseSetUpMistakes() throws {
        func settings(_ endpoint: String, bucket: String = "media", pathStyle: Bool = true) throws -> S3Settings {
            try S3Settings(
                endpoint: try #require(URL(string: endpoint)), region: "r", bucket: bucket, accessKeyID: "a", secretAccessKey: "s",
                pathStyle: pathStyle)
        }
        for endpoint in ["ftp://h", "https://h/prefix", "https://h?x=1", "https://user:pw@h", "h:9000"] {
            #expect(throws: StorageError.self, "\(endpoint)") { try settings(endpoint) }
        }
        for bucket in ["ab", "Media", "-media", "media-", "me_dia", String(repeating: "a", count: 64)] {
            #expect(throws: StorageError.self, "\(bucket)") { try settings("https://h", bucket: bucket) }
        }
        #expect(throws: StorageError.self) { try settings("https://h", bucket: "my.media", pathStyle: false) }
        let good = try settings("https://s3.example.com/", bucket: "my.media")
        #expect(!"\(good)".contains("secret") && "\(good)".contains("my.media"))
    }

    @Test func invalidKeysNeverReachTheNetwork() throws {
        let storage = try Self.storage(endpoint: "http://127.0.0.1:1")
        for key in ["../x", "/abs", "a//b", ".hidden", "a b"] {
            #expect(throws: StorageError.self) { try storage.exists(key: key) }
            #expect(throws: StorageError.self) { try storage.delivery(key: key, contentType: "video/mp4", filename: nil, expiresIn: 60) }
        }
    }

    @Test func failuresKeepS3sCodeAndTellOutagesFromRefusals() {
        let denied = HTTPClient.Reply(status: 403, body: Data("<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message></Error>".utf8))
        #expect(S3MediaStorage.failure(denied, doing: "PUT") == .rejected("S3 PUT answered 403 (SignatureDoesNotMatch)"))
        #expect(S3MediaStorage.failure(.init(status: 503, body: Data()), doing: "GET") == .unavailable("S3 GET answered 503"))
        #expect(S3MediaStorage.failure(.init(status: 429, body: Data()), doing: "GET") == .unavailable("S3 GET answered 429"))
    }

    @Test func contentDispositionHasAnASCIIFallback() {
        #expect(
            ContentDisposition.attachment(filename: "Caf\u{e9} \"launch\"/100%.mp4")
                == "attachment; filename=\"Caf_ _launch__100_.mp4\"; filename*=UTF-8''Caf%C3%A9%20%22launch%22%2F100%25.mp4")
    }
}
