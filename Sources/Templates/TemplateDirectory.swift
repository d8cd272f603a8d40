import Foundation

/// The `*.mustache` files below a directory, each named by its path relative to the directory
/// without the extension (`pages/home.mustache` is "pages/home"). Hidden files and directories are skipped.
struct TemplateDirectory: Sendable {
    /// A template file and what it looked like when listed.
    struct File: Sendable, Equatable {
        let name: String
        let path: String
        let stamp: Stamp
    }

    /// Modification time and size: a file whose stamp is unchanged is taken to be unchanged.
    struct Stamp: Sendable, Equatable {
        let modificationDate: Date?
        let size: Int?
    }

    static let fileExtension = ".mustache"

    let path: String

    /// The template files, sorted by name.
    func files() throws(TemplateError) -> [File] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = fileManager.enumerator(atPath: path)
        else {
            throw .unreadableFile(path: path, reason: "not a readable directory")
        }
        var files: [File] = []
        while let relativePath = enumerator.nextObject() as? String {
            let components = relativePath.split(separator: "/")
            guard relativePath.hasSuffix(Self.fileExtension), !components.contains(where: { $0.hasPrefix(".") }) else {
                continue
            }
            let fullPath = path + "/" + relativePath
            guard let attributes = try? fileManager.attributesOfItem(atPath: fullPath),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            let stamp = Stamp(
                modificationDate: attributes[.modificationDate] as? Date,
                size: (attributes[.size] as? NSNumber)?.intValue)
            let name = String(relativePath.dropLast(Self.fileExtension.count))
            files.append(File(name: name, path: fullPath, stamp: stamp))
        }
        return files.sorted { $0.name < $1.name }
    }

    /// Reads and parses `files`, naming each template after its file.
    static func parse(_ files: [File]) throws(TemplateError) -> [String: Template] {
        var templates: [String: Template] = [:]
        for file in files {
            let source: String
            do {
                source = try String(contentsOfFile: file.path, encoding: .utf8)
            } catch {
                throw .unreadableFile(path: file.path, reason: "\(error)")
            }
            templates[file.name] = try Template(source, name: file.name)
        }
        return templates
    }
}
