/// Replays the queue log to prove that every allocation went to the head of the queue as the
/// policy defines it: lane (head, premium, standard), then score (higher first; 0 for every entry
/// under first come, first served, and for entries logged before scores existed), then join time,
/// then entry id. Feed it the events in log order; it keeps the waiting entries in a min-heap. An
/// allocation must name the entry at the place the log gave it (lane, score, join time).
public struct QueueReplay {
    /// An entry's place in the order. Join times are fixed-width RFC 3339 UTC strings, so they
    /// compare as text.
    struct Place: Comparable {
        let lane: Int
        let score: Int
        let joinedAt: String
        let entry: Int

        static func < (lhs: Place, rhs: Place) -> Bool {
            (lhs.lane, -lhs.score, lhs.joinedAt, lhs.entry) < (rhs.lane, -rhs.score, rhs.joinedAt, rhs.entry)
        }
    }

    private var heap: [Place] = []
    private var waiting: [Int: Place] = [:]
    public private(set) var allocations = 0

    public init() {}

    /// Applies one event; returns why it breaks the rules, or nil.
    public mutating func apply(kind: String, data: [String: String]) -> String? {
        func place() -> Place? {
            guard let entry = data["entry"].flatMap(Int.init), let lane = data["lane"].flatMap(Int.init), let joinedAt = data["joined_at"]
            else {
                return nil
            }
            let score = data["score"].flatMap(Int.init) ?? 0
            return Place(lane: lane, score: score, joinedAt: joinedAt, entry: entry)
        }
        switch kind {
        case "join":
            guard let place = place() else { return "a join without entry, lane and join time" }
            guard waiting[place.entry] == nil else { return "entry \(place.entry) joined twice" }
            waiting[place.entry] = place
            push(place)
        case "pass_redeemed", "lane_changed":
            guard let place = place() else { return "a move without entry, lane and join time" }
            guard waiting[place.entry] != nil else { return "entry \(place.entry) moved, but it was not waiting" }
            waiting[place.entry] = place
            push(place)
        case "leave":
            guard let entry = data["entry"].flatMap(Int.init), waiting.removeValue(forKey: entry) != nil else {
                return "a leave of an entry that was not waiting"
            }
        case "allocate":
            guard let place = place() else { return "an allocation without entry, lane and join time" }
            dropStale()
            guard let head = heap.first else { return "an allocation to entry \(place.entry) while nobody was waiting" }
            guard head.entry == place.entry else {
                return "the code went to entry \(place.entry), but entry \(head.entry) was ahead of it"
            }
            guard head == place else { return "entry \(place.entry) got the code at another place than the log gave it" }
            waiting[place.entry] = nil
            allocations += 1
        default:
            break  // donations, reveals, reports and expiries do not change who waits
        }
        return nil
    }

    /// Removes heap tops that no longer wait (left or allocated).
    private mutating func dropStale() {
        while let top = heap.first, waiting[top.entry] != top { popTop() }
    }

    private mutating func push(_ place: Place) {
        heap.append(place)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left] < heap[smallest] { smallest = left }
            if right < heap.count, heap[right] < heap[smallest] { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
