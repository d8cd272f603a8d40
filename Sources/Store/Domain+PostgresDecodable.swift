import Domain
import Postgres

// The Domain enums stored as their raw values read back through `Row.decode`: a value without a
// case throws `DatabaseError.decodingFailed` naming the column (Domain knows nothing of SQL, so
// the conformances live here).

extension Member.Role: PostgresDecodable {}
extension QueueEntry.Persona: PostgresDecodable {}
extension QueueEntry.Status: PostgresDecodable {}
extension QueueEntry.Lane: PostgresDecodable {}
extension SubscriptionStatus: PostgresDecodable {}
extension VideoJobState: PostgresDecodable {}
extension StudioPlatform: PostgresDecodable {}
