import Testing

@testable import Domain

@Suite struct EmailAddressTests {
    @Test(arguments: [("  Ada@Example.COM \n", "ada@example.com"), ("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")])
    func normalises(input: String, expected: String) throws {
        #expect(try EmailAddress(input).value == expected)
    }

    @Test(arguments: [
        "", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada@.example.com", "ada@example..com",
        "a da@example.com", "ada@example.com, bob@example.com", "<ada@example.com>", String(repeating: "a", count: 65) + "@example.com",
    ])
    func refusesUnusableAddresses(input: String) {
        #expect(throws: DomainError.invalidEmail) { try EmailAddress(input) }
    }
}
