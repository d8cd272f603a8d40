/// A page of the site: the template it fills (templates/NAME.mustache, inside the layout) and the
/// values it shows. The handler builds one from what it read; tests build the same type, so a
/// renamed field fails the strict rendering test of every template (`PageTemplateTests`).
/// Property names are the template's names (`{{queueLength}}` is `queueLength`).
protocol Page: Encodable {
    /// The template's name, relative to templates/ without `.mustache`.
    static var template: String { get }
    /// The page's `<title>` (not one of its values: the layout shows it).
    var title: String { get }
}
