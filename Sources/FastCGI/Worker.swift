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

    /// Answers the accepted request and writes the answer (one buffer, one libfcgi call; libfcgi
    /// takes an `Int32` length, so an answer past 2 GiB would go in pieces rather than trap).
    private func answer(_ raw: UnsafeMutablePointer<FCGX_Request>, with responder: any RequestResponder) {
        guard let input = raw.pointee.in, let output = raw.pointee.out else { return }
        let bytes = exchange.answer(params: CGIParams.read(raw.pointee.envp), stdin: StreamByteSource(input), responder: responder)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard var next = chars.baseAddress else { return }
                var left = chars.count
                while left > 0 {
                    let piece = Int32(clamping: left)
                    guard FCGX_PutStr(next, piece, output) == piece else { return }
                    next += Int(piece)
                    left -= Int(piece)
                }
            }
        }
    }
}

/// pthread entry point: runs the worker passed (retained) in `argument`.
func runWorkerThread(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    Unmanaged<Worker>.fromOpaque(argument).takeRetainedValue().run()
    return nil
}
