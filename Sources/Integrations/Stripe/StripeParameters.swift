/// Request parameters in Stripe's form encoding: nested dictionaries become `key[sub]`, lists
/// become `key[0]`, `key[0][sub]`, booleans `true`/`false` (as stripe-python's `_encode.py`).
/// Order is kept, so a request's body is predictable (tests compare it exactly).
public indirect enum StripeParameter: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    case string(String)
    case bool(Bool)
    case list([StripeParameter])
    case dictionary([(String, StripeParameter)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .string(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public static func == (lhs: StripeParameter, rhs: StripeParameter) -> Bool {
        lhs.flattened(prefix: "") == rhs.flattened(prefix: "")
    }

    /// The `(name, value)` pairs of this value under `prefix`.
    func flattened(prefix: String) -> [StripeFormPair] {
        switch self {
        case .string(let value): [StripeFormPair(name: prefix, value: value)]
        case .bool(let value): [StripeFormPair(name: prefix, value: value ? "true" : "false")]
        case .list(let items):
            items.enumerated().flatMap { index, item in item.flattened(prefix: "\(prefix)[\(index)]") }
        case .dictionary(let members):
            members.flatMap { key, value in value.flattened(prefix: prefix.isEmpty ? key : "\(prefix)[\(key)]") }
        }
    }
}

/// One field of an encoded Stripe request.
struct StripeFormPair: Equatable {
    let name: String
    let value: String
}

/// The top level of a Stripe request: named parameters in order.
public struct StripeParameters: Sendable, Equatable {
    public private(set) var members: [(String, StripeParameter)]

    public init(_ members: [(String, StripeParameter)] = []) {
        self.members = members
    }

    public static func == (lhs: StripeParameters, rhs: StripeParameters) -> Bool {
        lhs.encoded == rhs.encoded
    }

    public mutating func append(_ name: String, _ value: StripeParameter) {
        members.append((name, value))
    }

    /// The flattened fields, e.g. `[("line_items[0][price]", "price_1")]`.
    public var pairs: [(String, String)] {
        StripeParameter.dictionary(members).flattened(prefix: "").map { ($0.name, $0.value) }
    }

    /// The `application/x-www-form-urlencoded` body.
    public var encoded: String { FormEncoding.encode(pairs) }
}
