/// Reads the codes a member pastes into the donation form: one per line, or separated by commas, semicolons or any whitespace.
/// Blank lines and empty pieces are skipped. Each piece is normalised and checked against the format; it is accepted unless it
/// is malformed, repeats an earlier code of the same submission, or comes after `maximumCodes` codes were already accepted.
public struct DonationParser: Sendable {
    /// The most codes one submission may hand in.
    public static let maximumCodes = 100

    /// What one submission came to, in the order the pieces were typed.
    public struct Outcome: Sendable, Equatable {
        /// The codes to take, normalised and distinct; at most `maximumCodes`.
        public let accepted: [InviteCode]
        /// Every other piece, with its line and reason.
        public let refused: [DonationRefusal]
    }

    /// The format every code must have.
    public let format: InviteCodeFormat

    public init(format: InviteCodeFormat) {
        self.format = format
    }

    /// Splits `text` into codes and refusals. Once `maximumCodes` codes are accepted, every later piece is refused as `tooMany`
    /// without being checked further.
    public func parse(_ text: String) -> Outcome {
        var accepted: [InviteCode] = []
        var seen: Set<InviteCode> = []
        var refused: [DonationRefusal] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            for piece in line.split(whereSeparator: Self.isSeparator) {
                let normalised = InviteCodeFormat.normalise(piece)
                guard !normalised.isEmpty else { continue }
                func refuse(_ reason: DonationRefusal.Reason) {
                    refused.append(DonationRefusal(line: index + 1, shown: InviteCode.redacted(normalised), reason: reason))
                }
                guard accepted.count < Self.maximumCodes else {
                    refuse(.tooMany)
                    continue
                }
                guard format.matches(normalised) else {
                    refuse(.badFormat)
                    continue
                }
                let code = InviteCode(normalised: normalised)
                guard seen.insert(code).inserted else {
                    refuse(.repeatedInSubmission)
                    continue
                }
                accepted.append(code)
            }
        }
        return Outcome(accepted: accepted, refused: refused)
    }

    /// Commas and semicolons (also their full-width and ideographic forms) and whitespace; line breaks are handled first, to
    /// number the lines.
    private static func isSeparator(_ character: Character) -> Bool {
        character.isWhitespace || [",", ";", "\u{FF0C}", "\u{FF1B}", "\u{3001}"].contains(character)
    }
}
