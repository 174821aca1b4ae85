import LotseCore

/// The one JSON style of every answer (sorted keys, unescaped slashes).
enum LotseJSONEncoding {
    static func encode<T: Encodable>(_ value: T) -> String { LotseJSON.encode(value) }
}
