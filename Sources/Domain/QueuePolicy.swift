/// How the queue orders members within a lane. First come, first served gives every entry the
/// score 0, so join time decides; the scored policy gives each entry, when it joins, points for
/// its persona plus bonuses for words in its use case, and higher scores go first (join time
/// breaks ties). Lanes (head, premium, standard) come before any score.
public enum QueuePolicy: Sendable, Equatable {
    case firstComeFirstServed
    case scored(ScoringRules)

    /// The highest score an entry can have (the database checks it too).
    public static let maximumScore = 1000

    /// The score an entry joining now gets.
    public func score(persona: QueueEntry.Persona, useCase: String) -> Int {
        switch self {
        case .firstComeFirstServed: 0
        case .scored(let rules): rules.score(persona: persona, useCase: useCase)
        }
    }

    /// Points for personas and for words in the use case.
    public struct ScoringRules: Sendable, Equatable {
        /// Points by persona; a persona not listed scores 0.
        public let personaPoints: [QueueEntry.Persona: Int]
        /// Bonus points for each listed word that occurs in the use case (whole words, any case).
        public let useCaseBonuses: [String: Int]

        /// The defaults: the people SoraShare is for (makers of product videos) first.
        public static let standard = ScoringRules(
            personaPoints: [.soloFounder: 30, .smallTeam: 25, .contentCreator: 20, .agency: 10, .other: 0],
            useCaseBonuses: ["product": 10, "launch": 5, "shop": 5, "ecommerce": 5, "demo": 5])

        public init(personaPoints: [QueueEntry.Persona: Int], useCaseBonuses: [String: Int]) {
            self.personaPoints = personaPoints
            self.useCaseBonuses = Dictionary(uniqueKeysWithValues: useCaseBonuses.map { ($0.key.lowercased(), $0.value) })
        }

        func score(persona: QueueEntry.Persona, useCase: String) -> Int {
            let words = Set(
                useCase.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init))
            let bonus = useCaseBonuses.reduce(0) { total, bonus in total + (words.contains(bonus.key) ? bonus.value : 0) }
            return min(QueuePolicy.maximumScore, max(0, (personaPoints[persona] ?? 0) + bonus))
        }

        /// Reads `persona=points,...` and `word=points,...` lists (as in the environment); names
        /// what is wrong otherwise.
        public static func parse(personas: String?, bonuses: String?) throws(QueuePolicyError) -> ScoringRules {
            ScoringRules(personaPoints: try personaPoints(personas), useCaseBonuses: try useCaseBonuses(bonuses))
        }

        /// A `persona=points,...` list; the standard points when nil.
        public static func personaPoints(_ list: String?) throws(QueuePolicyError) -> [QueueEntry.Persona: Int] {
            guard let list else { return standard.personaPoints }
            var points: [QueueEntry.Persona: Int] = [:]
            for (name, value) in try pairs(list) {
                guard let persona = QueueEntry.Persona(rawValue: name) else { throw .unknownPersona(name) }
                points[persona] = value
            }
            return points
        }

        /// A `word=points,...` list; the standard bonuses when nil.
        public static func useCaseBonuses(_ list: String?) throws(QueuePolicyError) -> [String: Int] {
            guard let list else { return standard.useCaseBonuses }
            var bonuses: [String: Int] = [:]
            for (word, value) in try pairs(list) {
                guard word.allSatisfy({ $0.isLetter || $0.isNumber }) else { throw .malformed(word) }
                bonuses[word] = value
            }
            return bonuses
        }

        private static func pairs(_ list: String) throws(QueuePolicyError) -> [(String, Int)] {
            var result: [(String, Int)] = []
            for item in list.split(separator: ",") {
                let parts = item.split(separator: "=", omittingEmptySubsequences: false).map {
                    String($0.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
                }
                guard parts.count == 2, !parts[0].isEmpty, let points = Int(parts[1]), (0...QueuePolicy.maximumScore).contains(points)
                else { throw .malformed(String(item)) }
                result.append((parts[0].lowercased(), points))
            }
            return result
        }
    }
}

/// A scoring rule that cannot be read.
public enum QueuePolicyError: Error, Sendable, Equatable {
    /// Not `name=points` with points from 0 to 1000.
    case malformed(String)
    /// A persona the queue does not know.
    case unknownPersona(String)

    public var reason: String {
        switch self {
        case .malformed(let item): "has \"\(item)\"; write name=points pairs separated by commas, points from 0 to 1000"
        case .unknownPersona(let name):
            "names \"\(name)\", which is not a persona (\(QueueEntry.Persona.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
