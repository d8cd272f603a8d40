import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Integrations

/// A JWKS endpoint in memory: counts fetches, and can hold one fetch until the test lets it go.
private final class FakeProvider: Sendable {
    private struct State {
        var document: Data
        var fetches = 0
        var failing = false
        /// The fetch number that waits for `release` (after signalling `holding`).
        var heldFetch: Int?
    }

    private let state: Mutex<State>
    let holding = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)

    init(kids: [String?]) {
        state = Mutex(State(document: Self.document(kids: kids)))
    }

    var fetches: Int { state.withLock { $0.fetches } }

    func serve(kids: [String?]) { state.withLock { $0.document = Self.document(kids: kids) } }
    func fail() { state.withLock { $0.failing = true } }
    func hold(fetch number: Int) { state.withLock { $0.heldFetch = number } }

    func fetch() throws(OpenIDError) -> Data {
        let (number, document, failing, held) = state.withLock { state in
            state.fetches += 1
            return (state.fetches, state.document, state.failing, state.heldFetch)
        }
        if number == held {
            holding.signal()
            release.wait()
        }
        if failing { throw .providerUnreachable }
        return document
    }

    /// RFC 7515 A.2's RSA key under each kid (nil: a key without a kid), plus an EC key that is skipped.
    static func document(kids: [String?]) -> Data {
        let n =
            "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47"
            + "soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-D"
            + "WNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
        let keys = kids.map { kid in
            #"{"kty":"RSA","use":"sig","# + (kid.map { #""kid":"\#($0)","# } ?? "") + #""n":"\#(n)","e":"AQAB"}"#
        }
        return Data(#"{"keys":[\#((keys + [#"{"kty":"EC","kid":"ec","crv":"P-256"}"#]).joined(separator: ","))]}"#.utf8)
    }
}

/// A flag one thread sets and another reads.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

@Suite struct JWKSCacheTests {
    private static let start = Date(timeIntervalSince1970: 1_700_000_000)

    private static func cache(_ provider: FakeProvider) -> JWKSCache {
        JWKSCache { () throws(OpenIDError) -> Data in try provider.fetch() }
    }

    @Test func keysAreCachedForAnHour() throws {
        let provider = FakeProvider(kids: ["k1"])
        let cache = Self.cache(provider)
        #expect(try cache.key(for: "k1", now: Self.start) != nil)
        #expect(try cache.key(for: "k1", now: Self.start + 3600) != nil)
        #expect(provider.fetches == 1)
        #expect(try cache.key(for: "k1", now: Self.start + 3601) != nil)
        #expect(provider.fetches == 2)
    }

    @Test func anUnknownKidRefetchesOnceAndAtMostEveryTenSeconds() throws {
        let provider = FakeProvider(kids: ["k1"])
        let cache = Self.cache(provider)
        #expect(try cache.key(for: "k1", now: Self.start) != nil)
        provider.serve(kids: ["k1", "k2"])
        #expect(try cache.key(for: "k2", now: Self.start + 1) != nil, "rotated keys are picked up at once")
        #expect(provider.fetches == 2)
        #expect(try cache.key(for: "forged", now: Self.start + 5) == nil, "within ten seconds of the last forced fetch")
        #expect(provider.fetches == 2)
        #expect(try cache.key(for: "forged", now: Self.start + 11) == nil)
        #expect(provider.fetches == 3)
        #expect(try cache.key(for: "forged", now: Self.start + 12) == nil)
        #expect(provider.fetches == 3)
    }

    @Test func withoutAKidOnlyASingleKeyIsChosen() throws {
        #expect(try Self.cache(FakeProvider(kids: [nil])).key(for: nil, now: Self.start) != nil)
        #expect(try Self.cache(FakeProvider(kids: ["a"])).key(for: nil, now: Self.start) != nil)
        #expect(try Self.cache(FakeProvider(kids: ["a", "b"])).key(for: nil, now: Self.start) == nil)
    }

    @Test func aFailedFetchIsProviderUnreachable() throws {
        let provider = FakeProvider(kids: ["k1"])
        provider.fail()
        #expect(throws: OpenIDError.providerUnreachable) { try Self.cache(provider).key(for: "k1", now: Self.start) }
        #expect(throws: OpenIDError.providerUnreachable) {
            try JWKSCache { () throws(OpenIDError) -> Data in Data("not json".utf8) }.key(for: "k1", now: Self.start)
        }
    }

    /// Regression: the cache used to fetch with its lock held, so one slow provider stalled every sign-in.
    @Test func aSlowFetchDoesNotBlockReadersOfCachedKeys() throws {
        let provider = FakeProvider(kids: ["k1"])
        let cache = Self.cache(provider)
        #expect(try cache.key(for: "k1", now: Self.start) != nil)
        provider.hold(fetch: 2)
        let forcedDone = DispatchSemaphore(value: 0)
        Thread {
            _ = try? cache.key(for: "unknown", now: Self.start + 1)  // forces fetch 2, which waits for `release`
            forcedDone.signal()
        }.start()
        #expect(provider.holding.wait(timeout: .now() + 5) == .success, "the forced fetch started")

        let readDone = DispatchSemaphore(value: 0)
        let found = Flag()
        Thread {
            if (try? cache.key(for: "k1", now: Self.start + 2)) != nil { found.set() }
            readDone.signal()
        }.start()
        let readFinished = readDone.wait(timeout: .now() + 5) == .success
        provider.release.signal()
        #expect(readFinished, "a cached key is read while another caller's fetch is in flight")
        #expect(found.isSet)
        #expect(forcedDone.wait(timeout: .now() + 5) == .success)
        #expect(provider.fetches == 2)
    }
}
