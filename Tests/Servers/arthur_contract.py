#!/usr/bin/env python3
"""One uploaded line read the way Arthur's published contract says Arthur reads it.

The contract is Arthur's published Python client (`arthur-client`, arthur/client/rest/inferences/
models.py, `SageMakerInferenceData`): a JSONL file of SageMaker Data Capture lines whose data fields
are encoded CSV or JSON; JSON inputs are `{"instances": [{"features": [f0, f1, ...]}, ...]}` and
outputs `{"predictions": [[p0, ...], ...]}`, and Arthur's docs also show named maps in place of the
arrays (`{"instances": [{"name": v, ...}]}`, `{"predictions": [{"name": v, ...}]}`). Nothing else is
accepted here, so a line the real service would fail fails in the tests too.

API:  read_line(raw) -> (event_id, [inference, ...]) or raises ContractFailure, where an inference is
      {"partner_inference_id", "inference_timestamp", "inputs", "outputs"}: Arthur's own id derivation
      (`inferenceId` when present and non-empty, else `eventId`; `_i` for row i when there are N > 1
      rows), the time as sent, and each row as Arthur reads it (CSV fields as text, a features list,
      a prediction list, or a named map).
      ContractFailure has `message`, `event_id` (the line's eventId as far as it can be read) and
      `rows` (how many inferences the failure stands for: the input rows once they were read, else 1),
      which is what Arthur's 207 `failures` (SageMakerDataFailures) report, one per row.

The rules, in order: the line is a JSON object; `eventMetadata.eventId` is a non-empty string;
`captureData.endpointInput` and `.endpointOutput` are objects whose `encoding` is CSV or JSON (BASE64
fails with "BASE64 encoded data is not supported") and whose `data` is a string; CSV rows by the csv module (strict; a trailing newline and blank
lines make no row); JSON input an object whose only key is `instances`, a list whose elements are each
`{"features": [...]}` (its only key) or a named map; JSON output an object whose only key is
`predictions`, a list whose elements are each a list or a named map; named maps do not use the keys
instances, predictions, features or probabilities; `inferenceTime` is a zone-aware ISO 8601 date-time
with `T` (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, a real date and time); input and output rows are
as many, at least one; partner ids are at most 255 characters.
"""
import csv
import io
import json
import re

csv.field_size_limit(64 * 1024 * 1024)

BASE64_MESSAGE = "BASE64 encoded data is not supported"
RESERVED_KEYS = ("instances", "predictions", "features", "probabilities")
MAX_ID_LENGTH = 255
ZONED_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
                        r"(Z|[+-]([0-9]{2}):([0-9]{2}))")
DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class ContractFailure(Exception):
    """A line Arthur's contract refuses: `message`, the line's `event_id`, and the `rows` it stands for."""

    def __init__(self, message, event_id="", rows=1):
        super().__init__(message)
        self.message, self.event_id, self.rows = message, event_id, rows


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")


def _json(text):
    return json.loads(text, parse_constant=_no_constants)


def is_zoned_time(value):
    match = ZONED_TIME.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.group(1, 2, 3, 4, 5, 6))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (29 if leap else 28) if month == 2 else DAYS[month - 1] if 1 <= month <= 12 else 0
    offset_ok = match.group(9) is None or (int(match.group(9)) <= 23 and int(match.group(10)) <= 59)
    return year >= 1 and 1 <= day <= days and hour <= 23 and minute <= 59 and second <= 59 and offset_ok


def _named_map(name, value):
    for key in RESERVED_KEYS:
        if key in value:
            raise ValueError(f"{name} is a named map using the reserved key {key!r}")
    return value


def csv_rows(text):
    return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]


def json_inputs(text):
    doc = _json(text)
    if not isinstance(doc, dict) or list(doc) != ["instances"] or not isinstance(doc["instances"], list):
        raise ValueError('JSON input must be {"instances": [...]} and nothing else')
    rows = []
    for i, instance in enumerate(doc["instances"]):
        if isinstance(instance, dict) and list(instance) == ["features"] and isinstance(instance["features"], list):
            rows.append(instance["features"])
        elif isinstance(instance, dict):
            rows.append(_named_map(f"instances[{i}]", instance))
        else:
            raise ValueError(f'instances[{i}] must be {{"features": [...]}} or a named map')
    return rows


def json_outputs(text):
    doc = _json(text)
    if not isinstance(doc, dict) or list(doc) != ["predictions"] or not isinstance(doc["predictions"], list):
        raise ValueError('JSON output must be {"predictions": [...]} and nothing else')
    rows = []
    for i, prediction in enumerate(doc["predictions"]):
        if isinstance(prediction, list):
            rows.append(prediction)
        elif isinstance(prediction, dict):
            rows.append(_named_map(f"predictions[{i}]", prediction))
        else:
            raise ValueError(f"predictions[{i}] must be a list or a named map")
    return rows


def side_rows(name, side, event_id):
    if not isinstance(side, dict):
        raise ContractFailure(f"captureData.{name} is missing", event_id)
    encoding, data = side.get("encoding"), side.get("data")
    if encoding == "BASE64":
        raise ContractFailure(BASE64_MESSAGE, event_id)
    if encoding not in ("CSV", "JSON"):
        raise ContractFailure(f"{name} encoding {encoding!r} is not supported (CSV or JSON)", event_id)
    if not isinstance(data, str):
        raise ContractFailure(f"{name} data must be a string", event_id)
    try:
        if encoding == "CSV":
            return csv_rows(data)
        return json_inputs(data) if name == "endpointInput" else json_outputs(data)
    except (ValueError, RecursionError, csv.Error) as e:
        raise ContractFailure(f"{name} {encoding} data: {e}", event_id)


def read_line(raw):
    """One sent line -> (eventId, inferences) as Arthur reads it, or raises ContractFailure."""
    try:
        record = _json(raw)
    except (ValueError, RecursionError) as e:
        raise ContractFailure(f"line is not JSON: {e}")
    if not isinstance(record, dict):
        raise ContractFailure("line is not a JSON object")
    meta = record.get("eventMetadata")
    meta = meta if isinstance(meta, dict) else {}
    event_id = meta.get("eventId")
    if not isinstance(event_id, str) or not event_id:
        raise ContractFailure("eventMetadata.eventId is required")
    capture = record.get("captureData")
    if not isinstance(capture, dict):
        raise ContractFailure("captureData is missing", event_id)
    inputs = side_rows("endpointInput", capture.get("endpointInput"), event_id)
    rows = max(len(inputs), 1)
    try:
        outputs = side_rows("endpointOutput", capture.get("endpointOutput"), event_id)
    except ContractFailure as failure:
        failure.rows = rows
        raise
    timestamp = meta.get("inferenceTime")
    if not is_zoned_time(timestamp):
        raise ContractFailure(f"inferenceTime {timestamp!r} is not a zone-aware ISO 8601 date-time "
                              "(YYYY-MM-DDTHH:MM:SS[.fraction] with Z or ±HH:MM)", event_id, rows)
    n = len(inputs)
    if n == 0 or len(outputs) != n:
        raise ContractFailure(f"{n} input rows but {len(outputs)} output rows (they must be as many, at least one)",
                              event_id, rows)
    inference_id = meta.get("inferenceId")
    base = inference_id if isinstance(inference_id, str) and inference_id else event_id
    ids = [base] if n == 1 else [f"{base}_{i}" for i in range(n)]
    if len(ids[-1]) > MAX_ID_LENGTH:
        raise ContractFailure(f"partner inference id of {len(ids[-1])} characters; at most {MAX_ID_LENGTH}",
                              event_id, n)
    return event_id, [{"partner_inference_id": ids[i], "inference_timestamp": timestamp,
                       "inputs": inputs[i], "outputs": outputs[i]} for i in range(n)]


GROUND_TRUTH_STAGES = ("GROUND_TRUTH", "GROUND_TRUTH_CLASS")
GROUND_TRUTH_KEYS = {"partner_inference_id", "ground_truth_timestamp", "ground_truth_data"}


def _fits(value_type, value):
    """Whether a JSON value fits an attribute's value_type, as Arthur types ground truth (null is a missing value)."""
    if value is None:
        return True
    if value_type == "FLOAT":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if value_type == "INTEGER":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if value_type == "BOOLEAN":
        return isinstance(value, bool)
    if value_type in ("STRING", "UNSTRUCTURED_TEXT"):
        return isinstance(value, str)
    return True


def check_ground_truth(item, attributes):
    """One item of a PATCH /inferences body, held to arthur-client's PartnerIdInferenceGroundTruth and the model's
    ground-truth attributes: None when Arthur would take it, else Arthur-like words for why not (a 400 item)."""
    if not isinstance(item, dict):
        return "each ground truth must be an object"
    missing = sorted(GROUND_TRUTH_KEYS - set(item))
    if missing:
        return f"field required: {', '.join(missing)}"
    partner_id, timestamp, data = (item[key] for key in
                                   ("partner_inference_id", "ground_truth_timestamp", "ground_truth_data"))
    if not isinstance(partner_id, str) or not partner_id or len(partner_id) > 255:
        return "partner_inference_id must be a string of 1 to 255 characters"
    if not is_zoned_time(timestamp):
        return f"ground_truth_timestamp {timestamp!r} is not a UTC timestamp with a time zone"
    if not isinstance(data, dict) or not data:
        return "ground_truth_data must be a non-empty object"
    expected = {a["name"]: a for a in attributes if a.get("stage") in GROUND_TRUTH_STAGES}
    unknown = sorted(set(data) - set(expected))
    if unknown:
        return f"ground_truth_data has attributes the model does not declare as ground truth: {', '.join(unknown)}"
    absent = sorted(set(expected) - set(data))
    if absent:
        return f"ground_truth_data is missing ground truth attributes: {', '.join(absent)}"
    for name, value in data.items():
        if not _fits(expected[name].get("value_type"), value):
            return f"ground truth attribute {name} expects {expected[name].get('value_type')}, got {value!r}"
    return None
