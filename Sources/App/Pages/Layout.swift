/// What the layout and the header show on every page: the title, the footer's year and version,
/// the development banner, who is signed in, and the session's CSRF token for every form.
struct Layout: Encodable {
    let title: String
    let year: Int
    let version: String
    let development: Bool
    /// The session's token, or a visitor's on pages with visitor forms; nil otherwise (then the
    /// page has no forms).
    let csrfToken: String?
    let viewer: Viewer?

    /// The signed-in member, as the header shows them.
    struct Viewer: Encodable {
        let name: String
        let isAdmin: Bool
    }
}

/// A page's values and the layout's, in one context (the layout's names are not reused by pages).
struct PageContext<Body: Page>: Encodable {
    let page: Body
    let layout: Layout

    func encode(to encoder: any Encoder) throws {
        try page.encode(to: encoder)
        try layout.encode(to: encoder)
    }
}
