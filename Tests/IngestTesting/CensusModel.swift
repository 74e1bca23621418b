import Foundation

/// The census model's attributes and capture lines for it.
///
/// A model to check captures against: the census ("adult") classifier, 13 inputs and one output, as the stand-in
/// Arthur serves its attributes (listed out of position order), and capture lines that fit it or do not.
public enum CensusModel {
    /// The inputs in position order, with their value types.
    public static let inputs: [(name: String, type: String)] = [
        ("age", "INTEGER"), ("workclass", "STRING"), ("fnlwgt", "INTEGER"), ("education", "STRING"),
        ("education-num", "INTEGER"), ("marital-status", "STRING"), ("occupation", "STRING"),
        ("relationship", "STRING"), ("race", "STRING"), ("sex", "STRING"), ("capital-gain", "INTEGER"),
        ("capital-loss", "INTEGER"), ("hours-per-week", "INTEGER"),
    ]

    /// One row's values, in position order, as CSV fields.
    public static let row = [
        "39", "State-gov", "77516", "Bachelors", "13", "Never-married", "Adm-clerical", "Not-in-family", "White",
        "Male", "2174", "0", "40",
    ]

    /// The attributes as arthur-client's `ModelAttribute` objects: the inputs listed last first, the output and a
    /// ground-truth attribute among them.
    public static var attributes: [[String: Any]] {
        var attributes: [[String: Any]] = inputs.enumerated().reversed().map { position, input in
            [
                "id": "attr-\(position)", "name": input.name, "label": NSNull(), "value_type": input.type,
                "stage": "PIPELINE_INPUT", "position": position, "categorical": input.type == "STRING",
                "categories": input.type == "STRING" ? [["value": row[position]]] : NSNull(),
            ]
        }
        attributes.insert(
            ["name": "income", "value_type": "FLOAT", "stage": "PREDICTED_VALUE", "position": 0, "categorical": false],
            at: 5)
        attributes.append(
            [
                "name": "income_label", "value_type": "INTEGER", "stage": "GROUND_TRUTH", "position": 0,
                "categorical": false,
            ])
        return attributes
    }

    /// A capture line with CSV sides (`input` and `output` rows joined by newlines).
    public static func csvLine(id: String, input: [[String]], output: [String]) -> String {
        line(
            id: id, input: input.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n",
            inputType: "text/csv",
            inputEncoding: "CSV", output: output.joined(separator: "\n") + "\n", outputType: "text/csv",
            outputEncoding: "CSV")
    }

    /// A capture line whose request is one row of named values (`{"instances":[{name: value, …}]}`, names in
    /// alphabetical order) and whose response is `{"predictions":[[score]]}`.
    public static func namedLine(id: String, values: [String: Any], score: Double) throws -> String {
        let instances = try JSONSerialization.data(withJSONObject: ["instances": [values]], options: .sortedKeys)
        return line(
            id: id, input: String(decoding: instances, as: UTF8.self), inputType: "application/json",
            inputEncoding: "JSON", output: "{\"predictions\":[[\(score)]]}", outputType: "application/json",
            outputEncoding: "JSON")
    }

    /// The row as named values with JSON types (numbers for INTEGER inputs).
    public static var namedRow: [String: Any] {
        var values: [String: Any] = [:]
        for (index, input) in inputs.enumerated() {
            values[input.name] = input.type == "INTEGER" ? Int(row[index])! as Any : row[index] as Any
        }
        return values
    }

    /// A capture line of the two sides' data, encodings and content types.
    public static func line(
        id: String, input: String, inputType: String, inputEncoding: String, output: String, outputType: String,
        outputEncoding: String
    ) -> String {
        let object: [String: Any] = [
            "captureData": [
                "endpointInput": [
                    "observedContentType": inputType, "mode": "INPUT", "data": input, "encoding": inputEncoding,
                ],
                "endpointOutput": [
                    "observedContentType": outputType, "mode": "OUTPUT", "data": output, "encoding": outputEncoding,
                ],
            ],
            "eventMetadata": ["eventId": "event-\(id)", "inferenceId": id, "inferenceTime": "2024-01-19T19:27:57Z"],
            "eventVersion": "0",
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
