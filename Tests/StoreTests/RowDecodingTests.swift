import Domain
import Foundation
import Postgres
import Testing

@testable import Store

extension QueueTests {
    /// A stored value an enum has no case for is an error naming the column, not a plausible
    /// default (an unknown role once read as `member`, an unknown persona as `other`).
    @Test func anUnknownEnumValueInARowFailsNamingTheColumn() throws {
        let database = Connection(conninfo: try Self.schema("decode_unknown"))
        let member = try Self.member("odd", on: database)
        _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: Self.log, on: database)
        try database.query("ALTER TABLE members DROP CONSTRAINT members_role_check")
        try database.query("ALTER TABLE queue_entries DROP CONSTRAINT queue_entries_persona_check")
        try database.query("UPDATE members SET role = 'overlord' WHERE id = \(member.id)")
        try database.query("UPDATE queue_entries SET persona = 'wizard' WHERE member_id = \(member.id)")
        #expect(throws: DatabaseError.decodingFailed(column: "m_role", expected: "Role")) {
            _ = try MemberStore().member(id: member.id, on: database)
        }
        #expect(throws: DatabaseError.decodingFailed(column: "persona", expected: "Persona")) {
            _ = try QueueStore().activeEntry(memberID: member.id, on: database)
        }
    }
}
