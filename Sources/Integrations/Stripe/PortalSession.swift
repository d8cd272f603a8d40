/// A `billing_portal.session`: a short-lived `url` where the customer manages their plan.
public struct PortalSession: Decodable, Sendable, Equatable {
    public let id: String
    public let url: String
}
