import Domain
import HTTP
import Store

/// The member's own data: downloading it, and deleting the account.
enum AccountData {
    /// The word the confirmation field must hold.
    static let confirmationWord = "DELETE"

    /// `GET /account/data.json`: everything we hold about the member, as an attachment.
    @Sendable static func export(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let contribution = try RecognitionStore().contribution(memberID: member.id, on: context.database)
        let recognition = JSONValue.object([
            ("points", .int(contribution.points)), ("badges", .array(contribution.badges.map { .string($0.rawValue) })),
        ])
        let document = try MemberDataExport().json(memberID: member.id, recognition: recognition.serialized(), on: context.database)
        var response = Response(body: Array(document.utf8))
        response.headers.set("Content-Type", "application/json; charset=utf-8")
        response.headers.set("Content-Disposition", "attachment; filename=\"sorashare-data.json\"")
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// `GET /account/delete`: what deletion erases and keeps, and the confirmation form (or why
    /// the account cannot be deleted now).
    @Sendable static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let refusal = try AccountErasure().refusal(memberID: member.id, on: context.database)
        return try context.pages.render(AccountDeletionPage(refusal: refusal?.publicMessage, confirmationError: nil))
    }

    /// `POST /account/delete` with `confirm=DELETE`: deletes the account in one transaction, ends
    /// the browser's session cookie and redirects to `/account/deleted`. A wrong confirmation
    /// shows the form again with the error next to the field; a refusal shows why.
    @Sendable static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let typed = (try request.urlEncodedForm()["confirm"] ?? "").filter { !$0.isWhitespace }
        guard typed == confirmationWord else {
            return try context.pages.render(
                AccountDeletionPage(refusal: nil, confirmationError: "Type DELETE in capitals to confirm."), status: .unprocessableContent)
        }
        try AccountErasure().delete(memberID: member.id, log: context.resources.queueLog, on: context.database)
        var response = Response.redirect(to: "/account/deleted")
        SessionCookie.clear(on: &response, for: request)
        return response
    }

    /// `GET /account/deleted`: the page after deletion.
    @Sendable static func deleted(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.pages.render(AccountDeletedPage())
    }
}
