// Named rows sent ordered: with the schema known, a side holding named values is sent in Arthur's ordered layout,
// each row's values in the attributes' position order — inputs `{"instances":[{"features":[…]},…]}`, outputs
// `{"predictions":[[…],…]}` — so Arthur never has to match names, and a name that Arthur's docs reserve
// (`features`, …) cannot be misread. Values are written as read (numbers keep their spelling); the rest of the
// line is what ``CaptureLine/sentToArthur`` (or the captured line) holds.

import WireFormat

extension ModelSchema {
    /// The line Arthur is sent for `line` when one of its sides holds named rows; nil when none does (then
    /// ``CaptureLine/sentToArthur``, or the captured line, goes). `captured` is the line as read. Call it for a line
    /// that fits (``misfit(in:)`` is nil), so every named row has every attribute.
    public func arthurLine(for line: CaptureLine, captured: UnsafeRawBufferPointer) -> [UInt8]? {
        let namedInput = line.inferences.contains { $0.inputs.objectValue != nil }
        let namedOutput = line.inferences.contains { $0.outputs.objectValue != nil }
        guard namedInput || namedOutput else { return nil }
        let read =
            line.sentToArthur.map { try? JSONReader.parse($0) } ?? (try? JSONReader.parse(captured))
        guard var root = read, var capture = root["captureData"] else { return nil }
        if namedInput {
            let rows = line.inferences.map { JSONValue.object([JSONMember("features", ordered($0.inputs, .input))]) }
            capture.replaceSide("endpointInput", data: .object([JSONMember("instances", .array(rows))]))
        }
        if namedOutput {
            let rows = line.inferences.map { ordered($0.outputs, .output) }
            capture.replaceSide("endpointOutput", data: .object([JSONMember("predictions", .array(rows))]))
        }
        root.replaceMember("captureData", with: capture)
        var sent: [UInt8] = []
        JSONWriter.write(root, into: &sent)
        return sent
    }

    /// As ``arthurLine(for:captured:)-(_,UnsafeRawBufferPointer)``, for a captured line held in an array.
    public func arthurLine(for line: CaptureLine, captured: [UInt8]) -> [UInt8]? {
        captured.withUnsafeBytes { arthurLine(for: line, captured: $0) }
    }

    /// A row's values in position order: named values by the attributes' names, ordered values as they are.
    public func ordered(_ row: JSONValue, _ side: CaptureRejection.Side) -> JSONValue {
        switch row {
        case .object:
            return .array(attributes(of: side).map { row[$0.name] ?? .null })
        case .array:
            return row
        default:
            return .array([row])
        }
    }
}

extension JSONValue {
    /// Sets an object's first member `key` to `value` (appending it when absent); other values are left alone.
    fileprivate mutating func replaceMember(_ key: String, with value: JSONValue) {
        guard case .object(var members) = self else { return }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(JSONMember(key, value))
        }
        self = .object(members)
    }

    /// Sets a capture side's `data` to the JSON text of `data`, its `encoding` to JSON and, when it has one, its
    /// `observedContentType` to `application/json`.
    fileprivate mutating func replaceSide(_ side: String, data: JSONValue) {
        guard var payload = self[side] else { return }
        payload.replaceMember("data", with: .string(JSONWriter.string(data)))
        payload.replaceMember("encoding", with: .string("JSON"))
        if payload["observedContentType"] != nil {
            payload.replaceMember("observedContentType", with: .string("application/json"))
        }
        replaceMember(side, with: payload)
    }
}
