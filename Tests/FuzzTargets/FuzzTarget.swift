/// The parsers that read what a client (or Stripe) sends, each as a function of one byte string,
/// so that a fuzzer can drive them: `FuzzTests` (a seeded mutational fuzzer that `make test` runs
/// for a fixed number of iterations) and `make fuzz` (libFuzzer, `Tests/Fuzz/Driver`) share them.
///
/// A target must never crash, whatever the bytes: a trap (an overflow, an index out of range, a
/// force unwrap) ends the process, which is the failure both fuzzers catch. Where it is cheap, a
/// target also checks an invariant and throws `FuzzFailure` when it does not hold.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `Stripe-Signature` and the webhook body: header line, `\n`, body.
    case stripeSignature = "stripe-signature"
    /// `multipart/form-data`: the Content-Type line, `\n`, the body.
    case multipart
    /// Query strings and URL-encoded forms: percent-decoding and `Parameters`.
    case urlEncoded = "url-encoded"
    /// The `Cookie` header.
    case cookies
    /// FastCGI params → `Request`: `NAME=value` lines, an empty line, the body.
    case cgiRequest = "cgi-request"
    /// Mustache template source: tokenizer, parser, renderer.
    case template
    /// JSON strings written by `JSONValue`, read back by Foundation.
    case json

    /// Runs the target on `input`: returns, throws `FuzzFailure` for a broken invariant, or crashes.
    public func run(_ input: [UInt8]) throws(FuzzFailure) {
        switch self {
        case .stripeSignature: try Self.stripeSignature(input)
        case .multipart: try Self.multipart(input)
        case .urlEncoded: try Self.urlEncoded(input)
        case .cookies: try Self.cookies(input)
        case .cgiRequest: try Self.cgiRequest(input)
        case .template: try Self.template(input)
        case .json: try Self.json(input)
        }
    }

    /// The longest input worth trying: longer ones only cost time.
    public var maxLength: Int {
        switch self {
        case .multipart, .cgiRequest: 8192
        case .template: 2048
        default: 4096
        }
    }

    /// `input` up to its first `\n` (as text, invalid UTF-8 replaced), and the bytes after it.
    static func firstLine(of input: [UInt8]) -> (line: String, rest: [UInt8]) {
        guard let newline = input.firstIndex(of: 10) else { return (String(decoding: input, as: UTF8.self), []) }
        return (String(decoding: input[..<newline], as: UTF8.self), Array(input[(newline + 1)...]))
    }

    /// Throws a `FuzzFailure` saying `what` unless `condition` holds.
    static func check(_ condition: Bool, _ what: @autoclosure () -> String) throws(FuzzFailure) {
        if !condition { throw FuzzFailure(what()) }
    }
}

/// An invariant of a fuzz target that did not hold (crashes need no type: they end the process).
public struct FuzzFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
