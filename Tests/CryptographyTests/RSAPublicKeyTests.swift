import Testing

@testable import Cryptography

@Suite struct RSAPublicKeyTests {
    /// RFC 7515 appendix A.2: the RSA key (as a JWK) and the RS256 JWS made with it.
    static let modulus =
        "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47"
        + "soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-D"
        + "WNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
    static let exponent = "AQAB"
    static let header = "eyJhbGciOiJSUzI1NiJ9"
    static let payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    static let signature =
        "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--"
        + "f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUi"
        + "pUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"

    /// A 1024-bit modulus (made with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024`).
    static let shortModulus = hexBytes(
        "b506ea87c210c1e9601107490ea74601610c070665bfc4cea55235a11c87e04b57218bfb1c626eb50156a4b4ff49f771a1ee3c868e79e7601d38cd1937725358"
            + "68acfe73436830e26977759f233a956d3da214bbc9a16a876b3e57a4bcd8ec27b770ce8d51d3b56db038e73f075319c07782bc51cec5a44fdd8608c183916fd7"
    )

    func rfcKey() throws -> RSAPublicKey {
        let n = try #require(Base64URL.decode(Self.modulus))
        let e = try #require(Base64URL.decode(Self.exponent))
        return try RSAPublicKey(modulus: n, exponent: e)
    }

    @Test func verifiesTheRFC7515RS256Example() throws {
        let key = try rfcKey()
        #expect(key.bits == 2048)
        let signature = try #require(Base64URL.decode(Self.signature))
        #expect(key.verifySHA256(signature: signature, message: Array("\(Self.header).\(Self.payload)".utf8)))
    }

    @Test func refusesAChangedPayloadOrSignature() throws {
        let key = try rfcKey()
        let signature = try #require(Base64URL.decode(Self.signature))
        let message = Array("\(Self.header).\(Self.payload)".utf8)
        for index in [0, message.count / 2, message.count - 1] {
            var changed = message
            changed[index] ^= 0x01
            #expect(!key.verifySHA256(signature: signature, message: changed))
        }
        for index in [0, signature.count / 2, signature.count - 1] {
            var changed = signature
            changed[index] ^= 0x01
            #expect(!key.verifySHA256(signature: changed, message: message))
        }
        #expect(!key.verifySHA256(signature: Array(signature.dropLast()), message: message))
        #expect(!key.verifySHA256(signature: signature + [0], message: message))
        #expect(!key.verifySHA256(signature: [], message: message))
        #expect(!key.verifySHA256(signature: signature, message: []))
    }

    @Test func refusesKeysUnder2048Bits() {
        #expect(Self.shortModulus.count == 128)
        #expect(throws: CryptoError.keyTooSmall) { try RSAPublicKey(modulus: Self.shortModulus, exponent: [0x01, 0x00, 0x01]) }
    }

    @Test func refusesMalformedKeyMaterial() throws {
        let n = try #require(Base64URL.decode(Self.modulus))
        var even = n
        even[even.count - 1] &= 0xfe
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(modulus: [], exponent: [0x01, 0x00, 0x01]) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(modulus: n, exponent: []) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(modulus: n, exponent: [0x01]) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(modulus: n, exponent: [0x01, 0x00, 0x00]) }
        #expect(throws: CryptoError.invalidKey) { try RSAPublicKey(modulus: even, exponent: [0x01, 0x00, 0x01]) }
    }

    @Test func leadingZeroBytesDoNotChangeTheKey() throws {
        let n = try #require(Base64URL.decode(Self.modulus))
        let key = try RSAPublicKey(modulus: [0, 0] + n, exponent: [0, 1, 0, 1])
        let signature = try #require(Base64URL.decode(Self.signature))
        #expect(key.bits == 2048)
        #expect(key.verifySHA256(signature: signature, message: Array("\(Self.header).\(Self.payload)".utf8)))
    }
}
