/// A connected, blocking byte stream: a TCP socket, TLS over one, or a scripted stream in tests.
public protocol ByteStream: AnyObject {
    /// Up to `maximum` bytes; an empty array when the peer has closed the stream.
    func read(maximum: Int) throws(SMTPError) -> [UInt8]
    /// All of `bytes`.
    func write(_ bytes: [UInt8]) throws(SMTPError)
    /// Ends the stream (politely where the protocol has a way); errors are ignored.
    func close()
}
