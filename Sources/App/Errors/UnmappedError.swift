import HTTP

/// An error of a type that does not say how it is answered (a Foundation or standard-library
/// error): a 500 whose log line names the type, so it can be given a conformance.
/// `ErrorMappingTests` checks that no error type of ours ends here.
struct UnmappedError: InternalFault {
    let underlying: any Error

    var logDetail: String? { "unmapped error \(type(of: underlying)): \(underlying)" }
}
