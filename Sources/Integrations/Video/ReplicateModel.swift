/// A Replicate model and the names its input schema gives to what the studio sends: every model
/// names its fields differently, so they are kept here, in one place.
public struct ReplicateModel: Sendable, Equatable {
    /// `owner` and `name`, as in `POST /v1/models/{owner}/{name}/predictions` (the model's latest version).
    public var owner: String
    public var name: String
    public var promptField: String
    /// Takes the image as a data URI.
    public var imageField: String
    public var durationField: String
    /// Where the frame goes (`9:16`), or nil for a model that follows the image's own frame: the
    /// studio then sends an image already cut to the frame it wants.
    public var aspectField: String?
    /// The clip lengths the model makes; another length is refused before anything is sent.
    public var seconds: [Int]
    /// The image types the model takes.
    public var mediaTypes: Set<String>
    /// Inputs sent as they are with every prediction (e.g. `mode`).
    public var fixedInput: [String: String]

    public init(
        owner: String, name: String, promptField: String, imageField: String, durationField: String, aspectField: String?, seconds: [Int],
        mediaTypes: Set<String>, fixedInput: [String: String] = [:]
    ) {
        self.owner = owner
        self.name = name
        self.promptField = promptField
        self.imageField = imageField
        self.durationField = durationField
        self.aspectField = aspectField
        self.seconds = seconds
        self.mediaTypes = mediaTypes
        self.fixedInput = fixedInput
    }

    /// `kwaivgi/kling-v2.1` (Kuaishou's Kling 2.1, image to video): `prompt` (required), `start_image`
    /// (required, the first frame), `duration` 5 or 10, `mode` `standard` (720p, 24 fps) or `pro`
    /// (1080p); no aspect field, the video takes the start image's frame; output: one URL string.
    public static let klingV21 = ReplicateModel(
        owner: "kwaivgi", name: "kling-v2.1", promptField: "prompt", imageField: "start_image", durationField: "duration", aspectField: nil,
        seconds: [5, 10], mediaTypes: ["image/jpeg", "image/png"], fixedInput: ["mode": "standard"])

    /// `owner/name`.
    public var identifier: String { "\(owner)/\(name)" }
}
