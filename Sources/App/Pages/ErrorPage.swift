/// An error as browsers see it (`error`): the status, what went wrong in words, and the request id
/// to quote to support.
struct ErrorPage: Page {
    static let template = "error"
    var title: String { reason }

    let status: Int
    let reason: String
    let message: String
    let requestID: String
}
