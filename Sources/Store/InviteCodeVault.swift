import Cryptography
import Domain

/// Encrypts invite codes for storage and fingerprints them for the unique index, with the keys of a `CodeKeyRing`.
///
/// Sealing uses AES-256-GCM under the ring's current key, with `purpose` ‖ 0x00 ‖ key id as associated data: a ciphertext only
/// opens under the key id it was stored with, and only as an invite code. Opening finds the key by the stored id, so codes sealed
/// before a rotation keep opening while their key stays in the ring. The fingerprint is HMAC-SHA256 of the normalised code under
/// the fingerprint key: the same for every spelling of a code (" abc123 ", "ABC123") and unaffected by rotation.
public struct InviteCodeVault: Sendable {
    /// Bound into every ciphertext, so these keys' ciphertexts of anything else never open as codes (and the reverse).
    public static let purpose = "sorashare.invite-code.v1"

    /// The keys.
    public let keyRing: CodeKeyRing

    public init(keyRing: CodeKeyRing) {
        self.keyRing = keyRing
    }

    /// The code encrypted under the current key, with a fresh random nonce.
    public func seal(_ code: InviteCode) throws(InviteCodeVaultError) -> SealedCode {
        let keyID = keyRing.currentKeyID
        do {
            let box = try AESGCM.seal(
                plaintext: Array(code.plaintext.utf8), key: keyRing.currentKey, associatedData: Self.associatedData(keyID: keyID))
            return SealedCode(keyID: keyID, ciphertext: box.combined)
        } catch {
            throw .cryptography(error)
        }
    }

    /// The code a `seal` produced. Throws `unknownKeyID` when the ring lacks the key, `authenticationFailed` when anything was
    /// altered (ciphertext, key id) or sealed for another purpose, `malformedCiphertext` when the bytes are too short.
    public func open(_ sealed: SealedCode) throws(InviteCodeVaultError) -> InviteCode {
        guard let key = keyRing.key(id: sealed.keyID) else { throw .unknownKeyID(sealed.keyID) }
        let plaintext: [UInt8]
        do {
            plaintext = try AESGCM.open(
                AESGCM.SealedBox(combined: sealed.ciphertext), key: key, associatedData: Self.associatedData(keyID: sealed.keyID))
        } catch .invalidSealedBox {
            throw .malformedCiphertext
        } catch .authenticationFailed {
            throw .authenticationFailed
        } catch {
            throw .cryptography(error)
        }
        guard let text = String(validating: plaintext, as: UTF8.self) else { throw .notACode }
        return InviteCode(restoring: text)
    }

    /// HMAC-SHA256 of the normalised code under the fingerprint key (32 bytes): equal for equal codes, and nothing about the
    /// code can be learnt from it without the key.
    public func fingerprint(_ code: InviteCode) throws(InviteCodeVaultError) -> [UInt8] {
        do {
            return try HMAC.sha256(key: keyRing.fingerprintKey, message: Array(code.plaintext.utf8))
        } catch {
            throw .cryptography(error)
        }
    }

    /// `purpose` ‖ 0x00 ‖ key id, in UTF-8 (key ids hold no NUL, so the split is unambiguous).
    static func associatedData(keyID: String, purpose: String = purpose) -> [UInt8] {
        Array(purpose.utf8) + [0] + Array(keyID.utf8)
    }
}
