import CFastCGI
import HTTP

/// One worker thread: accepts a connection, answers its request, repeats until the listening
/// socket is shut down.
final class Worker: Sendable {
    private let listenFD: Int32
    private let exchange: Exchange
    private let makeResponder: @Sendable () -> any RequestResponder
    private let inFlight: InFlightCounter

    init(
        listenFD: Int32, configuration: FastCGIConfiguration, inFlight: InFlightCounter,
        makeResponder: @escaping @Sendable () -> any RequestResponder
    ) {
        self.listenFD = listenFD
        self.exchange = Exchange(configuration)
        self.inFlight = inFlight
        self.makeResponder = makeResponder
    }

    func run() {
        let responder = makeResponder()
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { request.deallocate() }
        FCGX_InitRequest(request, listenFD, 0)
        while FCGX_Accept_r(request) >= 0 {
            inFlight.begin()
            answer(request, with: responder)
            FCGX_Finish_r(request)
            inFlight.end()
        }
    }

    /// Answers the accepted request, writing the answer to libfcgi as it is made.
    private func answer(_ raw: UnsafeMutablePointer<FCGX_Request>, with responder: any RequestResponder) {
        guard let input = raw.pointee.in, let output = raw.pointee.out else { return }
        exchange.answer(
            params: CGIParams.read(raw.pointee.envp), stdin: StreamByteSource(input), responder: responder, to: StreamBodyWriter(output))
    }
}

/// pthread entry point: runs the worker passed (retained) in `argument`.
func runWorkerThread(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    Unmanaged<Worker>.fromOpaque(argument).takeRetainedValue().run()
    return nil
}
