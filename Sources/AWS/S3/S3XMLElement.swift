/// An element: its local name, its text (the decoded character data directly inside it) and its children.
///
/// A tiny XML reader for S3's answers (ListObjectsV2 results and `<Error>` bodies), instead of Foundation's
/// `XMLParser`, whose FoundationXML needs libxml2 and so breaks the Lambda's static build.
///
/// It reads elements, their text and the five predefined entities plus numeric character references, and
/// skips the XML declaration, comments, processing instructions and attributes. Namespace prefixes are
/// dropped from names. That is all S3's documents use; anything else is reported as malformed.
struct S3XMLElement: Sendable, Equatable {
    var name: String
    var text: String
    var children: [S3XMLElement]

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }

    /// Every child named `name`, in document order.
    func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    subscript(name: String) -> String? { child(name)?.text }

    /// The document element of `bytes`, or nil when they are not well-formed XML of this simple kind.
    static func parse(_ bytes: [UInt8]) -> S3XMLElement? {
        var scanner = Scanner(bytes: bytes)
        return scanner.document()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() -> S3XMLElement? {
            skipMisc()
            guard let root = element(depth: 0) else { return nil }
            skipMisc()
            return index == bytes.count ? root : nil
        }

        /// Skips white space, the declaration, comments and processing instructions between elements.
        mutating func skipMisc() {
            while index < bytes.count {
                if bytes[index].isXMLSpace {
                    index += 1
                } else if starts(with: "<?") {
                    guard skip(past: "?>") else { return }
                } else if starts(with: "<!--") {
                    guard skip(past: "-->") else { return }
                } else {
                    return
                }
            }
        }

        /// Reads one element starting at `<`; S3's documents are a few levels deep, so depth is capped at 32.
        mutating func element(depth: Int) -> S3XMLElement? {
            guard depth < 32, index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
            index += 1
            let name = self.name()
            guard !name.isEmpty else { return nil }
            // Attributes are skipped (S3 only puts xmlns there); quoted values may hold `>`.
            var quote: UInt8?
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") {
                    break
                }
                index += 1
            }
            if starts(with: "/>") {
                index += 2
                return S3XMLElement(name: name, text: "", children: [])
            }
            guard starts(with: ">") else { return nil }
            index += 1
            var text: [UInt8] = []
            var children: [S3XMLElement] = []
            while index < bytes.count {
                if starts(with: "</") {
                    index += 2
                    guard self.name() == name else { return nil }
                    while index < bytes.count, bytes[index].isXMLSpace { index += 1 }
                    guard starts(with: ">") else { return nil }
                    index += 1
                    return S3XMLElement(name: name, text: String(decoding: text, as: UTF8.self), children: children)
                } else if starts(with: "<![CDATA[") {
                    let start = index + 9
                    guard skip(past: "]]>") else { return nil }
                    text.append(contentsOf: bytes[start..<(index - 3)])
                } else if starts(with: "<!--") || starts(with: "<?") {
                    guard skip(past: starts(with: "<?") ? "?>" : "-->") else { return nil }
                } else if bytes[index] == UInt8(ascii: "<") {
                    guard let child = element(depth: depth + 1) else { return nil }
                    children.append(child)
                } else if bytes[index] == UInt8(ascii: "&") {
                    guard let decoded = entity() else { return nil }
                    text.append(contentsOf: decoded)
                } else {
                    text.append(bytes[index])
                    index += 1
                }
            }
            return nil
        }

        /// A tag name without its namespace prefix.
        mutating func name() -> String {
            let start = index
            while index < bytes.count, !bytes[index].isXMLSpace, bytes[index] != UInt8(ascii: ">"),
                bytes[index] != UInt8(ascii: "/")
            {
                index += 1
            }
            let qualified = bytes[start..<index]
            let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[($0 + 1)...] } ?? qualified
            return String(decoding: local, as: UTF8.self)
        }

        /// Decodes `&name;` or `&#N;` / `&#xH;` at `index` to UTF-8.
        mutating func entity() -> [UInt8]? {
            guard let end = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
            let body = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            index = end + 1
            switch body {
            case "amp": return Array("&".utf8)
            case "lt": return Array("<".utf8)
            case "gt": return Array(">".utf8)
            case "quot": return Array("\"".utf8)
            case "apos": return Array("'".utf8)
            default:
                let lower = body.lowercased()
                let code: UInt32?
                if lower.hasPrefix("#x") {
                    code = UInt32(lower.dropFirst(2), radix: 16)
                } else if lower.hasPrefix("#") {
                    code = UInt32(lower.dropFirst(), radix: 10)
                } else {
                    code = nil
                }
                guard let code, let scalar = Unicode.Scalar(code) else { return nil }
                return Array(String(Character(scalar)).utf8)
            }
        }

        func starts(with literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            return literal.withUTF8Buffer { literal in
                (0..<count).allSatisfy { bytes[index + $0] == literal[$0] }
            }
        }

        /// Moves `index` just past the next `terminator`; false when there is none.
        mutating func skip(past terminator: StaticString) -> Bool {
            while index < bytes.count {
                if starts(with: terminator) {
                    index += terminator.utf8CodeUnitCount
                    return true
                }
                index += 1
            }
            return false
        }
    }
}

extension UInt8 {
    fileprivate var isXMLSpace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D
    }
}
