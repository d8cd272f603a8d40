import Domain
@testable import App

/// Example page models for the template tests: for each page, enough states that every section of
/// its template is rendered both ways.
enum PageExamples {
    nonisolated(unsafe) static let all: [any Page] =
        [
            HomePage(paused: true, headline: .init(waiting: 12, allocations30Days: 40, medianWait: "2 d 4 h")),
            HomePage(paused: false, headline: nil, joinHref: "/dashboard", joinLabel: "Your place in the queue"),
        ] + dashboards + transparencies + accounts + admins + billings + studios + [
            DonatePage(),
            PrivacyPage(operatorName: "Example Ltd", operatorEmail: "privacy@example.com", outboxRetentionDays: 7, studioRetentionDays: 30),
            TermsPage(operatorName: "Example Ltd", operatorEmail: "privacy@example.com"),
            AccountDeletionPage(refusal: nil, confirmationError: nil),
            AccountDeletionPage(refusal: nil, confirmationError: "Type DELETE in capitals to confirm."),
            AccountDeletionPage(refusal: "You still owe 1 invite code(s) back.", confirmationError: nil),
            AccountDeletedPage(),
            UnsubscribePage(token: "1.code_waiting.ab", kind: .codeWaiting, done: false),
            UnsubscribePage(token: "1.return_due.ab", kind: .returnDue, done: true),
            DonatedPage(
                accepted: [.init(code: "AB…YZ")], acceptedCount: 1, refused: [.init(code: "CD…WX", reason: "is already in the pool")],
                anyRefused: true),
            RevealedCodePage(code: "SORA-CODE-1"),
            LeaderboardPage(
                leaders: [.init(rank: 1, name: "Ada", points: 30, badges: [badge])], empty: false, size: 50, pointsWorkedCode: 10,
                pointsReturnOnTime: 5, pointsActiveReferral: 3),
            LeaderboardPage(leaders: [], empty: true, size: 50, pointsWorkedCode: 10, pointsReturnOnTime: 5, pointsActiveReferral: 3),
            SignInPage(providers: [.init(name: "linkedin", displayName: "LinkedIn")], hasProviders: true),
            SignInPage(providers: [], hasProviders: false),
            SignInPage(
                providers: [.init(name: "linkedin", displayName: "LinkedIn", query: "?next=/donate")], hasProviders: true, next: "/donate",
                email: "ada@example.com", lapsed: true),
            SignInSentPage(),
            SignInConfirmPage(token: "token", address: "ada@example.com", signedInAs: nil),
            SignInConfirmPage(token: "token", address: "ada@example.com", signedInAs: "Grace Hopper (grace@example.com)"),
            ErrorPage(status: 404, reason: "Not Found", message: "There is no page at this address.", requestID: "r-1"),
            DiagnosticsPage(migrations: 12),
            TransparencyLogPage(
                entries: [
                    .init(
                        seq: 2, at: "2026-11-29T04:00:00.000001Z", kind: "join", subject: "5f0c1a2b3c4d5e6f5f0c1a2b3c4d5e6f",
                        subjectShort: "5f0c1a2b", hasSubject: true, facts: "entry=1 joined_at=2026-11-29T04:00:00.000001Z lane=2 score=0",
                        hash: String(repeating: "ab", count: 32), hashShort: "abababababab"),
                    .init(
                        seq: 1, at: "2026-11-29T04:00:00.000000Z", kind: "void", subject: "", subjectShort: "", hasSubject: false,
                        facts: "code=4", hash: String(repeating: "cd", count: 32), hashShort: "cdcdcdcdcdcd"),
                ], empty: false, newest: 120, hasOlder: true, olderBefore: 1, hasNewer: true, newerBefore: 53),
            TransparencyLogPage(entries: [], empty: true, newest: 0, hasOlder: false, olderBefore: 1, hasNewer: false, newerBefore: 1),
        ]

    nonisolated(unsafe) static let transparencies: [any Page] = [
        TransparencyPage.computing,
        TransparencyPage(
            computed: true, computedAt: "2026-11-23 10:00 UTC", paused: true, pausedReason: "An admin paused it to check the pool.",
            sections: [.init(title: "The queue", figures: [.init(id: "waiting", label: "Members waiting", value: "3", detail: "now")])],
            charts: [
                .init(
                    id: "chart-x", title: "Codes", summary: "Codes per day.", svg: "<svg></svg>", columns: [.init(name: "Day")],
                    rows: [.init(cells: [.init(text: "2026-11-23")])])
            ]),
        TransparencyPage(
            computed: true, computedAt: "2026-11-23 10:00 UTC", paused: false, pausedReason: "",
            sections: [.init(title: "Codes", figures: [.init(id: "codes", label: "Codes donated", value: "0", detail: "")])], charts: []),
        mirrored("https://github.com/sorashare/transparency"), mirrored("/srv/sorashare/transparency.git"),
    ]

    /// A transparency page naming where its snapshots are published.
    static func mirrored(_ mirror: String) -> TransparencyPage {
        var page = TransparencyPage.computing
        page.mirror = mirror
        return page
    }

    static let badge = BadgeItem(id: "first-code", title: "First code", summary: "Donated a code that worked")

    nonisolated(unsafe) static let dashboards: [any Page] = [
        DashboardPage(
            paused: true, pausedReason: "paused by an admin", viewerIsAdmin: true, owes: true, owedCodes: 1,
            owedDue: "2026-12-01 10:00 UTC",
            owedOverdue: true, inQueue: false, waiting: true, position: 3, queueLength: 10, estimate: "about 2 days",
            useCase: "product videos", scored: true, score: 12, laneLabel: "You are in the premium lane.", reportPending: true,
            allocated: true, revealed: true,
            revealBy: "2026-12-02 10:00 UTC", personas: [.init(value: "solo_founder", label: "Solo founder")], passCode: "SORA-0000",
            passError: "This priority pass does not exist."),
        DashboardPage(
            paused: false, pausedReason: "", viewerIsAdmin: false, owes: true, owedCodes: 1, owedDue: "2026-12-01 10:00 UTC",
            owedOverdue: false, inQueue: true, waiting: false, position: 0, queueLength: 10, estimate: "unknown", useCase: "",
            scored: false, score: 0, laneLabel: "", reportPending: false, allocated: true, revealed: false,
            revealBy: "2026-12-02 10:00 UTC", personas: []),
    ]

    nonisolated(unsafe) static let accounts: [any Page] = [true, false].map { full in
        AccountPage(
            member: .init(name: "Grace", email: "grace@example.com", verified: full, admin: full, inArrears: full, owedCodes: 1),
            recognition: .init(
                points: 10, badges: full ? [badge] : [], hasBadges: full, onLeaderboard: full, referralLink: "http://x/?ref=abc",
                referred: 2, referredGood: 1, referralQuality: "50%"),
            identities: [.init(provider: "linkedin", subject: "abc")],
            sessions: [.init(userAgent: "Firefox", createdAt: "2026-11-01 10:00 UTC", lastSeenAt: "2026-11-02 10:00 UTC", current: full)],
            notifications: [.init(kind: "return_due", title: "Returns due and overdue", enabled: full)])
    }

    nonisolated(unsafe) static let admins: [any Page] = [
        AdminPage(
            laneHead: 1, lanePremium: 2, laneStandard: 3, available: 4, live: 5, trust: 90, threshold: 60, paused: true,
            pausedReason: "paused by an admin", minted: ["SORA-0123456789AB"], hasMinted: true,
            nextInLine: [.init(place: 1, member: "Ada", lane: "premium", score: 0, persona: "other", useCase: "ads", joined: "today")],
            reports: [
                .init(
                    id: 1, code: 2, donor: "Bob", recipient: "Ada", at: "today",
                    reporterHistory: .init(codes: 2, worked: 1, upheld: 0, dismissed: 0, open: 1),
                    donorHistory: .init(codes: 5, worked: 2, upheld: 1, dismissed: 0, open: 1))
            ], hasReports: true,
            quarantined: [
                .init(id: 9, name: "Junk", since: "today", reason: "2 recipients reported codes invalid", donated: 20, worked: 0, held: 17)
            ],
            hasQuarantined: true,
            deadLetters: [.init(id: 5, memberID: 7, attempts: 5, reason: "No provider could make it", created: "today")],
            hasDeadLetters: true,
            codes: [.init(id: 2, donor: "Bob", status: "available", at: "today", voidable: true)],
            donors: [.init(name: "Bob", invalid: 1, donated: 3)],
            audit: [.init(at: "today", actor: "Grace", action: "pause", detail: "paused by an admin")]),
        AdminPage(
            laneHead: 0, lanePremium: 0, laneStandard: 0, available: 0, live: 0, trust: 100, threshold: 60, paused: false, pausedReason: "",
            minted: [], hasMinted: false, nextInLine: [], reports: [], hasReports: false, quarantined: [], hasQuarantined: false,
            deadLetters: [], hasDeadLetters: false, codes: [],
            donors: [], audit: []),
    ]

    nonisolated(unsafe) static let billings: [any Page] = [
        BillingPage(
            configured: true, simulated: true, noticeSuccess: true, noticeCancelled: true,
            plan: .init(
                status: "past_due", label: "Premium — payment past due", pastDue: true, renews: true, ends: true,
                periodEnd: "2026-12-23T10:00:00Z", periodEndLabel: "23 December 2026"),
            canBuyPremium: true, premiumLabel: "$19/month", hasCustomer: true, requestKey: "00ff", balance: 3, debt: 8, inDebt: true,
            packs: [.init(credits: 10, label: "$5")],
            history: [.init(at: "today", description: "Credit pack", delta: "-3", negative: true)],
            receipts: [
                .init(
                    at: "today", description: "Credit pack", amount: "5.00 USD", refunded: true, amountRefunded: "5.00 USD",
                    url: "https://pay.stripe.com/receipts/1", hasUrl: true)
            ]),
        BillingPage(
            configured: false, simulated: false, noticeSuccess: false, noticeCancelled: false, plan: nil, canBuyPremium: false,
            premiumLabel: "", hasCustomer: false, requestKey: "00ff", balance: 0, debt: 0, inDebt: false, packs: [], history: [],
            receipts: []),
    ]

    nonisolated(unsafe) static let studios: [any Page] = [
        StudioPage(
            jobs: [
                .init(
                    id: 3, url: "/studio/jobs/3", posterURL: "/studio/jobs/3/image?expires=1&signature=ab", created: "today",
                    platform: "TikTok (9:16)", seconds: 5, stateLabel: "Ready", ready: true, failed: true)
            ], hasJobs: true, simulated: true),
        StudioPage(jobs: [], hasJobs: false, simulated: false),
        StudioNewPage(
            presets: [.init(id: "unboxing", name: "Unboxing", prompt: "Hands open a box")],
            platforms: [.init(value: "tiktok", label: "TikTok (9:16)", checked: true)],
            lengths: [.init(seconds: 5, credits: 5, checked: true)],
            balance: 3, creditsPerSecond: 1, canAfford: false, inDebt: true, requestKey: "00ff", maxPromptLength: 1000,
            maxImageMegabytes: 10, simulated: true),
        StudioNewPage(
            presets: [], platforms: [], lengths: [], balance: 50, creditsPerSecond: 1, canAfford: true, inDebt: false, requestKey: "00ff",
            maxPromptLength: 1000, maxImageMegabytes: 10, simulated: false),
        StudioJobPage(
            id: 3, prompt: "A mug", platform: "TikTok (9:16)", seconds: 5, credits: 5, created: "today", stateLabel: "Ready",
            progress: 100, hasProgress: true, ready: true, failed: true, failureMessage: "The provider refused the image.",
            cancelable: true, inProgress: false, statusURL: "/studio/jobs/3/status.json", videoURL: "/v", downloadURL: "/d",
            posterURL: "/p", fileDeleted: false, retentionDays: 30,
            timeline: [.init(label: "Ready", detail: "Made by runway", at: "today")]),
        StudioJobPage(
            id: 4, prompt: "A mug", platform: "TikTok (9:16)", seconds: 5, credits: 5, created: "today", stateLabel: "Ready",
            progress: 0, hasProgress: false, ready: true, failed: false, failureMessage: "", cancelable: false, inProgress: true,
            statusURL: "/s", videoURL: "", downloadURL: "", posterURL: "", fileDeleted: true, retentionDays: 30, timeline: []),
    ]
}
