import Domain
import Postgres

/// Rows of the files in media storage (product images, finished videos). The file itself is the
/// storage's (`MediaStorage`); a key is content-addressed, so two rows may share one file.
public struct AssetStore {
    public init() {}

    /// A stored file.
    public struct Asset: Sendable, Equatable {
        public let id: Int
        public let memberID: Int
        public let kind: Kind
        public let storageKey: String
        public let contentType: String
        public let bytes: Int
        public let width: Int
        public let height: Int
        public let durationMilliseconds: Int?
        /// Retention removed the file.
        public let deleted: Bool
    }

    public enum Kind: String, Sendable { case image, video }

    /// A file about to be recorded.
    public struct NewAsset: Sendable, Equatable {
        public let kind: Kind
        public let storageKey: String
        public let sha256: [UInt8]
        public let contentType: String
        public let bytes: Int
        public let width: Int
        public let height: Int
        public let durationMilliseconds: Int?

        public init(
            kind: Kind, storageKey: String, sha256: [UInt8], contentType: String, bytes: Int, width: Int, height: Int,
            durationMilliseconds: Int? = nil
        ) {
            self.kind = kind
            self.storageKey = storageKey
            self.sha256 = sha256
            self.contentType = contentType
            self.bytes = bytes
            self.width = width
            self.height = height
            self.durationMilliseconds = durationMilliseconds
        }
    }

    static let columns =
        "id, member_id, kind, storage_key, content_type, bytes, width, height, duration_ms, deleted_at IS NOT NULL AS deleted"

    public func insert(_ asset: NewAsset, memberID: Int, on database: Connection) throws -> Asset {
        try Self.asset(
            try database.query(
                """
                INSERT INTO assets (member_id, kind, storage_key, sha256, content_type, bytes, width, height, duration_ms)
                VALUES (\(memberID), \(asset.kind.rawValue), \(asset.storageKey), \(asset.sha256), \(asset.contentType), \(asset.bytes),
                        \(asset.width), \(asset.height), \(asset.durationMilliseconds))
                RETURNING \(unsafeSQL: Self.columns)
                """
            ).single("asset"))
    }

    public func asset(id: Int, on database: Connection) throws -> Asset? {
        try database.query("SELECT \(unsafeSQL: Self.columns) FROM assets WHERE id = \(id)").first.map(Self.asset)
    }

    /// Files older than `days` not yet removed, oldest first: what retention removes next.
    public func expired(olderThanDays days: Int, limit: Int = 100, on database: Connection) throws -> [Asset] {
        try database.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM assets
            WHERE deleted_at IS NULL AND created_at < now() - make_interval(days => \(days))
            ORDER BY created_at, id LIMIT \(limit)
            """
        ).map(Self.asset)
    }

    /// Marks the file removed; returns whether another live row still uses the same key (then the
    /// file must stay).
    @discardableResult
    public func markDeleted(_ asset: Asset, on database: Connection) throws -> Bool {
        try database.query("UPDATE assets SET deleted_at = now() WHERE id = \(asset.id) AND deleted_at IS NULL")
        return try database.query(
            "SELECT EXISTS (SELECT FROM assets WHERE storage_key = \(asset.storageKey) AND deleted_at IS NULL) AS shared"
        ).single("shared").decode(Bool.self, "shared")
    }

    static func asset(_ row: Row) throws -> Asset {
        Asset(
            id: try row.decode(Int.self, "id"), memberID: try row.decode(Int.self, "member_id"),
            kind: try row.decode(Kind.self, "kind"), storageKey: try row.decode(String.self, "storage_key"),
            contentType: try row.decode(String.self, "content_type"), bytes: try row.decode(Int.self, "bytes"),
            width: try row.decode(Int.self, "width"), height: try row.decode(Int.self, "height"),
            durationMilliseconds: try row.decodeIfPresent(Int.self, "duration_ms"), deleted: try row.decode(Bool.self, "deleted"))
    }
}

extension AssetStore.Kind: PostgresDecodable {}
