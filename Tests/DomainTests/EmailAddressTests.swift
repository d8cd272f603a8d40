import Testing

@testable import Domain

@Suite struct EmailAddressTests {
    @Test(arguments: [("  Ada@Example.COM \n", "ada@example.com"), ("a.b+tag@sub.example.org", "a.b+tag@sub.example.org")])
    func normalises(input: String, expected: String) throws {
        #expect(try EmailAddress(input).value == expected)
    }

    /// Rate limits count per mailbox: a `+tag` does not open a new one; mail still goes to the tag.
    @Test(arguments: [
        ("ada+1@example.com", "ada@example.com"), ("Ada+Shop+2@Example.com", "ada@example.com"), ("ada@example.com", "ada@example.com"),
        ("ada+@example.com", "ada@example.com"), ("+tag@example.com", "+tag@example.com"), ("a.b@example.com", "a.b@example.com"),
    ])
    func mailboxDropsThePlusTag(input: String, mailbox: String) throws {
        let address = try EmailAddress(input)
        #expect(address.mailbox == mailbox)
        #expect(address.value == input.lowercased(), "the address itself keeps its tag")
    }

    @Test(arguments: [
        "", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada@.example.com", "ada@example..com",
        "a da@example.com", "ada@example.com, bob@example.com", "<ada@example.com>", String(repeating: "a", count: 65) + "@example.com",
    ])
    func refusesUnusableAddresses(input: String) {
        #expect(throws: DomainError.invalidEmail) { try EmailAddress(input) }
    }
}
