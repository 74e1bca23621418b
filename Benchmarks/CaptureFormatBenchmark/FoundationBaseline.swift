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
    foundationPass(file) { line in (try JSONSerialization.jsonObject(with: line) as? [String: Any])?.count ?? 0 }
}

/// Each line into `DecodedCaptureLine` with `JSONDecoder`.
func jsonDecoderPass(_ file: CaptureFile) -> PassCounts {
    let decoder = JSONDecoder()
    return foundationPass(file) { line in
        try decoder.decode(DecodedCaptureLine.self, from: line).captureData.endpointInput.data.isEmpty ? 0 : 1
    }
}

/// Calls `read` with each non-empty line as `Data` over the file's bytes (no copy), counting the lines it could not
/// read; what it returns is summed so that the work cannot be optimised away.
private func foundationPass(_ file: CaptureFile, _ read: (Data) throws -> Int) -> PassCounts {
    var counts = PassCounts()
    file.forEachLine { line, _ in
        guard let base = line.baseAddress, !line.isEmpty else { return }
        counts.lines += 1
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: line.count, deallocator: .none)
        do {
            counts.inferences += try read(data)
        } catch {
            counts.rejected += 1
        }
    }
    return counts
}
