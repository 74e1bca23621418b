#!/usr/bin/env python3
"""The SPEC's "From a line to inferences" rules, written the straightforward way.

This is what an engineer would put in a Python Lambda: stdlib json/csv/base64, no tricks. It is
  - the performance baseline the Swift `ingest` is benchmarked against,
  - a differential oracle for tests (compare parsed JSON values, not bytes: Python prints floats
    its own way, e.g. `1e5` comes back as `100000.0`),
  - the parser inside the stand-in Arthur (Tests/Servers/arthur_standin.py).

API:  parse_line(line, line_no) -> [inference, ...] or raises Rejection. Blank lines are the
      caller's to skip.
CLI:  reference_ingest.py FILE... [--emit jsonl|none] [--upload]
      One compact JSON inference per line on stdout; `FILE:LINE: error: REASON` on stderr for each
      rejected line, then a summary line; exit 1 if any line was rejected. FILE may be `-` (stdin).
      --upload sends the valid lines to Arthur (ARTHUR_HOST, ARTHUR_MODEL_ID, ARTHUR_ACCESS_TOKEN)
      in multipart chunks of about 4 MiB with urllib, as a Python Lambda would (no retries).

Every rejection reason starts with a short kind ("not JSON", "endpointOutput missing",
"unknown encoding", "bad base64", "unsupported content type", "unparsable payload",
"zero input rows", "mismatched counts", ...) followed by ": " and the details.

Choices the SPEC leaves open, made here: CSV is parsed with `csv.reader(strict=True)` (an
unterminated quote or text after a closing quote is unparsable; a quote inside an unquoted field
is kept as text); empty CSV lines are not rows; JSON `NaN`/`Infinity` are unparsable.
"""
import argparse
import base64
import binascii
import csv
import io
import json
import os
import sys
import urllib.request
import uuid

csv.field_size_limit(64 * 1024 * 1024)

JSON_LINES_TYPES = {"application/jsonlines", "application/x-jsonlines", "application/jsonl"}
JSON_TYPES = {"application/json"} | JSON_LINES_TYPES


class Rejection(Exception):
    """A line that cannot become inferences; `reason` says why, starting with its kind."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")


def _json(text):
    return json.loads(text, parse_constant=_no_constants)


def media_type(content_type):
    """`text/csv; charset=utf-8` -> `text/csv`."""
    return content_type.split(";")[0].strip().lower() if isinstance(content_type, str) else ""


def csv_rows(text):
    return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]


def element(value):
    """One row from one JSON value: features/probabilities unwrapped, objects named, scalars wrapped."""
    if isinstance(value, dict):
        if len(value) == 1:
            key, inner = next(iter(value.items()))
            if key in ("features", "probabilities") and isinstance(inner, list):
                return inner
        return value
    if isinstance(value, list):
        return value
    return [value]


def document_rows(doc):
    if isinstance(doc, dict):
        keys = [k for k in ("instances", "predictions") if k in doc]
        if len(keys) == 1 and isinstance(doc[keys[0]], list):
            return [element(v) for v in doc[keys[0]]]
        return [doc]
    if isinstance(doc, list):
        return [element(v) for v in doc]
    return [[doc]]


def json_lines_rows(text):
    return [element(_json(line)) for line in text.split("\n") if line.strip()]


def json_rows(text, json_lines):
    if json_lines:
        return json_lines_rows(text)
    try:
        return document_rows(_json(text))
    except ValueError:
        # Several JSON values one per line is JSON Lines; anything else is the original error.
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) < 2:
            raise
        return json_lines_rows(text)


def decode_side(name, side):
    """Returns (rows, is_csv) for endpointInput/endpointOutput."""
    encoding = side.get("encoding")
    data = side.get("data")
    if encoding not in ("CSV", "JSON", "BASE64"):
        raise Rejection(f"unknown encoding: {name} encoding {encoding!r} (expected CSV, JSON or BASE64)")
    if not isinstance(data, str):
        raise Rejection(f"unparsable payload: {name} has no data text")
    kind = media_type(side.get("observedContentType"))
    if encoding == "BASE64":
        try:
            raw = base64.b64decode(data, validate=True)
        except binascii.Error as e:
            raise Rejection(f"bad base64: {name} data is not valid base64 ({e})")
        if kind == "text/csv":
            encoding = "CSV"
        elif kind in JSON_TYPES:
            encoding = "JSON"
        else:
            raise Rejection(f"unsupported content type: {name} is BASE64 {kind or '(none)'!r}; "
                            "only text/csv and application/json or JSON Lines can be decoded")
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejection(f"unparsable payload: {name} decoded base64 is not UTF-8 text")
    try:
        if encoding == "CSV":
            return csv_rows(data), True
        return json_rows(data, kind in JSON_LINES_TYPES), False
    except (ValueError, RecursionError, csv.Error) as e:
        raise Rejection(f"unparsable payload: {name} {encoding}: {e}")


def parse_line(line, line_no):
    """One captured line -> normalized inferences, or raises Rejection."""
    try:
        record = _json(line)
    except (ValueError, RecursionError) as e:  # ValueError includes JSONDecodeError, UnicodeDecodeError
        raise Rejection(f"not JSON: {e}")
    if not isinstance(record, dict):
        raise Rejection("not an object: a capture line is a JSON object")
    capture = record.get("captureData")
    if not isinstance(capture, dict):
        raise Rejection("captureData missing: this is not a SageMaker Data Capture line")
    sides = {}
    for name, mode in (("endpointInput", "Input"), ("endpointOutput", "Output")):
        sides[name] = capture.get(name)
        if not isinstance(sides[name], dict):
            raise Rejection(f"{name} missing: enable the {mode} capture mode in the endpoint's DataCaptureConfig")
    meta = record.get("eventMetadata")
    meta = meta if isinstance(meta, dict) else {}
    event_id = meta.get("eventId")
    if not isinstance(event_id, str) or not event_id:
        raise Rejection("eventId missing: eventMetadata.eventId is required")
    timestamp = meta.get("inferenceTime")
    if not isinstance(timestamp, str) or not timestamp:
        raise Rejection("inferenceTime missing: eventMetadata.inferenceTime is required")

    inputs, _ = decode_side("endpointInput", sides["endpointInput"])
    outputs, output_is_csv = decode_side("endpointOutput", sides["endpointOutput"])
    n = len(inputs)
    if n == 0:
        raise Rejection("zero input rows: endpointInput holds no rows")
    if len(outputs) != n:
        if n > 1 and output_is_csv and len(outputs) == 1 and len(outputs[0]) == n:
            outputs = [[score] for score in outputs[0]]  # XGBoost: one row of N scores
        else:
            raise Rejection(f"mismatched counts: {n} input rows but {len(outputs)} output rows")

    inference_id = meta.get("inferenceId")
    base_id = inference_id if isinstance(inference_id, str) and inference_id else event_id
    ids = [base_id] if n == 1 else [f"{base_id}_{i}" for i in range(n)]
    return [{"partner_inference_id": ids[i], "inference_timestamp": timestamp,
             "inputs": inputs[i], "outputs": outputs[i], "line": line_no} for i in range(n)]


def upload(chunk):
    """POST one chunk of capture lines as the multipart file part `inference_data`."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"inference_data\"; filename=\"chunk.jsonl\"\r\n"
            f"Content-Type: application/jsonl\r\n\r\n").encode() + b"".join(chunk) + f"\r\n--{boundary}--\r\n".encode()
    url = (f"{os.environ['ARTHUR_HOST'].rstrip('/')}/api/v3/models/{os.environ['ARTHUR_MODEL_ID']}"
           "/inferences/integrations/sagemaker_data_capture")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": os.environ["ARTHUR_ACCESS_TOKEN"],
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request) as response:
        json.load(response)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", metavar="FILE")
    ap.add_argument("--emit", choices=["jsonl", "none"], default="jsonl")
    ap.add_argument("--upload", action="store_true")
    args = ap.parse_args(argv)
    chunk, chunk_bytes = [], 0
    out, err = sys.stdout, sys.stderr
    lines = inferences = rejected = 0
    for path in args.files:
        f = sys.stdin.buffer if path == "-" else open(path, "rb")
        with f:
            for line_no, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                lines += 1
                try:
                    result = parse_line(raw.rstrip(b"\r\n"), line_no)
                except Rejection as r:
                    rejected += 1
                    err.write(f"{path}:{line_no}: error: {r.reason}\n")
                    continue
                inferences += len(result)
                if args.upload:
                    chunk.append(raw if raw.endswith(b"\n") else raw + b"\n")
                    chunk_bytes += len(raw)
                    if chunk_bytes >= 4 << 20:
                        upload(chunk)
                        chunk, chunk_bytes = [], 0
                if args.emit == "jsonl":
                    for inference in result:
                        out.write(json.dumps(inference, separators=(",", ":"), ensure_ascii=False) + "\n")
    if chunk:
        upload(chunk)
    out.flush()
    err.write(f"{inferences} inferences from {lines - rejected} of {lines} lines; {rejected} lines rejected\n")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
