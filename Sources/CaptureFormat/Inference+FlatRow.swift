// An inference as one flat row, the shape data lakes and Arthur's pull-based platform read: the partner id, the
// time, then each input and output value as its own field.

import WireFormat

extension Inference {
    /// The inference as flat fields: `partner_inference_id`, `inference_timestamp`, then each input value and each
    /// output value as its own field, in row order.
    ///
    /// Named values keep their names; ordered values take the schema's attribute names when `schema` has exactly as
    /// many attributes on that side, else `input_0`…, `output_0`…. A name a field before it already took (an output
    /// named as an input) is prefixed with its side, `output_` or `input_`, then suffixed `_2`, `_3`… until it is
    /// free, so every field of a row has its own name. A row that is a single value (not an array or object) is
    /// `input_0` / `output_0`.
    public func flatRow(schema: ModelSchema?) -> [JSONMember] {
        var fields = [
            JSONMember("partner_inference_id", .string(partnerInferenceID)),
            JSONMember("inference_timestamp", .string(timestamp)),
        ]
        var taken: Set<String> = ["partner_inference_id", "inference_timestamp"]
        func add(_ name: String, _ value: JSONValue, side: String) {
            var key = name
            if taken.contains(key) { key = side + "_" + name }
            var suffix = 1
            while taken.contains(key) {
                suffix += 1
                key = side + "_" + name + "_" + String(suffix)
            }
            taken.insert(key)
            fields.append(JSONMember(key, value))
        }
        for (side, row, attributes) in [
            ("input", inputs, schema?.inputs ?? []), ("output", outputs, schema?.outputs ?? []),
        ] {
            switch row {
            case .object(let members):
                for member in members { add(member.key, member.value, side: side) }
            case .array(let values):
                let named = attributes.count == values.count
                for (index, value) in values.enumerated() {
                    add(named ? attributes[index].name : side + "_" + String(index), value, side: side)
                }
            default:
                add(side + "_0", row, side: side)
            }
        }
        return fields
    }

    /// The UTC hour of ``timestamp`` as a partition path, `YYYY/MM/DD/HH`; nil when the timestamp is no date-time.
    public var hourPartition: String? {
        guard let seconds = InferenceTime.secondsSince1970(timestamp) else { return nil }
        let time = CivilTime.fields(secondsSince1970: seconds)
        return CivilTime.padded(time.year, 4) + "/" + CivilTime.padded(time.month, 2) + "/"
            + CivilTime.padded(time.day, 2) + "/" + CivilTime.padded(time.hour, 2)
    }
}
