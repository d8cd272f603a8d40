import Foundation
import Testing

@testable import Integrations

#if canImport(Glibc)
import Glibc
#endif

/// `LocalMediaStorage` on a fresh directory per test: keys that try to leave the root, atomic
/// replacement, modes and the group nginx reads through, and the `/_media/` path.
@Suite struct LocalMediaStorageTests {
    let scratch: String
    let root: String

    init() throws {
        scratch = NSTemporaryDirectory() + "/media-tests-" + UUID().uuidString
        root = scratch + "/media"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = scratch + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func mode(_ path: String) -> (mode: mode_t, gid: gid_t) {
        var info = stat()
        _ = stat(path, &info)
        return (info.st_mode & 0o7777, info.st_gid)
    }

    @Test func putStoresACopyAndFetchCopiesItOut() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        let source = try file("in.png", "png bytes")
        try storage.put(file: source, key: "images/ab/abcdef.png", contentType: "image/png")
        #expect(FileManager.default.contents(atPath: root + "/images/ab/abcdef.png") == Data("png bytes".utf8))
        #expect(FileManager.default.fileExists(atPath: source), "the caller's file stays")
        #expect(try storage.exists(key: "images/ab/abcdef.png"))
        #expect(try !storage.exists(key: "images/ab/other.png"))
        #expect(try !storage.exists(key: "images/ab"), "a directory is no object")
        try storage.fetch(key: "images/ab/abcdef.png", to: scratch + "/out.png")
        #expect(FileManager.default.contents(atPath: scratch + "/out.png") == Data("png bytes".utf8))
        #expect(throws: StorageError.notFound(key: "images/ab/missing.png")) {
            try storage.fetch(key: "images/ab/missing.png", to: scratch + "/missing.png")
        }
        #expect(throws: StorageError.notFound(key: "images/ab")) { try storage.fetch(key: "images/ab", to: scratch + "/dir.png") }
        #expect(!FileManager.default.fileExists(atPath: scratch + "/missing.png"))
    }

    @Test func filesAre0640AndDirectories0750WhateverTheUmask() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        try storage.put(file: try file("in.mp4", "video"), key: "videos/ab/x.mp4", contentType: "video/mp4")
        #expect(mode(root + "/videos/ab/x.mp4").mode == 0o640)
        #expect(mode(root + "/videos/ab").mode == 0o750)
        #expect(mode(root + "/videos").mode == 0o750)
    }

    /// nginx reads media through the root's group: with the setgid bit on the root, every file
    /// and directory below gets that group, and directories keep the bit.
    @Test(.enabled(if: getuid() == 0, "needs root to hand the root to another group"))
    func filesTakeTheGroupOfASetgidRoot() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        let group: gid_t = 65534  // nogroup, which nginx's workers use when nginx runs as root
        #expect(chown(root, 0, group) == 0 && chmod(root, 0o2750) == 0)
        try storage.put(file: try file("in.mp4", "video"), key: "videos/ab/x.mp4", contentType: "video/mp4")
        #expect(mode(root + "/videos").mode == 0o2750 && mode(root + "/videos").gid == group)
        #expect(mode(root + "/videos/ab").mode == 0o2750 && mode(root + "/videos/ab").gid == group)
        #expect(mode(root + "/videos/ab/x.mp4").mode == 0o640 && mode(root + "/videos/ab/x.mp4").gid == group)
    }

    @Test func replacingIsAtomicAndAFailedPutKeepsTheOldObject() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        try storage.put(file: try file("v1", "first"), key: "videos/x.mp4", contentType: "video/mp4")
        try storage.put(file: try file("v2", "second, longer"), key: "videos/x.mp4", contentType: "video/mp4")
        #expect(FileManager.default.contents(atPath: root + "/videos/x.mp4") == Data("second, longer".utf8))
        // A source that cannot be read (a directory: read() fails) after the temporary file exists.
        try FileManager.default.createDirectory(atPath: scratch + "/unreadable", withIntermediateDirectories: false)
        #expect(throws: StorageError.self) { try storage.put(file: scratch + "/unreadable", key: "videos/x.mp4", contentType: "video/mp4") }
        #expect(throws: StorageError.self) { try storage.put(file: scratch + "/absent", key: "videos/new/y.mp4", contentType: "video/mp4") }
        #expect(FileManager.default.contents(atPath: root + "/videos/x.mp4") == Data("second, longer".utf8))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root + "/videos") == ["x.mp4"], "no temporary file or directory is left")
    }

    @Test func deleteRemovesAndIgnoresWhatIsMissing() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        try storage.put(file: try file("in", "x"), key: "images/a.png", contentType: "image/png")
        try storage.delete(key: "images/a.png")
        #expect(try !storage.exists(key: "images/a.png"))
        try storage.delete(key: "images/a.png")
        try storage.delete(key: "never/was/here.png")
    }

    @Test func deliveryIsTheInternalNginxPath() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        #expect(
            try storage.delivery(key: "videos/ab/x.mp4", contentType: "video/mp4", filename: "Launch.mp4", expiresIn: 300)
                == .accelRedirect("/_media/videos/ab/x.mp4"))
    }

    static let escapingKeys = [
        "", "../secret", "a/../../secret", "/etc/passwd", "videos/../../x", "a//b", "a/", "./a", ".hidden", "a/.tmp", "a b", "a\\b",
        "caf\u{e9}.png", "a\0b", "a?b", "a%2F..", String(repeating: "a", count: 513),
    ]

    @Test func keysThatCouldLeaveTheRootAreRefusedEverywhere() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let storage = try LocalMediaStorage(root: root)
        let source = try file("in", "x")
        for key in Self.escapingKeys {
            #expect(throws: StorageError.self, "\(key)") { try storage.put(file: source, key: key, contentType: "image/png") }
            #expect(throws: StorageError.self, "\(key)") { try storage.fetch(key: key, to: scratch + "/out") }
            #expect(throws: StorageError.self, "\(key)") { try storage.delete(key: key) }
            #expect(throws: StorageError.self, "\(key)") { try storage.exists(key: key) }
            #expect(throws: StorageError.self, "\(key)") {
                try storage.delivery(key: key, contentType: "image/png", filename: nil, expiresIn: 1)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).sorted() == ["in", "media"])
        #expect(MediaKey.problem(with: String(repeating: "a", count: 512)) == nil)
        #expect(MediaKey.problem(with: "videos/ab/abc-1_2.mp4") == nil)
        #expect(MediaKey.problem(with: "../x") == "a segment starting with a dot")
    }

    @Test func theRootIsMadeAbsoluteAndMustBeAWritableDirectory() throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        #expect(try LocalMediaStorage(root: root + "//").root == root)
        let relative = try LocalMediaStorage(root: ".build/media-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: relative.root) }
        #expect(
            relative.root == FileManager.default.currentDirectoryPath + "/"
                + relative.root.split(separator: "/").suffix(2).joined(separator: "/"))
        let notADirectory = try file("plain", "x")
        #expect(throws: StorageError.self) { try LocalMediaStorage(root: notADirectory) }
        #expect(throws: StorageError.self) { try LocalMediaStorage(root: notADirectory + "/below") }
    }
}
