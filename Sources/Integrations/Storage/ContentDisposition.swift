/// The `Content-Disposition` of a download (RFC 6266): the app sets it on an `X-Accel-Redirect`
/// answer (nginx passes it on), and `S3MediaStorage` puts it in a presigned URL's
/// `response-content-disposition`, so both storages name the file alike.
public enum ContentDisposition {
    /// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`. The
    /// fallback keeps printable ASCII but for `"`, `\`, `/` and `%`, which become `_`; the name
    /// is cut to 200 bytes.
    public static func attachment(filename: String) -> String {
        var name = filename
        while name.utf8.count > 200 { name.removeLast() }
        var fallback = ""
        for scalar in name.unicodeScalars {
            let printable = scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7f && !"\"\\/%".unicodeScalars.contains(scalar)
            fallback.unicodeScalars.append(printable ? scalar : "_")
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(SignatureV4.encode(name))"
    }
}
