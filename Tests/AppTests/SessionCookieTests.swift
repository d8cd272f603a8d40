import HTTP
import Testing

@testable import App

@Suite struct SessionCookieTests {
    @Test(arguments: [
        (false, "sorashare_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax"),
        (true, "__Host-sorashare_session=abc; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax"),
    ])
    func secureAndHostPrefixedBehindHTTPS(https: Bool, expected: String) throws {
        let request = try Request(method: .get, target: "/", headers: Headers(), isHTTPS: https)
        var response = Response()
        SessionCookie.set("abc", maxAge: 60, on: &response, for: request)
        #expect(response.cookies.map(\.headerValue) == [expected])
    }

    @Test func readsTheCookieOfItsScheme() throws {
        let headers = Headers([("Cookie", "sorashare_session=plain; __Host-sorashare_session=secure")])
        #expect(SessionCookie.value(in: try Request(method: .get, target: "/", headers: headers)) == "plain")
        #expect(SessionCookie.value(in: try Request(method: .get, target: "/", headers: headers, isHTTPS: true)) == "secure")
    }
}
