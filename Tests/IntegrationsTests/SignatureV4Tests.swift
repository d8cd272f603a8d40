import Foundation
import Testing

@testable import Integrations

/// AWS Signature Version 4 against published vectors:
/// - AWS's SigV4 test suite as kept in awslabs/aws-c-auth (tests/aws-signing-test-suite/v4, commit
///   495329c): for each case its `request.txt`, `context.json` (AKIDEXAMPLE, us-east-1, service
///   "service", 2015-08-30T12:36:00Z, 3600 s), and the expected `header-signature.txt` (an
///   `Authorization` header) and `query-signature.txt` (a presigned URL's `X-Amz-Signature`).
/// - The S3 API reference's worked examples ("Signature calculations for the Authorization
///   header": GET Object with a Range; "Authenticating requests: query parameters": the
///   presigned GET of examplebucket/test.txt), both reproduced by botocore 1.44.8.
@Suite struct SignatureV4Tests {
    static let suite = SignatureV4(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "service")
    /// 2015-08-30T12:36:00Z
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)
    static let host = (name: "Host", value: "example.amazonaws.com")

    /// One case of the suite: the request, and the expected `Signature=` of its header and
    /// query (presigned) variants.
    struct Vector: Sendable, CustomStringConvertible {
        var name: String
        var method = "GET"
        var path = "/"
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var payloadHash = SignatureV4.emptyPayloadHash
        var headerSignature: String
        var querySignature: String

        var description: String { name }
    }

    static let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    static let vectors = [
        Vector(
            name: "get-vanilla", headerSignature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            querySignature: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"),
        Vector(
            name: "get-vanilla-query-order-key-case", query: [("Param2", "value2"), ("Param1", "value1")],
            headerSignature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            querySignature: "86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5"),
        Vector(
            name: "get-vanilla-query-unreserved", query: [(unreserved, unreserved)],
            headerSignature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
            querySignature: "8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf"),
        Vector(
            name: "get-unreserved", path: "/" + unreserved,
            headerSignature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
            querySignature: "95968482db1b9e0fadef6efc1bd24689f77c77d9ef56919c96a28cc92e0d6005"),
        Vector(
            name: "get-utf8", path: "/\u{1234}", headerSignature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            querySignature: "10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44"),
        Vector(
            name: "get-space-unnormalized", path: "/example space/",
            headerSignature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
            querySignature: "7a1f416954786484c9824d93c1f26ef64acb9b1b6c9154d08c9f07d0e394abf6"),
        // The body "Param1=value1" is signed: its hash is the payload hash.
        Vector(
            name: "post-x-www-form-urlencoded", method: "POST",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "13")],
            payloadHash: "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            headerSignature: "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
            querySignature: "89a40deed0f26f9461242825a082d2222717248abc7ab41f552ad84a94ad46e9"),
    ]

    @Test(arguments: vectors)
    func headerSignatureMatchesTheAWSSuite(vector: Vector) throws {
        // The suite adds `x-amz-content-sha256` to a request whose body it signs.
        let signedBody =
            vector.payloadHash == SignatureV4.emptyPayloadHash ? [] : [(name: "x-amz-content-sha256", value: vector.payloadHash)]
        let request = SignatureV4.Request(
            method: vector.method, path: vector.path, query: vector.query, headers: [Self.host] + vector.headers + signedBody,
            payloadHash: vector.payloadHash)
        let signed = try Self.suite.sign(request, at: Self.suiteDate)
        let names = (["host", "x-amz-date"] + (vector.headers + signedBody).map { $0.name.lowercased() }).sorted()
        #expect(signed.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(
            signed.first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=\(names.joined(separator: ";")), Signature=\(vector.headerSignature)")
    }

    @Test(arguments: vectors)
    func presignedSignatureMatchesTheAWSSuite(vector: Vector) throws {
        let request = SignatureV4.Request(
            method: vector.method, path: vector.path, query: vector.query, headers: [Self.host] + vector.headers,
            payloadHash: vector.payloadHash)
        let presigned = try Self.suite.presignedQuery(for: request, at: Self.suiteDate, expiresIn: 3600)
        #expect(presigned.hasSuffix("&X-Amz-Signature=\(vector.querySignature)"), "\(presigned)")
    }

    /// The intermediate steps of get-vanilla, from the suite's header-canonical-request.txt and
    /// header-string-to-sign.txt.
    @Test func getVanillaStepByStep() throws {
        let request = SignatureV4.Request(
            method: "GET", path: "/", headers: [Self.host, (name: "X-Amz-Date", value: "20150830T123600Z")],
            payloadHash: SignatureV4.emptyPayloadHash)
        let canonical = SignatureV4.canonicalRequest(request)
        #expect(
            canonical
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            try Self.suite.stringToSign(canonical, at: Self.suiteDate)
                == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
    }

    /// The suite's get-vanilla presigned request, whole (query-signed-request.txt, with the
    /// parameters in canonical order).
    @Test func presignedQueryOfGetVanilla() throws {
        let request = SignatureV4.Request(method: "GET", path: "/", headers: [Self.host], payloadHash: SignatureV4.emptyPayloadHash)
        #expect(
            try Self.suite.presignedQuery(for: request, at: Self.suiteDate, expiresIn: 3600)
                == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d")
    }

    static let s3Example = SignatureV4(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    /// 2013-05-24T00:00:00Z
    static let s3ExampleDate = Date(timeIntervalSince1970: 1_369_353_600)

    @Test func s3GetObjectExample() throws {
        let request = SignatureV4.Request(
            method: "GET", path: "/test.txt",
            headers: [
                (name: "Host", value: "examplebucket.s3.amazonaws.com"), (name: "Range", value: "bytes=0-9"),
                (name: "x-amz-content-sha256", value: SignatureV4.emptyPayloadHash),
            ],
            payloadHash: SignatureV4.emptyPayloadHash)
        #expect(
            try Self.s3Example.sign(request, at: Self.s3ExampleDate).first { $0.name == "Authorization" }?.value
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func s3PresignedGetExample() throws {
        let request = SignatureV4.Request(
            method: "GET", path: "/test.txt", headers: [(name: "host", value: "examplebucket.s3.amazonaws.com")],
            payloadHash: SignatureV4.unsignedPayload)
        #expect(
            try Self.s3Example.presignedQuery(for: request, at: Self.s3ExampleDate, expiresIn: 86400)
                == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func headerValuesAreTrimmedAndMerged() {
        let headers = SignatureV4.canonicalHeaders([
            (name: "My-Header1", value: "  value1  "), (name: "my-header1", value: "a   b   c"), (name: "Host", value: "h"),
        ])
        #expect(headers.map(\.name) == ["host", "my-header1"])
        #expect(headers.map(\.value) == ["h", "value1,a b c"])
    }

    @Test func encodingKeepsOnlyUnreservedBytes() {
        #expect(SignatureV4.encode("a b/c~d*e+f=g&h%") == "a%20b%2Fc~d%2Ae%2Bf%3Dg%26h%25")
        #expect(SignatureV4.encode("/images/a b.png", keepingSlashes: true) == "/images/a%20b.png")
        #expect(SignatureV4.encode("\u{e9}\n") == "%C3%A9%0A")
        #expect(SignatureV4.amzDate(Date(timeIntervalSince1970: 0.999)) == "19700101T000000Z")
    }

    @Test func neverPrintsTheSecret() {
        #expect("\(Self.suite)" == "SignatureV4(AKIDEXAMPLE, us-east-1, service)")
        #expect(!String(reflecting: Self.suite).contains("EXAMPLEKEY"))
    }
}
