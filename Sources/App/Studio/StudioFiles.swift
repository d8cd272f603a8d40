import Cryptography
import Domain
import HTTP
import Media
import Store

#if canImport(Glibc)
import Glibc
#endif

/// Reading the studio's files: the SHA-256 that names them in storage, and the check of a
/// provider's video against what the job asked for.
enum StudioFiles {
    /// SHA-256 of a file, read in 64 KiB pieces.
    static func sha256(ofFile path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw HTTPError.uploadStorageFailed }
        defer { close(descriptor) }
        let hasher = try SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw HTTPError.uploadStorageFailed }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return try hasher.finalize()
    }

    /// Reads the MP4's boxes and checks its frame, length and size against the job
    /// (`StudioCheckFailure` in words otherwise); the file's digest names it in storage.
    static func inspect(path: String, job: VideoJobStore.Job, settings: StudioSettings) throws -> CheckedVideo {
        let reader: FileReader
        let info: VideoInfo
        do {
            reader = try FileReader(path: path)
            info = try MP4Probe.inspect(reader)
        } catch {
            throw StudioCheckFailure(message: "The provider's video could not be read (\(error.message)); the credits are back.")
        }
        let ratio = job.platform.ratio
        let problems = VideoCheck.problems(
            info, fileSize: reader.size,
            requirements: VideoRequirements(
                aspectWidth: ratio.width, aspectHeight: ratio.height, seconds: job.seconds, maxBytes: settings.maxVideoBytes,
                destination: job.platform.name))
        guard problems.isEmpty else {
            throw StudioCheckFailure(message: problems.map(\.message).joined(separator: " ") + " The credits are back.")
        }
        return CheckedVideo(
            width: info.width, height: info.height, durationMilliseconds: Int((info.durationSeconds * 1000).rounded()), bytes: reader.size,
            sha256: try sha256(ofFile: path))
    }
}
