import Templates
import Testing

/// Page models become the value tree templates render, field by field.
@Suite struct MustacheEncoderTests {
    struct Row: Encodable {
        let label: String
        let count: Int
    }

    enum Tone: String, Encodable { case calm, loud }

    struct Page: Encodable {
        let title: String
        let visible: Bool
        let ratio: Double
        let rows: [Row]
        let tags: [String]
        let note: String?
        let missing: Row?
        let present: Row?
        let tone: Tone
        let small: UInt8
    }

    @Test func structsArraysOptionalsAndEnumsBecomeTheValueTree() throws {
        let page = Page(
            title: "Hi", visible: true, ratio: 0.5, rows: [Row(label: "a", count: 1), Row(label: "b", count: 2)], tags: ["x", "y"],
            note: nil, missing: nil, present: Row(label: "c", count: 3), tone: .loud, small: 7)
        let value = try MustacheEncoder().encode(page)
        let expected: MustacheValue = [
            "title": "Hi", "visible": true, "ratio": 0.5,
            "rows": [["label": "a", "count": 1], ["label": "b", "count": 2]], "tags": ["x", "y"],
            "note": nil, "missing": nil, "present": ["label": "c", "count": 3], "tone": "loud", "small": 7,
        ]
        #expect(value == expected)
    }

    @Test func aNilOptionalIsNullUnderItsKeySoStrictRenderingFindsIt() throws {
        struct Optional: Encodable { let name: String? }
        let value = try MustacheEncoder().encode(Optional(name: nil))
        #expect(value == ["name": nil])
        #expect(try Template("[{{name}}]").renderStrictly(value).output == "[]")
    }

    @Test func twoValuesEncodedIntoOneEncoderMerge() throws {
        struct Both: Encodable {
            let first: Row
            let second: Page.Tone
            func encode(to encoder: any Encoder) throws {
                try first.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(second, forKey: .tone)
            }
            enum Key: String, CodingKey { case tone }
        }
        let value = try MustacheEncoder().encode(Both(first: Row(label: "a", count: 1), second: .calm))
        #expect(value == ["label": "a", "count": 1, "tone": "calm"])
    }
}

extension MustacheEncoderTests.Page {
    typealias Tone = MustacheEncoderTests.Tone
}
