import ArthurUpload
import CaptureFormat
import Foundation
import Transport

/// Runs a parsed ``SchemaCommand``.
///
/// One run of `ingest schema`: reads the model's attributes and prints them, then a CSV and a JSON capture line
/// that fit. Returns the exit status (0 printed, 2 configuration error).
struct SchemaRun {
    let command: SchemaCommand
    let environment: [String: String]

    func run(transport: HTTPTransport) async -> Int32 {
        let schema: ModelSchema
        let modelID: String
        do {
            let destination = try command.arthur.settings(environment: environment).destination()
            modelID = destination.modelID
            schema = try await ArthurSettings.schema(
                from: ArthurUploader(destination: destination, transport: transport))
        } catch {
            FileHandle.standardError.write(Data("ingest: error: \(error)\n".utf8))
            return 2
        }
        print(Self.text(schema, modelID: modelID), terminator: "")
        return 0
    }

    /// What `ingest schema` prints for `schema`.
    static func text(_ schema: ModelSchema, modelID: String) -> String {
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        var text =
            "model \(modelID): \(plural(schema.inputs.count, "input")), \(plural(schema.outputs.count, "output"))\n"
        let width = schema.attributes.map(\.name.count).max() ?? 0
        let typeWidth = schema.attributes.map(\.valueType.count).max() ?? 0
        func list(_ title: String, _ attributes: [ModelAttribute], stage: Bool = false) {
            guard !attributes.isEmpty else { return }
            text += "\n\(title)\n"
            for attribute in attributes {
                var row = "  " + pad(attribute.position.map(String.init) ?? "-", 4, right: true) + "  "
                row += pad(attribute.name, width) + "  " + pad(attribute.valueType, typeWidth)
                if stage { row += "  " + attribute.stage }
                if attribute.categorical && !attribute.categories.isEmpty {
                    let shown = attribute.categories.prefix(5).joined(separator: ", ")
                    row +=
                        "  categories: " + shown
                        + (attribute.categories.count > 5 ? ", … (\(attribute.categories.count))" : "")
                }
                while row.last == " " { row.removeLast() }
                text += row + "\n"
            }
        }
        list("inputs (PIPELINE_INPUT), in position order:", schema.inputs)
        list("outputs (PREDICTED_VALUE), in position order:", schema.outputs)
        let others = schema.attributes.filter {
            $0.stage != ModelAttribute.inputStage && $0.stage != ModelAttribute.outputStage
        }
        list("other attributes (not part of a capture):", others, stage: true)
        if schema.isEmpty {
            text += "\nthe model declares no inputs or outputs: ingest does not check its inferences\n"
            return text
        }
        text += "\na capture line that fits, with CSV sides (ContentType text/csv):\n"
        text += schema.exampleLine(csv: true) + "\n"
        text += "\na capture line that fits, with JSON sides (ContentType application/json):\n"
        text += schema.exampleLine(csv: false) + "\n"
        return text
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
