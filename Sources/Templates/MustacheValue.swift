/// A value templates can render: a typed, Sendable tree (no Any, no reflection).
///
/// Objects push their keys onto the context stack in sections; arrays make a
/// section repeat once per element. See `isTruthy` for which values count as
/// false, and `interpolationText` for how scalars print.
public enum MustacheValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([MustacheValue])
    case object([String: MustacheValue])
}
