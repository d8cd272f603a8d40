import Synchronization

/// Counts requests being answered, so that shutdown can wait for them.
final class InFlightCounter: Sendable {
    private let count = Atomic<Int>(0)

    func begin() { count.add(1, ordering: .relaxed) }
    func end() { count.subtract(1, ordering: .relaxed) }
    var current: Int { count.load(ordering: .relaxed) }
}
