#!/usr/bin/env python3
"""Table tests of tools/reference_ingest.py's revised rules (SPEC "From a line to inferences").

Run: python3 -m unittest discover -s tools -p 'test_*.py'   (stdlib only; .ci/run runs it)
Each case names the real capture it comes from where there is one (Tests/Fixtures/real-captures/).
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_ingest import Rejection, is_manifest, parse_line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def side(data, kind="application/json", encoding="JSON"):
    return {"observedContentType": kind, "mode": "X", "data": data, "encoding": encoding}


def line(inp, out, event_id="ev-1", time="2024-01-19T19:27:57Z", inference_id=None):
    meta = {"eventId": event_id, "inferenceTime": time}
    if inference_id is not None:
        meta["inferenceId"] = inference_id
    return json.dumps({"captureData": {"endpointInput": inp, "endpointOutput": out},
                       "eventMetadata": meta, "eventVersion": "0"})


def rows(text):
    """(inputs, outputs) of each inference of `text`."""
    return [(i["inputs"], i["outputs"]) for i in parse_line(text, 1)]


def reason(text):
    """The rejection reason of `text`; fails when the line is accepted."""
    try:
        parse_line(text, 1)
    except Rejection as r:
        return r.reason
    raise AssertionError(f"accepted: {text}")


class FlatArrays(unittest.TestCase):
    def test_one_bare_feature_vector_with_one_prediction_is_one_row(self):
        # TensorFlow Serving: [0.19539, 0.0, ...] -> {"predictions": [[x]]}
        got = rows(line(side("[0.19539, 0.0, 7.54]"), side('{"predictions": [[25.1]]}')))
        self.assertEqual(got, [([0.19539, 0.0, 7.54], [25.1])])

    def test_a_text_batch_pairs_with_n_output_rows(self):
        got = rows(line(side('["text a", "text b"]'), side('[{"label": 1}, {"label": 0}]')))
        self.assertEqual(got, [(["text a"], {"label": 1}), (["text b"], {"label": 0})])

    def test_two_flat_arrays_of_one_length_both_expand(self):
        got = rows(line(side("[1, 2, 3]"), side("[0.1, 0.2, 0.3]")))
        self.assertEqual(got, [([1], [0.1]), ([2], [0.2]), ([3], [0.3])])

    def test_flat_arrays_of_different_lengths_are_one_row_each(self):
        self.assertEqual(rows(line(side("[1, 2]"), side("[0.1, 0.2, 0.3]"))), [([1, 2], [0.1, 0.2, 0.3])])

    def test_a_flat_output_pairs_with_csv_rows(self):
        got = rows(line(side("1,2\n3,4\n", "text/csv", "CSV"), side("[0.1, 0.2]")))
        self.assertEqual(got, [(["1", "2"], [0.1]), (["3", "4"], [0.2])])

    def test_a_flat_input_with_one_csv_row_of_n_scores_stays_one_row(self):
        got = rows(line(side("[1, 2, 3]"), side("0.1,0.2,0.3", "text/csv", "CSV")))
        self.assertEqual(got, [([1, 2, 3], ["0.1", "0.2", "0.3"])])

    def test_json_lines_values_are_never_flat(self):
        got = rows(line(side("[1, 2, 3]\n", "application/jsonlines"), side("[0.1, 0.2, 0.3]")))
        self.assertEqual(got, [([1, 2, 3], [0.1, 0.2, 0.3])])

    def test_an_empty_array_is_zero_rows(self):
        self.assertTrue(reason(line(side("[]"), side("[]"))).startswith("zero input rows: "))

    def test_an_array_holding_an_array_is_one_row_per_element(self):
        got = rows(line(side("[1, [2, 3]]"), side("[[0.1], [0.2]]")))
        self.assertEqual(got, [([1], [0.1]), ([2, 3], [0.2])])


class Columnar(unittest.TestCase):
    COLUMNS = '{"age": [39, 50, 38], "sex": ["M", "F", "M"]}'

    def test_columnar_input_pairs_with_n_output_rows(self):
        got = rows(line(side(self.COLUMNS), side('{"predictions": [0, 1, 0]}')))
        self.assertEqual(got, [({"age": 39, "sex": "M"}, [0]), ({"age": 50, "sex": "F"}, [1]),
                               ({"age": 38, "sex": "M"}, [0])])

    def test_columnar_input_with_one_row_of_n_scores(self):
        got = rows(line(side(self.COLUMNS), side("0.1,0.2,0.3", "text/csv", "CSV")))
        self.assertEqual([o for _, o in got], [["0.1"], ["0.2"], ["0.3"]])
        got = rows(line(side(self.COLUMNS), side("[[0.1, 0.2, 0.3]]")))
        self.assertEqual([o for _, o in got], [[0.1], [0.2], [0.3]])

    def test_columnar_sides_of_one_length_both_expand(self):
        got = rows(line(side(self.COLUMNS), side('{"score": [0.1, 0.2, 0.3]}')))
        self.assertEqual(got[2], ({"age": 38, "sex": "M"}, {"score": 0.3}))

    def test_columnar_output_pairs_with_n_input_rows(self):
        got = rows(line(side("1\n2\n", "text/csv", "CSV"), side('{"label": [0, 1], "score": [0.2, 0.9]}')))
        self.assertEqual(got, [(["1"], {"label": 0, "score": 0.2}), (["2"], {"label": 1, "score": 0.9})])

    def test_an_embedding_is_a_value_not_a_batch(self):
        got = rows(line(side('{"inputs": "a b"}'), side('{"embedding": [0.1, 0.2, 0.3]}')))
        self.assertEqual(got, [({"inputs": "a b"}, {"embedding": [0.1, 0.2, 0.3]})])

    def test_arrays_of_different_lengths_stay_one_row(self):
        got = rows(line(side('{"a": [1, 2], "b": [1, 2, 3]}'), side("[0.5]")))
        self.assertEqual(len(got), 1)

    def test_a_columnar_output_does_not_split_one_input_row_of_n_scalars(self):
        got = rows(line(side("1,2", "text/csv", "CSV"), side('{"a": [1, 2]}')))
        self.assertEqual(got, [(["1", "2"], {"a": [1, 2]})])


class Scores(unittest.TestCase):
    def test_json_output_row_of_n_scores_splits_too(self):
        got = rows(line(side('{"instances": [[1], [2]]}'), side("[[0.4, 0.6]]")))
        self.assertEqual(got, [([1], [0.4]), ([2], [0.6])])

    def test_a_row_holding_an_array_is_no_scores(self):
        text = line(side('{"instances": [[1], [2]]}'), side('[[0.4, [0.6]]]'))
        self.assertEqual(reason(text), "mismatched counts: 2 input rows but 1 output rows")


class Mislabelled(unittest.TestCase):
    def encoded(self, text, kind):
        return side(base64.b64encode(text.encode()).decode(), kind, "BASE64")

    def test_json_labelled_html_is_read_as_json_and_warned_about(self):
        warnings = []
        text = line(side('{"inputs": "hi"}'), self.encoded('[{"label": "POSITIVE"}]', "text/html; charset=utf-8"))
        got = parse_line(text, 1, lambda name, kind: warnings.append((name, kind)))
        self.assertEqual(got[0]["outputs"], {"label": "POSITIVE"})
        self.assertEqual(warnings, [("endpointOutput", "text/html")])

    def test_json_lines_under_another_label(self):
        got = rows(line(self.encoded('{"a": 1}\n{"a": 2}\n', "text/plain"), side("[0, 1]")))
        self.assertEqual(got, [({"a": 1}, [0]), ({"a": 2}, [1])])

    def test_other_bytes_are_rejected_naming_the_type(self):
        text = line(side("[1]"), side(base64.b64encode(b"\xff\xd8\xff").decode(), "image/jpeg", "BASE64"))
        self.assertTrue(reason(text).startswith("unsupported content type: endpointOutput is BASE64 'image/jpeg'"))
        text = line(side("[1]"), self.encoded("<html>hi</html>", "text/html"))
        self.assertIn("'text/html'", reason(text))

    def test_no_content_type_stays_rejected(self):
        text = line(side("[1]"), side(base64.b64encode(b"[1]").decode(), None, "BASE64"))
        self.assertTrue(reason(text).startswith("unsupported content type: "))


class Times(unittest.TestCase):
    def time(self, value):
        return parse_line(line(side("[[1]]"), side("[[2]]"), time=value), 1)[0]["inference_timestamp"]

    def test_normalized(self):
        self.assertEqual(self.time("2024-01-19T19:27:57Z"), "2024-01-19T19:27:57Z")
        self.assertEqual(self.time("2024-01-19 19:27:57"), "2024-01-19T19:27:57Z")
        self.assertEqual(self.time("2024-01-19T19:27:57.123456"), "2024-01-19T19:27:57.123456Z")
        self.assertEqual(self.time("2024-01-19 19:27:57.5+05:30"), "2024-01-19T19:27:57.5+05:30")
        self.assertEqual(self.time("2024-02-29T00:00:00-00:00"), "2024-02-29T00:00:00-00:00")
        self.assertEqual(self.time("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z")

    def test_rejected(self):
        for value in ["{%s}", "2024-01-19", "2024-01-19T19:27", "2024-01-19T19:27:57.Z", "2024-13-01T00:00:00Z",
                      "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "2024-01-19T24:00:00Z",
                      "2024-01-19T23:60:00Z", "2024-01-19T23:59:60Z", "2024-01-19T19:27:57+24:00",
                      "2024-01-19T19:27:57+05:60", "2024-01-19t19:27:57z", "2024-01-19T19:27:57+0530",
                      "2024-01-19T19:27:57Z\n", "２０２４-01-19T19:27:57Z", "1700000000"]:
            with self.subTest(value=value):
                text = line(side("[[1]]"), side("[[2]]"), time=value)
                self.assertTrue(reason(text).startswith("bad time: "), value)


class Ids(unittest.TestCase):
    def test_255_characters_with_the_suffix_pass_and_256_do_not(self):
        ok = line(side('{"instances": [[1], [2]]}'), side("[[1], [2]]"), inference_id="é" * 253)
        self.assertEqual(len(parse_line(ok, 1)[1]["partner_inference_id"]), 255)
        too_long = line(side('{"instances": [[1], [2]]}'), side("[[1], [2]]"), inference_id="é" * 254)
        self.assertTrue(reason(too_long).startswith("id too long: "))
        self.assertEqual(len(parse_line(line(side("[[1]]"), side("[[2]]"), event_id="x" * 255), 1)), 1)


class ReservedKeys(unittest.TestCase):
    def test_named_rows_using_layout_keys_are_rejected(self):
        for inp in ['{"instances": [1], "predictions": [2]}', '{"instances": {"a": 1}}',
                    '{"instances": [{"features": [1], "id": 7}]}', '{"features": [1, 2]}',
                    '[{"probabilities": [0.1], "label": 1}]']:
            with self.subTest(inp=inp):
                self.assertTrue(reason(line(side(inp), side("[[1]]"))).startswith("reserved key: endpointInput row 1"))

    def test_unwrapped_rows_and_nested_keys_pass(self):
        self.assertEqual(rows(line(side('{"features": [1, 2]}\n', "application/jsonlines"), side("[[1]]"))),
                         [([1, 2], [1])])
        self.assertEqual(rows(line(side('{"a": {"features": 1}}'), side("[[1]]"))), [({"a": {"features": 1}}, [1])])


class Manifests(unittest.TestCase):
    def test_manifests(self):
        self.assertTrue(is_manifest(b'[{"prefix":"s3://b/out/"},"part-0.csv.out"]'))
        self.assertTrue(is_manifest(b'\n  [\n  {\n    "prefix": "s3://b/out/"\n  },\n  "a.out"\n]\n'))
        self.assertFalse(is_manifest(b'[{"prefix2":"s3://b/out/"}]'))
        self.assertFalse(is_manifest(b'["a", {"prefix": "s3://b/"}]'))
        self.assertFalse(is_manifest(b'[{"prefix":"s3://b/out/"}]\n{"captureData": 1}\n'))
        self.assertFalse(is_manifest(b'{"captureData": {}}'))


class CommandLine(unittest.TestCase):
    def run_tool(self, content):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "a.jsonl")
            with open(path, "w") as f:
                f.write(content)
            result = subprocess.run([sys.executable, str(ROOT / "tools/reference_ingest.py"), path],
                                    capture_output=True, text=True)
            return result.returncode, result.stdout, result.stderr.replace(path, "FILE")

    def test_a_manifest_is_skipped_with_one_line(self):
        code, out, err = self.run_tool('\n[\n  {"prefix": "s3://b/out/"},\n  "part-0.csv.out"\n]\n')
        self.assertEqual((code, out), (0, ""))
        self.assertEqual(err.splitlines()[0], "FILE: skipped: a batch transform capture manifest, not endpoint captures")
        self.assertIn("1 sources skipped", err)

    def test_duplicate_ids_are_warned_about_and_counted(self):
        one = line(side("[[1]]"), side("[[2]]"), inference_id="x_0")
        batch = line(side("[[1], [2]]"), side("[[3], [4]]"), inference_id="x")
        again = line(side("[[1]]"), side("[[2]]"), inference_id="x_1")
        code, out, err = self.run_tool("\n".join([one, batch, again]) + "\n")
        self.assertEqual(code, 0)
        self.assertEqual(len(out.splitlines()), 4)
        self.assertEqual(err.splitlines()[:2], [
            'FILE:2: warning: partner inference id "x_0" already given by line 1; both are kept',
            'FILE:3: warning: partner inference id "x_1" already given by line 2; both are kept'])
        self.assertIn("2 duplicate ids", err)

    def test_a_mislabelled_type_is_warned_about_once(self):
        out_side = side(base64.b64encode(b'[{"label": 1}]').decode(), "text/html; charset=utf-8", "BASE64")
        text = "\n".join(line(side('{"a": 1}'), out_side, event_id=f"e{i}") for i in range(3))
        code, out, err = self.run_tool(text)
        self.assertEqual(code, 0)
        self.assertEqual(err.count("warning"), 1)
        self.assertEqual(err.splitlines()[0], "FILE: warning: endpointOutput labelled text/html holds JSON; read as JSON")


if __name__ == "__main__":
    unittest.main()
