import Domain
import Testing

@testable import App

/// The signed token of one-click unsubscribe links: it verifies for its member and kind only, and
/// every forgery (another key, a changed member or kind, a cut or padded signature) is refused.
@Suite struct UnsubscribeTokenTests {
    let tokens = UnsubscribeToken(key: [UInt8](repeating: 0x75, count: 32))

    @Test func aTokenNamesItsMemberAndKind() throws {
        for kind in NotificationKind.allCases {
            let token = try tokens.token(memberID: 42, kind: kind)
            #expect(token.hasPrefix("42.\(kind.rawValue).") && token.count == "42.\(kind.rawValue).".count + 64)
            #expect(tokens.verify(token) == .init(memberID: 42, kind: kind))
        }
    }

    @Test func forgedTokensAreRefused() throws {
        let token = try tokens.token(memberID: 42, kind: .returnDue)
        let signature = String(token.split(separator: ".")[2])
        let other = UnsubscribeToken(key: [UInt8](repeating: 0x76, count: 32))
        let forgeries = [
            try other.token(memberID: 42, kind: .returnDue), "43.return_due.\(signature)", "42.payments.\(signature)",
            "42.return_due.\(signature.dropLast())", "42.return_due.\(signature)0", "42.return_due.\(signature.uppercased())",
            "42.return_due", "", "..", "42.sign_in.\(signature)", "-42.return_due.\(signature)", "+42.return_due.\(signature)",
            "042.return_due.\(signature)", "42.return_due.\(signature).x",
        ]
        for forged in forgeries {
            #expect(tokens.verify(forged) == nil, "\(forged)")
        }
    }
}
