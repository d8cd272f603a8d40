#if canImport(Glibc)
import Glibc
#endif

/// A new private file (mode 0600) with an unguessable name, written sequentially.
final class TemporaryFile {
    let path: String
    private var descriptor: Int32

    init(directory: String) throws(HTTPError) {
        var generator = SystemRandomNumberGenerator()
        let name = "sorashare-upload-" + String(generator.next(), radix: 16) + String(generator.next(), radix: 16)
        path = directory + "/" + name
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .uploadStorageFailed }
    }

    func write(_ bytes: ArraySlice<UInt8>) throws(HTTPError) {
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        guard written else { throw .uploadStorageFailed }
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
