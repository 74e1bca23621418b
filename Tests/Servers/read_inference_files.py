"""Reads back the files `ingest --to` wrote, with Python's own json and csv modules, and checks them against the
normalized inferences of a dry run (`ingest --dry-run --emit jsonl`).

Usage: read_inference_files.py FOLDER FORMAT DRY_RUN_JSONL
Prints one JSON object: {"files": {path: rows}, "rows": N, "problems": [...]}. Checked: every file parses; its
partition folder (YYYY/MM/DD/HH) is the UTC hour of each of its rows' inference_timestamp; its rows are exactly the
dry run's inferences (each partner id once), each input and output value in its own field (input_N/output_N for
ordered values, the name for named ones), typed as JSON when the format is JSON, as text in CSV.
"""

import csv
import datetime
import json
import os
import sys


def utc_hour(timestamp):
    when = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return when.astimezone(datetime.timezone.utc).strftime("%Y/%m/%d/%H")


def read(path, form):
    with open(path, newline="") as file:
        if form == "json":
            rows = json.load(file)
            assert isinstance(rows, list), "not a JSON array"
            return rows
        if form == "jsonl":
            return [json.loads(line) for line in file if line.strip()]
        return list(csv.DictReader(file))


def expected_fields(inference):
    """The flat fields of a dry-run inference (no schema), by the README's rule for repeated names."""
    fields = {"partner_inference_id": inference["partner_inference_id"],
              "inference_timestamp": inference["inference_timestamp"]}
    for side in ("input", "output"):
        row = inference[side + "s"]
        pairs = row.items() if isinstance(row, dict) else (
            (side + "_" + str(index), value) for index, value in enumerate(row)) if isinstance(row, list) else [
            (side + "_0", row)]
        for name, value in pairs:
            key, suffix = name, 1
            if key in fields:
                key = side + "_" + name
            while key in fields:
                suffix += 1
                key = side + "_" + name + "_" + str(suffix)
            fields[key] = value
    return fields


def as_text(value):
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return None  # compact JSON text; compared by parsing
    return value if isinstance(value, str) else None


def same(written, value, form):
    if form != "csv":
        return written == value
    text = as_text(value)
    if text is not None:
        return written == text
    if isinstance(value, (list, dict)):
        return json.loads(written) == value
    return float(written) == float(value)


def main():
    folder, form, dry_run = sys.argv[1:4]
    expected = {}
    with open(dry_run) as file:
        for line in file:
            if line.strip():
                inference = json.loads(line)
                expected[inference["partner_inference_id"]] = expected_fields(inference)
    files, problems, seen = {}, [], set()
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder)
            if name.startswith("."):
                problems.append("temporary file left: " + relative)
                continue
            rows = read(path, form)
            files[relative] = len(rows)
            partition = os.path.dirname(relative)
            for row in rows:
                identifier = row["partner_inference_id"]
                if identifier in seen:
                    problems.append("%s: %s written twice" % (relative, identifier))
                seen.add(identifier)
                if utc_hour(row["inference_timestamp"]) != partition:
                    problems.append("%s: %s is not in hour %s" % (relative, row["inference_timestamp"], partition))
                fields = expected.get(identifier)
                if fields is None:
                    problems.append("%s: unexpected %s" % (relative, identifier))
                    continue
                present = {key: value for key, value in row.items() if not (form == "csv" and value == "" and key not in fields)}
                if set(present) != set(fields):
                    problems.append("%s: %s has fields %s, expected %s" % (relative, identifier, sorted(present), sorted(fields)))
                    continue
                for key, value in fields.items():
                    if not same(present[key], value, form):
                        problems.append("%s: %s %s is %r, expected %r" % (relative, identifier, key, present[key], value))
    missing = set(expected) - seen
    if missing:
        problems.append("not written: " + ", ".join(sorted(missing)[:10]))
    print(json.dumps({"files": files, "rows": sum(files.values()), "problems": problems}))


main()
