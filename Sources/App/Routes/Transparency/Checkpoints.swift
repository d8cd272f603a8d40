import Cryptography
import HTTP
import Store

/// The signed checkpoints of the queue log and the keys that signed them (docs/TRANSPARENCY.md).
enum Checkpoints {
    /// `GET /transparency/checkpoints.ndjson`: every checkpoint, oldest first, one canonical JSON
    /// line each, exactly as signed; streamed.
    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let database = context.database
        let logger = context.resources.logger
        var response = Response.streamed(contentType: "application/x-ndjson; charset=utf-8") { writer in
            do {
                try CheckpointStore().lines(on: database) { line in writer.write(Array((line + "\n").utf8)) }
            } catch {
                logger.error("checkpoint export stopped: \(error)")
            }
        }
        response.headers.set("Cache-Control", "no-cache")
        return response
    }

    /// `GET /transparency/key`: every public key that ever signed a checkpoint, oldest first (a
    /// rotated key stays listed: the checkpoints it signed stay valid under it), as JSON: its id,
    /// the 32 raw bytes in Base64, the same key as PEM (SubjectPublicKeyInfo), when it first signed.
    @Sendable static func keys(_ request: Request, _ context: RequestContext) throws -> Response {
        let keys = try CheckpointStore().keys(on: context.database)
        let document: JSONValue = [
            "algorithm": "Ed25519",
            "keys": .array(
                keys.map { key in
                    [
                        "key_id": .string(key.keyID), "public_key": .string(Base64.encode(key.publicKey)),
                        "public_key_pem": .string(pem(key.publicKey)), "first_used": .string(key.firstUsed),
                    ]
                }),
        ]
        var response = Response.json(document)
        response.headers.set("Cache-Control", "no-cache")
        return response
    }

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), before the 32 key bytes.
    static let subjectPublicKeyInfoPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// `publicKey` as a PEM public key, as `openssl pkey -pubin` reads it.
    static func pem(_ publicKey: [UInt8]) -> String {
        "-----BEGIN PUBLIC KEY-----\n" + Base64.encode(subjectPublicKeyInfoPrefix + publicKey) + "\n-----END PUBLIC KEY-----\n"
    }
}
