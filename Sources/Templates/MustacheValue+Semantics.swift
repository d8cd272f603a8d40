extension MustacheValue {
    /// Whether a section `{{#name}}` renders (and an inverted section `{{^name}}` does not).
    ///
    /// `null`, `false`, `0`, `0.0`, the empty string and the empty array are false;
    /// everything else, including the empty object, is true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array(let values): !values.isEmpty
        case .object: true
        }
    }

    /// The text an interpolation tag `{{name}}` renders, before HTML escaping.
    ///
    /// `null`, arrays and objects render as the empty string; whole doubles
    /// print without a fraction (`2.0` as `2`).
    public var interpolationText: String {
        switch self {
        case .null, .array, .object: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): Self.format(value)
        case .string(let value): value
        }
    }

    /// The value stored under `key` if this is an object that has it.
    func member(_ key: String) -> MustacheValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    private static func format(_ value: Double) -> String {
        if value.isFinite, value.rounded(.towardZero) == value, abs(value) < 1e15 {
            return String(Int(value))
        }
        return String(value)
    }
}
