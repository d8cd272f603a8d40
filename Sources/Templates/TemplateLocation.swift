/// A position in a template's source: 1-based line, and 1-based column counted in characters.
public struct TemplateLocation: Sendable, Hashable, CustomStringConvertible {
    /// The name the template was parsed with (empty for anonymous templates).
    public var templateName: String
    public var line: Int
    public var column: Int

    public init(templateName: String, line: Int, column: Int) {
        self.templateName = templateName
        self.line = line
        self.column = column
    }

    /// The location of byte `offset` in the UTF-8 `source` of template `templateName`.
    init(offset: Int, in source: [UInt8], templateName: String) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, source.count) where source[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let prefix = String(decoding: source[lineStart..<max(lineStart, offset)], as: UTF8.self)
        self.init(templateName: templateName, line: line, column: prefix.count + 1)
    }

    /// `name:line:column`, the form compilers use, so editors can jump to it.
    public var description: String {
        "\(templateName.isEmpty ? "<template>" : templateName):\(line):\(column)"
    }
}
