import Domain
import Testing

/// `ReturnPath` keeps plain local paths and refuses anything that could redirect off the site.
struct ReturnPathTests {
    @Test(arguments: ["/", "/dashboard", "/donate", "/studio/jobs/12", "/account?tab=sessions", "/caf%C3%A9", "/a-b_c.d~e"])
    func keepsLocalPaths(_ path: String) {
        #expect(ReturnPath(path)?.path == path)
        #expect(ReturnPath.destination(path) == path)
    }

    @Test(arguments: [
        nil, "", "dashboard", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "http://evil.example",
        "https:evil.example", "javascript:alert(1)", "/%2F%2Fevil.example", "/%2f%2fevil.example", "/%5Cevil", "/%5cevil",
        "/%252F%252Fevil", "/%0d%0aLocation:x", "/%09evil", "/%7f", "/\tevil", "/ evil", "/\nevil", "/\u{7F}", "/caf\u{E9}",
        "/sign-in", "/sign-in?next=/x", "/sign-in/check-email", "/auth/linkedin", "/" + String(repeating: "a", count: 600),
    ])
    func refusesAnythingElse(_ raw: String?) {
        #expect(ReturnPath(raw) == nil)
        #expect(ReturnPath.destination(raw) == "/account")
    }

    @Test func encodesItselfAsAQueryValue() throws {
        let path = try #require(ReturnPath("/account?tab=a&b=c"))
        #expect(path.queryValue == "/account%3Ftab%3Da%26b%3Dc")
        #expect(path.signInPath == "/sign-in?next=/account%3Ftab%3Da%26b%3Dc")
    }
}
