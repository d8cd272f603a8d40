import Testing

@testable import HTTP

@Suite struct ResponseTests {
    @Test func serializedHasStatusHeadersCookiesLengthAndBody() {
        var response = Response.html("<p>hi</p>", status: .notFound)
        response.setCookie(SetCookie(name: "a", value: "1", maxAge: 60, secure: true))
        response.setCookie(.expired("b"))
        #expect(
            String(decoding: response.serialized(includeBody: true), as: UTF8.self)
                == "Status: 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Set-Cookie: a=1; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax\r\n"
                + "Set-Cookie: b=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax\r\nContent-Length: 9\r\n\r\n<p>hi</p>")
        // HEAD: the same headers, including the length of the body it leaves out
        #expect(String(decoding: response.serialized(includeBody: false), as: UTF8.self).hasSuffix("Content-Length: 9\r\n\r\n"))
    }

    @Test func redirectIsSeeOtherWithLocation() {
        let response = Response.redirect(to: "/done")
        #expect(response.status == .seeOther)
        #expect(response.headers["location"] == "/done")
    }

    @Test func jsonEscapesStringsAndKeepsMemberOrder() {
        let value: JSONValue = ["b": "x\"y\\z\n<\u{1}", "a": [1, true, nil, .double(1.5)]]
        #expect(value.serialized() == #"{"b":"x\"y\\z\n\u003c\u0001","a":[1,true,null,1.5]}"#)
    }
}
