#!/usr/bin/env python3
"""The SPEC's "From a line to inferences" rules, written the straightforward way.

This is what an engineer would put in a Python Lambda: stdlib json/csv/base64, no tricks. It is
  - the performance baseline the Swift `ingest` is benchmarked against,
  - a differential oracle for tests (compare parsed JSON values, not bytes: Python prints floats
    its own way, e.g. `1e5` comes back as `100000.0`).
The stand-in Arthur does not use it: it reads what it is sent by Arthur's published contract
(Tests/Servers/arthur_contract.py).

API:  parse_line(line, line_no, warn=None) -> [inference, ...] or raises Rejection. Blank lines are
      the caller's to skip. `warn(side, media_type)` is called when a BASE64 side labelled with
      another type holds JSON and is read as JSON.
      is_manifest(content) -> whether a whole source is a batch transform capture manifest.
CLI:  reference_ingest.py FILE... [--emit jsonl|none] [--upload]
      One compact JSON inference per line on stdout; on stderr `FILE:LINE: error: REASON` for each
      rejected line, `FILE: warning: endpointOutput labelled text/html holds JSON; read as JSON`
      once per source, side and type, `FILE:LINE: warning: partner inference id "ID" already given
      by line K; both are kept` for a line repeating an id of the same source (its first repeated
      id), `FILE: skipped: a batch transform capture manifest, not endpoint captures`, then a
      summary line; exit 1 if any line was rejected (warnings and skipped sources never change it).
      FILE may be `-` (stdin).
      --upload sends the valid lines as captured to Arthur (ARTHUR_HOST, ARTHUR_MODEL_ID,
      ARTHUR_ACCESS_TOKEN) in multipart chunks of about 4 MiB with urllib, as a Python Lambda would
      (no retries, no rewrite: the benchmark's stand-in in --sink mode only counts lines).

Every rejection reason starts with a short kind ("not JSON", "endpointOutput missing",
"unknown encoding", "bad base64", "unsupported content type", "unparsable payload", "bad time",
"reserved key", "zero input rows", "mismatched counts", "id too long", ...) followed by ": " and
the details.

The revised rules (SPEC, "From a line to inferences"), as decided for this tool and its Swift twin:
  - A flat array is a JSON document (one value, never a JSON Lines value) that is a non-empty
    top-level array of scalars; read plainly it is one row of N values. A columnar side is one map
    row whose values are all arrays of one length N >= 2. Both are "expandable" into N rows.
  - Pairing: both sides expandable with the same N -> both expand; else a side expandable with N
    expands when the other side has N > 1 rows, and a columnar input also when the output is one row
    of exactly N scalars. Then counts equal -> row i with row i; else N > 1 input rows and one output
    row of exactly N scalars (CSV or JSON) -> one score per input row; else mismatched counts.
  - A named row (after features/probabilities are unwrapped) whose top-level keys include instances,
    predictions, features or probabilities is rejected: Arthur reads those keys as layout.

Choices the SPEC leaves open, made here: CSV is parsed with `csv.reader(strict=True)` (an
unterminated quote or text after a closing quote is unparsable; a quote inside an unquoted field
is kept as text); empty CSV lines are not rows; JSON `NaN`/`Infinity` are unparsable; the time must
use an upper-case `T` (or a space) and `Z`. Checks run in this order, the first failing one naming the
rejection: the line's structure and ids, the time, each side's decoding (input first), zero input
rows, reserved keys (per side, before pairing), pairing, id length. A mislabelled side is warned about
when it is read, even if the line is then rejected for a later reason.
"""
import argparse
import base64
import binascii
import calendar
import csv
import io
import itertools
import json
import os
import re
import sys
import urllib.request
import uuid

csv.field_size_limit(64 * 1024 * 1024)

JSON_LINES_TYPES = {"application/jsonlines", "application/x-jsonlines", "application/jsonl"}
JSON_TYPES = {"application/json"} | JSON_LINES_TYPES
RESERVED_KEYS = ("instances", "predictions", "features", "probabilities")
MAX_ID_LENGTH = 255
TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
                  r"(Z|[+-]([0-9]{2}):([0-9]{2}))?")
MANIFEST_SKIPPED = "skipped: a batch transform capture manifest, not endpoint captures"


class Rejection(Exception):
    """A line that cannot become inferences; `reason` says why, starting with its kind."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Side:
    """One decoded side: its rows read plainly, and the values of a flat array (else None)."""

    def __init__(self, rows, flat=None):
        self.rows, self.flat = rows, flat

    def columnar_length(self):
        """N when the side is one map row of arrays all of length N >= 2, else None."""
        if len(self.rows) != 1 or not isinstance(self.rows[0], dict) or not self.rows[0]:
            return None
        lengths = {len(v) if isinstance(v, list) else -1 for v in self.rows[0].values()}
        return lengths.pop() if len(lengths) == 1 and min(lengths) >= 2 else None

    def expandable_length(self):
        return len(self.flat) if self.flat is not None else self.columnar_length()

    def expanded(self):
        if self.flat is not None:
            return [[value] for value in self.flat]
        (row,) = self.rows
        return [{key: values[i] for key, values in row.items()} for i in range(self.columnar_length())]


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")


def _json(text):
    return json.loads(text, parse_constant=_no_constants)


def media_type(content_type):
    """`text/csv; charset=utf-8` -> `text/csv`."""
    return content_type.split(";")[0].strip().lower() if isinstance(content_type, str) else ""


def is_scalar(value):
    return not isinstance(value, (list, dict))


def is_scalar_row(rows, count):
    """Whether `rows` is exactly one ordered row of `count` values, none a list or an object."""
    return len(rows) == 1 and isinstance(rows[0], list) and len(rows[0]) == count and all(map(is_scalar, rows[0]))


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


def document_side(doc):
    if isinstance(doc, dict):
        keys = [k for k in ("instances", "predictions") if k in doc]
        if len(keys) == 1 and isinstance(doc[keys[0]], list):
            return Side([element(v) for v in doc[keys[0]]])
        return Side([doc])
    if isinstance(doc, list):
        if doc and all(map(is_scalar, doc)):
            return Side([list(doc)], flat=doc)
        return Side([element(v) for v in doc])
    return Side([[doc]])


def json_lines_side(text):
    return Side([element(_json(line)) for line in text.split("\n") if line.strip()])


def json_side(text, json_lines):
    if json_lines:
        return json_lines_side(text)
    try:
        return document_side(_json(text))
    except ValueError:
        # Several JSON values one per line is JSON Lines; anything else is the original error.
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) < 2:
            raise
        return json_lines_side(text)


def decode_side(name, side, warn=None):
    """endpointInput/endpointOutput -> Side."""
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
        elif kind:
            return mislabelled_side(name, kind, raw, warn)
        else:
            raise Rejection(f"unsupported content type: {name} is BASE64 with no observedContentType; "
                            "only text/csv and application/json or JSON Lines can be decoded")
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejection(f"unparsable payload: {name} decoded base64 is not UTF-8 text")
    try:
        if encoding == "CSV":
            return Side(csv_rows(data))
        return json_side(data, kind in JSON_LINES_TYPES)
    except (ValueError, RecursionError, csv.Error) as e:
        raise Rejection(f"unparsable payload: {name} {encoding}: {e}")


def mislabelled_side(name, kind, raw, warn):
    """A BASE64 side labelled neither CSV nor JSON: JSON text is read as JSON (and warned about)."""
    try:
        side = json_side(raw.decode("utf-8"), json_lines=False)
    except (ValueError, RecursionError):  # includes UnicodeDecodeError and empty text
        raise Rejection(f"unsupported content type: {name} is BASE64 {kind!r} and does not hold JSON text; "
                        "only text/csv and application/json or JSON Lines can be decoded")
    if warn:
        warn(name, kind)
    return side


def normalized_time(value):
    """`YYYY-MM-DD(T| )HH:MM:SS[.fraction][Z|±HH:MM]` -> `T` between, `Z` when no offset; or Rejection."""
    match = TIME.fullmatch(value)
    if match:
        year, month, day, hour, minute, second = (int(g) for g in match.group(1, 2, 3, 4, 5, 6))
        offset_ok = match.group(9) is None or (int(match.group(9)) <= 23 and int(match.group(10)) <= 59)
        if (1 <= year and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
                and hour <= 23 and minute <= 59 and second <= 59 and offset_ok):
            return f"{value[:10]}T{value[11:19]}{match.group(7) or ''}{match.group(8) or 'Z'}"
    raise Rejection(f"bad time: inferenceTime {value!r} is not an ISO 8601 date-time "
                    "YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM] with a valid date and time of day")


def check_reserved_keys(name, side):
    for number, row in enumerate(side.rows, 1):
        if isinstance(row, dict):
            for key in RESERVED_KEYS:
                if key in row:
                    raise Rejection(f"reserved key: {name} row {number} is a named row with the key {key!r}, "
                                    "which Arthur reads as layout (instances, predictions, features, probabilities)")


def pair(inputs, outputs):
    """The SPEC's pairing: expand flat and columnar sides by what they pair with -> (input rows, output rows)."""
    n_in, n_out = inputs.expandable_length(), outputs.expandable_length()
    rows_in, rows_out = inputs.rows, outputs.rows
    if n_in is not None and n_in == n_out:
        rows_in, rows_out = inputs.expanded(), outputs.expanded()
    elif n_in is not None and n_in > 1 and (
            len(rows_out) == n_in or (inputs.flat is None and is_scalar_row(rows_out, n_in))):
        rows_in = inputs.expanded()
    elif n_out is not None and n_out > 1 and len(rows_in) == n_out:
        rows_out = outputs.expanded()
    n = len(rows_in)
    if len(rows_out) != n:
        if n > 1 and is_scalar_row(rows_out, n):
            rows_out = [[score] for score in rows_out[0]]  # one row of N scores (older XGBoost)
        else:
            raise Rejection(f"mismatched counts: {n} input rows but {len(rows_out)} output rows")
    return rows_in, rows_out


def parse_line(line, line_no, warn=None):
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
    timestamp = normalized_time(timestamp)

    inputs = decode_side("endpointInput", sides["endpointInput"], warn)
    outputs = decode_side("endpointOutput", sides["endpointOutput"], warn)
    if not inputs.rows:
        raise Rejection("zero input rows: endpointInput holds no rows")
    check_reserved_keys("endpointInput", inputs)
    check_reserved_keys("endpointOutput", outputs)
    rows_in, rows_out = pair(inputs, outputs)

    n = len(rows_in)
    inference_id = meta.get("inferenceId")
    base_id = inference_id if isinstance(inference_id, str) and inference_id else event_id
    ids = [base_id] if n == 1 else [f"{base_id}_{i}" for i in range(n)]
    if len(ids[-1]) > MAX_ID_LENGTH:
        raise Rejection(f"id too long: partner inference id {ids[-1][:40]!r}... has {len(ids[-1])} characters; "
                        f"Arthur takes at most {MAX_ID_LENGTH}")
    return [{"partner_inference_id": ids[i], "inference_timestamp": timestamp,
             "inputs": rows_in[i], "outputs": rows_out[i], "line": line_no} for i in range(n)]


def is_manifest(content):
    """Whether `content` (a whole source) is a batch transform capture manifest: a JSON array whose
    first element is an object with a `prefix` key."""
    if not content.lstrip().startswith(b"["):
        return False
    try:
        value = _json(content)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict) and "prefix" in value[0]


def source_lines(f):
    """The source's lines, or None when it is a manifest. Only a source opening with `[` is read whole."""
    leading = []
    for raw in f:
        leading.append(raw)
        if raw.strip():
            break
    if b"".join(leading).lstrip().startswith(b"["):
        content = b"".join(leading) + f.read()
        return None if is_manifest(content) else io.BytesIO(content)
    return itertools.chain(leading, f)


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
    lines = inferences = rejected = duplicates = skipped = 0
    for path in args.files:
        f = sys.stdin.buffer if path == "-" else open(path, "rb")
        with f:
            source = source_lines(f)
            if source is None:
                skipped += 1
                err.write(f"{path}: {MANIFEST_SKIPPED}\n")
                continue
            warned, given = set(), {}

            def warn(side, kind):
                if (side, kind) not in warned:
                    warned.add((side, kind))
                    err.write(f"{path}: warning: {side} labelled {kind} holds JSON; read as JSON\n")

            for line_no, raw in enumerate(source, 1):
                if not raw.strip():
                    continue
                lines += 1
                try:
                    result = parse_line(raw.rstrip(b"\r\n"), line_no, warn)
                except Rejection as r:
                    rejected += 1
                    err.write(f"{path}:{line_no}: error: {r.reason}\n")
                    continue
                inferences += len(result)
                repeated = []
                for inference in result:
                    pid = inference["partner_inference_id"]
                    if pid in given:
                        repeated.append(pid)
                    else:
                        given[pid] = line_no
                if repeated:
                    duplicates += len(repeated)
                    err.write(f"{path}:{line_no}: warning: partner inference id \"{repeated[0]}\" "
                              f"already given by line {given[repeated[0]]}; both are kept\n")
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
    err.write(f"{inferences} inferences from {lines - rejected} of {lines} lines; {rejected} lines rejected; "
              f"{duplicates} duplicate ids; {skipped} sources skipped\n")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
