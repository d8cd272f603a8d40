/// A one-dimensional array sent as one text parameter, so a statement can take a whole batch:
/// `UPDATE … WHERE id = ANY(\(PostgresArray(ids))::bigint[])` or
/// `INSERT … SELECT … FROM unnest(\(PostgresArray(a))::bigint[], \(PostgresArray(b))::text[])`.
/// Every element is written double-quoted with `"` and `\` escaped, so any element text
/// (JSON, bytea hex, numbers) reads back unchanged once the SQL casts the array to its type.
public struct PostgresArray: PostgresEncodable {
    public let postgresText: String

    public init(_ elements: [some PostgresEncodable]) {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for character in element.postgresText.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        postgresText = text + "}"
    }
}
