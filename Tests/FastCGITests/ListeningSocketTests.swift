import Foundation
import Testing

@testable import FastCGI

#if canImport(Glibc)
import Glibc
#endif

/// Who may connect to the responder's socket (issue 9): whoever can may speak FastCGI directly,
/// with a forged `REMOTE_ADDR` and `HTTPS=on`, past nginx's limits and headers. It was created
/// mode 0666; now 0660 with nginx's group, in a directory of mode 0750.
@Suite(.serialized) struct ListeningSocketTests {
    /// A group the socket can be given that is not the process's own, when there is one: any
    /// group for root, else a supplementary group (or the own group as a last resort).
    static let group: UInt32 = {
        if geteuid() == 0 { return getegid() == 65534 ? 65533 : 65534 }
        var groups = [gid_t](repeating: 0, count: 256)
        let count = getgroups(Int32(groups.count), &groups)
        return groups.prefix(Int(max(0, count))).first { $0 != getegid() } ?? getegid()
    }()

    /// A fresh directory under the temporary directory, removed by `body`'s end.
    static func withScratch(_ body: (String) throws -> Void) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("socket-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        try body(base)
    }

    static func configuration(_ path: String, group: UInt32? = Self.group) -> FastCGIConfiguration {
        FastCGIConfiguration(socketPath: path, threads: 1, maxBodyBytes: 64, temporaryDirectory: "/tmp", socketGroup: group)
    }

    static func status(_ path: String) throws -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else { throw POSIXError(.ENOENT) }
        return info
    }

    @Test func theSocketIs0660WithItsGroupInA0750DirectoryItCreates() throws {
        try Self.withScratch { base in
            let path = base + "/run/sorashare.sock"
            let fd = try FastCGIServer.openListener(Self.configuration(path))
            defer { close(fd) }
            let socket = try Self.status(path)
            #expect(socket.st_mode & S_IFMT == S_IFSOCK)
            #expect(socket.st_mode & 0o7777 == 0o660, "socket mode \(String(socket.st_mode & 0o7777, radix: 8))")
            #expect(socket.st_gid == Self.group)
            let directory = try Self.status(base + "/run")
            #expect(directory.st_mode & 0o7777 == 0o750, "directory mode \(String(directory.st_mode & 0o7777, radix: 8))")
            #expect(directory.st_gid == Self.group)
        }
    }

    @Test func withoutAGroupTheSocketKeepsTheProcesssOwn() throws {
        try Self.withScratch { base in
            let fd = try FastCGIServer.openListener(Self.configuration(base + "/own/s.sock", group: nil))
            defer { close(fd) }
            let socket = try Self.status(base + "/own/s.sock")
            #expect(socket.st_mode & 0o7777 == 0o660 && socket.st_gid == getegid())
        }
    }

    @Test func anExistingDirectoryOpenToEveryoneIsUsedWithAWarning() throws {
        try Self.withScratch { base in
            for mode: mode_t in [0o755, 0o1777] {
                let directory = base + "/open-\(String(mode, radix: 8))"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
                chmod(directory, mode)
                var warnings: [String] = []
                let fd = try FastCGIServer.openListener(Self.configuration(directory + "/s.sock")) { warnings.append($0) }
                close(fd)
                #expect(try Self.status(directory).st_mode & 0o7777 == mode, "an existing directory is left as it is")
                #expect(try Self.status(directory + "/s.sock").st_mode & 0o7777 == 0o660)
                #expect(warnings.count == 1 && warnings.first?.contains("open to every user") == true, "\(warnings)")
            }
        }
    }

    @Test func anExistingDirectoryNginxsGroupCannotEnterIsUsedWithAWarning() throws {
        try Self.withScratch { base in
            let directory = base + "/closed"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            chmod(directory, 0o750)
            var warnings: [String] = []
            let other = Self.group == getegid() ? Self.group &+ 1 : Self.group
            let fd = try? FastCGIServer.openListener(Self.configuration(directory + "/s.sock", group: other)) { warnings.append($0) }
            if let fd { close(fd) }
            #expect(warnings.contains { $0.contains("may not reach the socket") }, "\(warnings)")
        }
    }

    @Test func aDirectoryEveryoneMayWriteWithoutTheStickyBitIsRefused() throws {
        try Self.withScratch { base in
            let directory = base + "/shared"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            chmod(directory, 0o777)
            #expect(throws: FastCGIError.unsafeSocketDirectory(path: directory, mode: 0o777)) {
                try FastCGIServer.openListener(Self.configuration(directory + "/s.sock"))
            }
            #expect(!FileManager.default.fileExists(atPath: directory + "/s.sock"))
        }
    }

    /// libfcgi ends the whole process when it cannot bind; these are start-up errors instead.
    @Test func whatLibfcgiWouldExitOnIsAnError() throws {
        try Self.withScratch { base in
            let long = base + "/" + String(repeating: "s", count: 120) + ".sock"
            #expect(throws: FastCGIError.cannotListen(path: long)) { try FastCGIServer.openListener(Self.configuration(long)) }
            #expect(throws: FastCGIError.cannotCreateSocketDirectory(path: base + "/a/b")) {
                try FastCGIServer.openListener(Self.configuration(base + "/a/b/s.sock"))
            }
        }
    }

    @Test func groupsAreNamedOrNumbered() {
        #expect(SocketGroup.id(of: "root") == 0)
        #expect(SocketGroup.id(of: "1234") == 1234)
        #expect(SocketGroup.id(of: "no-such-group-here") == nil && SocketGroup.id(of: "") == nil)
        #expect(ListeningSocket.directory(of: "/run/s.sock") == "/run" && ListeningSocket.directory(of: "s.sock") == ".")
        #expect(ListeningSocket.directory(of: "/s.sock") == "/")
    }
}
