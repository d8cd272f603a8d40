/// The immutable stack of values that names resolve against, innermost last.
/// Pushing returns a new stack that shares the frames below it.
struct ContextStack: Sendable {
    private indirect enum Frames: Sendable {
        case bottom
        case frame(MustacheValue, below: Frames)
    }

    private let frames: Frames

    init(_ root: MustacheValue) {
        frames = .frame(root, below: .bottom)
    }

    private init(frames: Frames) {
        self.frames = frames
    }

    func pushing(_ value: MustacheValue) -> ContextStack {
        ContextStack(frames: .frame(value, below: frames))
    }

    /// Resolves a dotted name as the spec says: `.` is the innermost value; otherwise the first
    /// component is looked up from the innermost frame outwards, and the rest only inside what it found.
    /// Anything missing is `.null`.
    func resolve(_ name: DottedName) -> MustacheValue {
        lookUp(name) ?? .null
    }

    /// Like `resolve`, but nil when the name names nothing (a key present with a null value is found):
    /// strict rendering tells the two apart.
    func lookUp(_ name: DottedName) -> MustacheValue? {
        guard let first = name.components.first else {
            if case .frame(let value, _) = frames { return value }
            return nil
        }
        var frames = self.frames
        while case .frame(let value, let below) = frames {
            if var found = value.member(first) {
                for component in name.components.dropFirst() {
                    guard let member = found.member(component) else { return nil }
                    found = member
                }
                return found
            }
            frames = below
        }
        return nil
    }
}
