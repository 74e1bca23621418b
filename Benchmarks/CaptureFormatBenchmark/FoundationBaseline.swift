// The Foundation baseline (`--only foundation`): each line read whole into a tree by the project's `JSONReader`, by
// `JSONSerialization` and by `JSONDecoder` into the capture line's shape — the same work for all three (the outer
// object; a payload stays the string it is in the line), so that the choice of an own reader is measured, not
// asserted. Only the benchmark imports Foundation; the library modules do not.

import Foundation
import WireFormat

/// What `JSONDecoder` is asked for: a capture line's fields, as SageMaker writes them.
struct DecodedCaptureLine: Decodable {
    struct CaptureData: Decodable {
        var endpointInput: Side
        var endpointOutput: Side
    }

    struct Side: Decodable {
        var observedContentType: String?
        var mode: String
        var data: String
        var encoding: String
    }

    struct EventMetadata: Decodable {
        var eventId: String
        var inferenceId: String?
        var inferenceTime: String
    }

    var captureData: CaptureData
    var eventMetadata: EventMetadata
    var eventVersion: String?
}

/// Each line into a `JSONValue` tree, with the project's reader.
func jsonReaderPass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    file.forEachLine { line, _ in
        guard !line.isEmpty else { return }
        counts.lines += 1
        do {
            if case .object(let members) = try JSONReader.parse(line) { counts.inferences += members.count }
        } catch {
            counts.rejected += 1
        }
    }
    return counts
}

/// Each line into Foundation objects with `JSONSerialization.jsonObject(with:)`.
func jsonSerializationPass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    file.forEachLine { line, _ in
        guard let base = line.baseAddress, !line.isEmpty else { return }
        counts.lines += 1
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: line.count, deallocator: .none)
        do {
            if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
                counts.inferences += object.count
            }
        } catch {
            counts.rejected += 1
        }
    }
    return counts
}

/// Each line into `DecodedCaptureLine` with `JSONDecoder`.
func jsonDecoderPass(_ file: CaptureFile) -> PassCounts {
    var counts = PassCounts()
    let decoder = JSONDecoder()
    file.forEachLine { line, _ in
        guard let base = line.baseAddress, !line.isEmpty else { return }
        counts.lines += 1
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: line.count, deallocator: .none)
        do {
            let decoded = try decoder.decode(DecodedCaptureLine.self, from: data)
            counts.inferences += decoded.captureData.endpointInput.data.utf8.count > 0 ? 1 : 0
        } catch {
            counts.rejected += 1
        }
    }
    return counts
}
