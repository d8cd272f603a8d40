/// Turns an `Encodable` value (a page model) into the `MustacheValue` tree templates render: structs
/// become objects keyed by their property names, arrays become arrays, and a nil optional becomes
/// `.null` under its key (so strict rendering can tell "no value" from "no such field"). No
/// reflection and no `Any`: the value writes itself through `Encodable`.
public struct MustacheEncoder: Sendable {
    public init() {}

    /// The value tree of `value`; a failure of the value's own `encode(to:)` is `encodingFailed`.
    public func encode(_ value: some Encodable) throws(TemplateError) -> MustacheValue {
        let root = EncodingSlot()
        do {
            try value.encode(to: SlotEncoder(slot: root, codingPath: []))
        } catch {
            throw .encodingFailed(type: "\(type(of: value))", reason: "\(error)")
        }
        return root.value
    }
}

/// Where one value of the tree is being written: a scalar, or an object or array filled in by
/// containers that hold this slot.
private final class EncodingSlot {
    enum Content {
        case scalar(MustacheValue)
        case object([(String, EncodingSlot)])
        case array([EncodingSlot])
    }

    var content = Content.scalar(.null)

    var value: MustacheValue {
        switch content {
        case .scalar(let value): value
        case .object(let members): .object(Dictionary(members.map { ($0.0, $0.1.value) }, uniquingKeysWith: { _, later in later }))
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    /// A new slot for `key` of this object (an object from now on; a repeated key keeps the last value).
    func member(_ key: String) -> EncodingSlot {
        let slot = EncodingSlot()
        if case .object(var members) = content {
            members.append((key, slot))
            content = .object(members)
        } else {
            content = .object([(key, slot)])
        }
        return slot
    }

    /// A new slot at the end of this array (an array from now on).
    func appended() -> EncodingSlot {
        let slot = EncodingSlot()
        if case .array(var elements) = content {
            elements.append(slot)
            content = .array(elements)
        } else {
            content = .array([slot])
        }
        return slot
    }

    func becomeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }
}

private struct SlotEncoder: Encoder {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.becomeObject()
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.becomeArray()
        return UnkeyedSlotContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleSlotContainer(slot: slot, codingPath: codingPath)
    }
}

/// Writes a value that is not a scalar the value enum knows through its own `encode(to:)`.
private func encodeNested(_ value: some Encodable, into slot: EncodingSlot, codingPath: [any CodingKey]) throws {
    try value.encode(to: SlotEncoder(slot: slot, codingPath: codingPath))
}

private struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    private func set(_ value: MustacheValue, _ key: Key) {
        slot.member(key.stringValue).content = .scalar(value)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.int(Int(truncatingIfNeeded: value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.int(Int(truncatingIfNeeded: value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeNested(value, into: slot.member(key.stringValue), codingPath: codingPath + [key])
    }

    // A nil optional is written as null under its key (the default would leave the key out).
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOrNull(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOrNull(value, key) }

    private mutating func encodeOrNull<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = slot.member(key.stringValue)
        nested.becomeObject()
        return KeyedEncodingContainer(KeyedSlotContainer<NestedKey>(slot: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = slot.member(key.stringValue)
        nested.becomeArray()
        return UnkeyedSlotContainer(slot: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath) }
}

private struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(slot: EncodingSlot, codingPath: [any CodingKey]) {
        self.slot = slot
        self.codingPath = codingPath
    }

    private mutating func next() -> EncodingSlot {
        count += 1
        return slot.appended()
    }

    mutating func encodeNil() throws { next().content = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { next().content = .scalar(.bool(value)) }
    mutating func encode(_ value: String) throws { next().content = .scalar(.string(value)) }
    mutating func encode(_ value: Double) throws { next().content = .scalar(.double(value)) }
    mutating func encode(_ value: Int) throws { next().content = .scalar(.int(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeNested(value, into: next(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = next()
        nested.becomeObject()
        return KeyedEncodingContainer(KeyedSlotContainer<NestedKey>(slot: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = next()
        nested.becomeArray()
        return UnkeyedSlotContainer(slot: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: next(), codingPath: codingPath) }
}

private struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .scalar(.null) }
    mutating func encode(_ value: Bool) throws { slot.content = .scalar(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.content = .scalar(.string(value)) }
    mutating func encode(_ value: Double) throws { slot.content = .scalar(.double(value)) }
    mutating func encode(_ value: Float) throws { slot.content = .scalar(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { slot.content = .scalar(.int(value)) }
    mutating func encode(_ value: Int8) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { slot.content = .scalar(.int(Int(truncatingIfNeeded: value))) }
    mutating func encode(_ value: UInt8) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { slot.content = .scalar(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { slot.content = .scalar(.int(Int(truncatingIfNeeded: value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeNested(value, into: slot, codingPath: codingPath)
    }
}
