import Domain
import HTTP

extension AccountDeletionRefusal: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .openObligation, .unreportedCode, .renewingSubscription: .conflict
        case .suspended: .forbidden
        }
    }

    public var publicMessage: String {
        switch self {
        case .openObligation(let codes):
            "You still owe \(codes) invite code(s) back for the code you received. Donate them first; then you can delete your account."
        case .unreportedCode:
            "You revealed an invite code and have not told us whether it worked. Report it on your dashboard first."
        case .suspended:
            "This account is suspended, so it cannot be deleted here. Write to the operator (see the privacy page) to have your data erased."
        case .renewingSubscription:
            "Your premium subscription still renews. Cancel it in the billing portal first, so that you are not charged again."
        }
    }
}
