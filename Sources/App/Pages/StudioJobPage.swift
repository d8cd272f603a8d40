/// One video job (`studio-job`): its timeline with progress, the video and its download once
/// ready, the reason if it failed, cancel while it has not started.
struct StudioJobPage: Page {
    static let template = "studio-job"
    var title: String { "Video #\(id)" }

    let id: Int
    let prompt: String
    let platform: String
    let seconds: Int
    let credits: Int
    let created: String
    let stateLabel: String
    let progress: Int
    let hasProgress: Bool
    let ready: Bool
    let failed: Bool
    let failureMessage: String
    let cancelable: Bool
    /// Still being made: the page polls `statusURL`.
    let inProgress: Bool
    let statusURL: String
    /// Signed, expiring links; empty when the file is gone.
    let videoURL: String
    let downloadURL: String
    let posterURL: String
    /// Retention removed the video (or the image).
    let fileDeleted: Bool
    let retentionDays: Int
    let timeline: [Step]

    struct Step: Encodable {
        let label: String
        let detail: String
        let at: String
    }
}
