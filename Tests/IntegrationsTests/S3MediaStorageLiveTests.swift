import Cryptography
import Foundation
import Testing

@testable import Integrations

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `S3MediaStorage` against a real S3 API: `make test` starts the moto stand-in
/// (dev/standins/serve_s3.py, which checks every signature with botocore) and sets
/// SORASHARE_TEST_S3_ENDPOINT, _REGION, _BUCKET, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY and _MOTO;
/// MinIO or a real bucket works too (without _MOTO). One test, in order: the store is shared.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_S3_ENDPOINT"] != nil, "needs SORASHARE_TEST_S3_ENDPOINT"))
struct S3MediaStorageLiveTests {
    static let environment = ProcessInfo.processInfo.environment

    static func storage(secret: String? = nil) throws -> S3MediaStorage {
        let settings = try S3Settings(
            endpoint: try #require(URL(string: environment["SORASHARE_TEST_S3_ENDPOINT"] ?? "")),
            region: environment["SORASHARE_TEST_S3_REGION"] ?? "us-east-1", bucket: environment["SORASHARE_TEST_S3_BUCKET"] ?? "",
            accessKeyID: environment["SORASHARE_TEST_S3_ACCESS_KEY_ID"] ?? "",
            secretAccessKey: secret ?? environment["SORASHARE_TEST_S3_SECRET_ACCESS_KEY"] ?? "", pathStyle: true)
        return S3MediaStorage(settings: settings)
    }

    /// moto cannot serve a presigned URL while it checks signatures: switched off around one.
    static func motoAuthentication(_ on: Bool) async throws {
        guard environment["SORASHARE_TEST_S3_MOTO"] == "1", let endpoint = environment["SORASHARE_TEST_S3_ENDPOINT"] else { return }
        var request = URLRequest(url: try #require(URL(string: endpoint + "/moto-api/reset-auth")))
        request.httpMethod = "POST"
        request.httpBody = Data((on ? "0" : "inf").utf8)
        // Not a form (URLSession's default type for a body), which moto would parse away.
        request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    @Test func storesFetchesPresignsAndDeletesA3MBFile() async throws {
        let scratch = NSTemporaryDirectory() + "/s3-live-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bytes = Data(try SecureRandom.bytes(3 << 20))
        try bytes.write(to: URL(fileURLWithPath: scratch + "/in.mp4"))
        let storage = try Self.storage()
        let key = "videos/live/\(UUID().uuidString.lowercased()).mp4"

        #expect(try !storage.exists(key: key))
        try storage.put(file: scratch + "/in.mp4", key: key, contentType: "video/mp4")
        #expect(try storage.exists(key: key))
        try storage.fetch(key: key, to: scratch + "/out.mp4")
        // (Compared as one Bool: a failed comparison of two 3 MiB values would have the test
        // library diff them, for minutes.)
        let cameBack = FileManager.default.contents(atPath: scratch + "/out.mp4") == bytes
        #expect(cameBack, "the same 3 MiB came back")
        #expect(throws: StorageError.notFound(key: "videos/live/missing.mp4")) {
            try storage.fetch(key: "videos/live/missing.mp4", to: scratch + "/missing.mp4")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch + "/missing.mp4"), "a failed download leaves no file")

        // A wrong secret is refused (403 SignatureDoesNotMatch): the signature is really checked.
        let impostor = try Self.storage(secret: "wrong-secret-wrong-secret-wrong-secret-1")
        #expect(throws: StorageError.rejected("S3 PUT answered 403 (SignatureDoesNotMatch)")) {
            try impostor.put(file: scratch + "/in.mp4", key: key, contentType: "video/mp4")
        }
        #expect(throws: StorageError.self) { try impostor.exists(key: key) }
        #expect(throws: StorageError.self) { try impostor.delete(key: key) }
        #expect(try storage.exists(key: key), "the impostor changed nothing")

        guard case .redirect(let url) = try storage.delivery(key: key, contentType: "video/mp4", filename: "Launch.mp4", expiresIn: 60)
        else {
            Issue.record("S3 delivers by redirect")
            return
        }
        try await Self.motoAuthentication(false)
        let (body, response) = try await URLSession.shared.data(from: url)
        try await Self.motoAuthentication(true)
        let answer = try #require(response as? HTTPURLResponse)
        #expect(answer.statusCode == 200)
        let same = body == bytes
        #expect(same, "the presigned URL gives the same 3 MiB (\(body.count) bytes)")
        #expect(answer.value(forHTTPHeaderField: "Content-Type") == "video/mp4")
        #expect(
            answer.value(forHTTPHeaderField: "Content-Disposition") == "attachment; filename=\"Launch.mp4\"; filename*=UTF-8''Launch.mp4")

        try storage.delete(key: key)
        #expect(try !storage.exists(key: key))
        try storage.delete(key: key)
    }
}
