#!/usr/bin/env python3
"""Tests of arthur_contract.read_line (Arthur's published contract), of check_ground_truth (an item of
PATCH /inferences) and of the stand-in's ingest().

Run: python3 -m unittest discover -s Tests/Servers -p 'test_*.py'   (stdlib only; .ci/run runs it)

The last test writes every line of Tests/Fixtures/real-captures/ that tools/reference_ingest.py
accepts the way the SPEC says it is sent ("What Arthur is sent", written plainly here: CSV stays CSV,
JSON rows become the one JSON layout, BASE64 decoded, the time normalized) and checks that Arthur,
reading it by the contract, derives the reference's ids, times, inputs and outputs.
"""
import base64
import csv
import io
import json
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tools"))
from arthur_contract import BASE64_MESSAGE, ContractFailure, check_ground_truth, read_line  # noqa: E402
import reference_ingest  # noqa: E402


def side(data, encoding="JSON"):
    return {"observedContentType": "application/json", "mode": "X", "data": data, "encoding": encoding}


def line(inp, out, event_id="ev-1", time="2024-01-19T19:27:57Z", inference_id=None):
    meta = {"eventId": event_id, "inferenceTime": time}
    if inference_id is not None:
        meta["inferenceId"] = inference_id
    return json.dumps({"captureData": {"endpointInput": inp, "endpointOutput": out},
                       "eventMetadata": meta, "eventVersion": "0"}).encode()


FEATURES = side('{"instances": [{"features": [1, "a"]}, {"features": [2, "b"]}]}')
PREDICTIONS = side('{"predictions": [[0.1, 0.9], [0.7, 0.3]]}')


def failure(raw):
    try:
        read_line(raw)
    except ContractFailure as f:
        return f
    raise AssertionError(f"accepted: {raw!r}")


class Accepted(unittest.TestCase):
    def test_the_json_layout(self):
        event_id, got = read_line(line(FEATURES, PREDICTIONS, inference_id="r"))
        self.assertEqual(event_id, "ev-1")
        self.assertEqual(got, [
            {"partner_inference_id": "r_0", "inference_timestamp": "2024-01-19T19:27:57Z",
             "inputs": [1, "a"], "outputs": [0.1, 0.9]},
            {"partner_inference_id": "r_1", "inference_timestamp": "2024-01-19T19:27:57Z",
             "inputs": [2, "b"], "outputs": [0.7, 0.3]}])

    def test_named_maps_and_csv(self):
        _, got = read_line(line(side('{"instances": [{"age": 39, "tokens": ["a", "b"]}]}'),
                                side('{"predictions": [{"label": 1}]}')))
        self.assertEqual((got[0]["inputs"], got[0]["outputs"]), ({"age": 39, "tokens": ["a", "b"]}, {"label": 1}))
        _, got = read_line(line(side('1,"a,b"\r\n2,c\n', "CSV"), side("0.5\n0.7\n", "CSV"), inference_id=""))
        self.assertEqual([(i["partner_inference_id"], i["inputs"], i["outputs"]) for i in got],
                         [("ev-1_0", ["1", "a,b"], ["0.5"]), ("ev-1_1", ["2", "c"], ["0.7"])])

    def test_zone_aware_times(self):
        for time in ["2024-01-19T19:27:57Z", "2024-02-29T19:27:57.123+05:30", "2024-01-19T19:27:57-00:00"]:
            self.assertEqual(read_line(line(FEATURES, PREDICTIONS, time=time))[1][0]["inference_timestamp"], time)

    def test_ids_of_255_characters(self):
        self.assertEqual(len(read_line(line(FEATURES, PREDICTIONS, inference_id="x" * 253))[1][1]
                             ["partner_inference_id"]), 255)


class Refused(unittest.TestCase):
    def test_base64(self):
        f = failure(line(side(base64.b64encode(b"1,2").decode(), "BASE64"), PREDICTIONS))
        self.assertEqual((f.message, f.event_id, f.rows), (BASE64_MESSAGE, "ev-1", 1))
        f = failure(line(FEATURES, side(base64.b64encode(b"1\n2\n").decode(), "BASE64")))
        self.assertEqual((f.message, f.rows), (BASE64_MESSAGE, 2))

    def test_other_json_layouts(self):
        for inp in ['{"instances": [[1, 2]]}', '[1, 2]', '{"instances": [1]}', '{"features": [1, 2]}',
                    '{"instances": [{"features": [1]}], "signature_name": "x"}', '{"a": 1}\n{"a": 2}',
                    '{"instances": [{"features": [1], "id": 2}]}', '{"instances": [{"features": 1}]}',
                    '{"instances": [{"predictions": 1}]}', '{"instances": {"features": [1]}}']:
            with self.subTest(inp=inp):
                self.assertIn("endpointInput JSON data: ", failure(line(side(inp), side('{"predictions": [[1]]}'))).message)
        for out in ['{"predictions": [0.5]}', '[[0.5]]', '{"predictions": [{"probabilities": [0.5]}]}',
                    '{"predictions": [[0.5]], "model": "m"}', '0.5', '{"predictions": [{"instances": 1}]}']:
            with self.subTest(out=out):
                self.assertIn("endpointOutput JSON data: ",
                              failure(line(side('{"instances": [{"features": [1]}]}'), side(out))).message)

    def test_times_without_a_zone_or_t(self):
        for time in ["2024-01-19 19:27:57Z", "2024-01-19T19:27:57", "{%s}", "2023-02-29T00:00:00Z",
                     "2024-01-19T24:00:00Z", "2024-01-19T19:27:57+05:60", None, 1705692477]:
            with self.subTest(time=time):
                self.assertIn("inferenceTime", failure(line(FEATURES, PREDICTIONS, time=time)).message)

    def test_counts_ids_and_structure(self):
        f = failure(line(FEATURES, side('{"predictions": [[1]]}')))
        self.assertEqual((f.message.split(" (")[0], f.rows), ("2 input rows but 1 output rows", 2))
        self.assertIn("0 input rows", failure(line(side("", "CSV"), side("", "CSV"))).message)
        f = failure(line(FEATURES, PREDICTIONS, inference_id="x" * 254))
        self.assertEqual((f.message, f.rows), ("partner inference id of 256 characters; at most 255", 2))
        self.assertEqual(failure(b'{"captureData": {}}').message, "eventMetadata.eventId is required")
        self.assertEqual(failure(b"[1]").message, "line is not a JSON object")
        self.assertIn("encoding 'XML'", failure(line(side("<a/>", "XML"), PREDICTIONS)).message)
        self.assertEqual(failure(line(FEATURES, "x")).message, "captureData.endpointOutput is missing")


def sent_line(raw, inferences):
    """The captured line written as the SPEC says it is sent, from the reference's inferences."""
    record = json.loads(raw)
    record["eventMetadata"]["inferenceTime"] = inferences[0]["inference_timestamp"]
    capture = record["captureData"]
    for name, key, layout in (("endpointInput", "inputs", "instances"), ("endpointOutput", "outputs", "predictions")):
        rows = [i[key] for i in inferences]
        if all(isinstance(r, list) and all(isinstance(v, str) for v in r) for r in rows) and \
                reference_ingest.media_type(capture[name].get("observedContentType")) == "text/csv":
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            capture[name].update(encoding="CSV", data=text.getvalue())
        else:
            wrapped = [{"features": r} if isinstance(r, list) and layout == "instances" else r for r in rows]
            capture[name].update(encoding="JSON", data=json.dumps({layout: wrapped}))
    return json.dumps(record).encode()


class RealCapturesAsSent(unittest.TestCase):
    def test_arthur_derives_the_reference_inferences(self):
        checked = 0
        for path in sorted((ROOT / "Tests/Fixtures/real-captures").glob("*.jsonl")):
            content = path.read_bytes()
            if reference_ingest.is_manifest(content):
                continue
            for line_no, raw in enumerate(content.split(b"\n"), 1):
                if not raw.strip():
                    continue
                try:
                    expected = reference_ingest.parse_line(raw, line_no)
                except reference_ingest.Rejection:
                    continue
                with self.subTest(file=path.name, line=line_no):
                    _, got = read_line(sent_line(raw, expected))
                    self.assertEqual(got, [{k: i[k] for k in got[0]} for i in expected])
                    checked += 1
        self.assertGreater(checked, 15)


class StandInIngest(unittest.TestCase):
    def test_failures_per_inference_and_successes_recorded(self):
        import arthur_standin
        good = line(FEATURES, PREDICTIONS, event_id="good")
        bad = line(FEATURES, side(base64.b64encode(b"[1]").decode(), "BASE64"), event_id="bad")
        listed = line(side('{"instances": [{"a": 1}]}'), side('{"predictions": [{"b": 2}]}'), event_id="listed")
        successes, failures = arthur_standin.ingest(b"\n".join([good, b"", bad, listed]) + b"\n", {"listed"})
        self.assertEqual([(s["partner_inference_id"], s["event_id"], s["line"]) for s in successes],
                         [("good_0", "good", 1), ("good_1", "good", 1)])
        self.assertEqual(successes[1]["inputs"], [2, "b"])
        self.assertEqual([(f["event_id"], f["inference_index_in_event"], f["status"]) for f in failures],
                         [("bad", 0, 400), ("bad", 1, 400), ("listed", 0, 400)])
        self.assertEqual(failures[0]["message"], BASE64_MESSAGE)


if __name__ == "__main__":
    unittest.main()


class GroundTruthContractTests(unittest.TestCase):
    ATTRIBUTES = [
        {"name": "age", "value_type": "INTEGER", "stage": "PIPELINE_INPUT"},
        {"name": "label", "value_type": "INTEGER", "stage": "GROUND_TRUTH"},
        {"name": "flag", "value_type": "BOOLEAN", "stage": "GROUND_TRUTH_CLASS"},
    ]

    def item(self, **changes):
        item = {"partner_inference_id": "a_0", "ground_truth_timestamp": "2024-01-20T08:00:00Z",
                "ground_truth_data": {"label": 1, "flag": True}}
        item.update(changes)
        return {key: value for key, value in item.items() if value is not None}

    def test_items_are_held_to_the_contract_and_the_ground_truth_attributes(self):
        cases = [
            (self.item(), None),
            (self.item(ground_truth_data={"label": 1.0, "flag": None}), None),
            (self.item(ground_truth_timestamp="2024-01-20T10:00:00+02:00"), None),
            ([1], "each ground truth must be an object"),
            (self.item(ground_truth_timestamp=None), "field required: ground_truth_timestamp"),
            (self.item(partner_inference_id="x" * 256), "partner_inference_id must be a string of 1 to 255 characters"),
            (self.item(ground_truth_timestamp="2024-01-20 08:00:00"),
             "ground_truth_timestamp '2024-01-20 08:00:00' is not a UTC timestamp with a time zone"),
            (self.item(ground_truth_data={}), "ground_truth_data must be a non-empty object"),
            (self.item(ground_truth_data={"label": 1, "flag": True, "age": 3}),
             "ground_truth_data has attributes the model does not declare as ground truth: age"),
            (self.item(ground_truth_data={"label": 1}), "ground_truth_data is missing ground truth attributes: flag"),
            (self.item(ground_truth_data={"label": "1", "flag": True}),
             "ground truth attribute label expects INTEGER, got '1'"),
            (self.item(ground_truth_data={"label": 1.5, "flag": True}),
             "ground truth attribute label expects INTEGER, got 1.5"),
            (self.item(ground_truth_data={"label": 1, "flag": 1}),
             "ground truth attribute flag expects BOOLEAN, got 1"),
        ]
        for item, expected in cases:
            with self.subTest(item=item):
                self.assertEqual(check_ground_truth(item, self.ATTRIBUTES), expected)
