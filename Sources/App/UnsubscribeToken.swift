import Cryptography
import Domain

/// The signed token of a one-click unsubscribe link (`/unsubscribe?token=T`, RFC 8058): T is
/// `MEMBER.KIND.SIGNATURE`, the signature HMAC-SHA256 over the member and the kind under a key of
/// its own (`ServerKeys.unsubscribe`). It switches off that kind for that member only; it does not
/// expire (a mail read a year later still unsubscribes), and it signs nobody in.
struct UnsubscribeToken: Sendable {
    let key: [UInt8]

    /// What a verified token names.
    struct Claim: Sendable, Equatable {
        let memberID: Int
        let kind: NotificationKind
    }

    /// The token for `kind` mail to member `memberID`.
    func token(memberID: Int, kind: NotificationKind) throws(CryptoError) -> String {
        "\(memberID).\(kind.rawValue).\(try signature(memberID, kind))"
    }

    /// The member and kind `token` names, or nil when it is malformed or its signature is not ours.
    func verify(_ token: String) -> Claim? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        // The member's id in its one spelling (no sign, no leading zero), as the token names it.
        guard parts.count == 3, parts[0].count <= 18, let memberID = Int(parts[0]), memberID > 0, String(memberID) == parts[0],
            let kind = NotificationKind(rawValue: String(parts[1])),
            let expected = try? signature(memberID, kind),
            ConstantTime.equals(Array(parts[2].utf8), Array(expected.utf8))
        else { return nil }
        return Claim(memberID: memberID, kind: kind)
    }

    private func signature(_ memberID: Int, _ kind: NotificationKind) throws(CryptoError) -> String {
        Hex.encode(try HMAC.sha256(key: key, message: Array("unsubscribe v1|\(memberID)|\(kind.rawValue)".utf8)))
    }
}
