/// A reference to another Stripe object: its id as a string, or the object itself when the
/// request expanded it (then its `id`).
public struct ExpandableID: Decodable, Sendable, Equatable {
    public let id: String

    public init(_ id: String) { self.id = id }

    public init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            self.id = id
            return
        }
        self.id = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .id)
    }

    private enum Key: String, CodingKey { case id }
}
