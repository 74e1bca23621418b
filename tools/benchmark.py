#!/usr/bin/env python3
"""Benchmark `ingest` (release build) against the plain Python baseline, stage by stage.

    python3 tools/benchmark.py                  # 256 MiB mixed capture file
    python3 tools/benchmark.py --size-mb 1024   # the 1 GiB figure of the README

It builds `ingest` in release mode, generates a mixed capture file with ../shared/tools/gen_capture.py
(CSV, JSON, JSON Lines rows; 5% BASE64 sides; batches of 1-10 rows; kept in bench-out/ for reruns),
then runs each stage with `ingest` and with tools/reference_ingest.py (stdlib json/csv, what an
engineer would write in a Python Lambda) and prints throughput (MB/s of input, 1 MB = 10^6 bytes)
and peak resident memory of each, and their ratio:

  parse     parse + validate + ids        ingest --dry-run --emit none
  emit      normalized output to a pipe   ingest --dry-run --emit jsonl
  upload    full upload to the stand-in   ingest (ARTHUR_* set) to Tests/Servers/arthur_standin.py --sink
            Arthur on loopback            (it parses each multipart body with werkzeug, counts lines)

`wc -l` on the same file is printed as the ceiling for anything that looks at every byte.
Each figure is the best of --runs runs (default 3; the baseline runs once: it is slow and steady).

    python3 tools/benchmark.py --schema         # and uploads checked against the model's schema

--schema adds two upload stages on a CSV capture file of the same size (gen_capture.py --shape csv, one row per
line), to a stand-in model whose attributes fit its lines (made up from the first line: a number is FLOAT, other
text STRING): `schema` with the check (the default whenever a model declares attributes) and `noschema` with
`--no-schema-check`. Both send the same lines; the baseline has no schema check, so it is not run for them.
One row per line because the stand-in's sink counts lines, not inferences, in its 207: with batches, `ingest`
finds the counts short and reports the lines not uploaded (exit 1), as the mixed file's upload stage does; the
chunks are sent and answered all the same, so its throughput stands.
"""
import argparse
import csv
import json
import os
import urllib.request
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT.parent / "shared" / "tools" / "gen_capture.py"
TOKEN = "benchmark-token-not-secret"


def measure(command, env=None, stdout=subprocess.DEVNULL):
    """Run `command`; return (seconds, peak RSS in MiB, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(map(str, command))} failed ({code}):\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, code


def best(command, runs, env=None):
    results = [measure(command, env) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


class StandIn:
    """The stand-in Arthur in --sink mode on a free loopback port."""

    def __enter__(self):
        env = dict(os.environ, STANDIN_TOKEN=TOKEN)
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "Tests/Servers/arthur_standin.py"), "--model-id", "bench", "--sink"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.port = json.loads(self.process.stdout.readline())["port"]
        return self

    def set_attributes(self, attributes):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/_control/attributes", method="POST",
            data=json.dumps({"attributes": attributes}).encode(), headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()

    def env(self):
        return dict(os.environ, ARTHUR_HOST=f"http://127.0.0.1:{self.port}", ARTHUR_MODEL_ID="bench",
                    ARTHUR_ACCESS_TOKEN=TOKEN)

    def __exit__(self, *_):
        self.process.stdin.close()
        self.process.wait(timeout=10)


def generated(out, shape, size_mb, max_batch=10):
    """A capture file of `shape` and about `size_mb` MiB in bench-out/, generated once."""
    capture = out / f"{shape}-{size_mb}mb-batch{max_batch}.jsonl"
    if not capture.exists():
        print(f"generating {capture.name} ...", file=sys.stderr)
        with open(capture.with_suffix(".tmp"), "wb") as f:
            subprocess.run([sys.executable, str(GEN), "--shape", shape, "--size-mb", str(size_mb),
                            "--max-batch", str(max_batch), "--base64", "0.05" if shape == "mixed" else "0",
                            "--seed", "7"], stdout=f, check=True)
        capture.with_suffix(".tmp").rename(capture)
    return capture


def attributes_fitting(capture):
    """Attributes (arthur-client's ModelAttribute) one per value of the first line's CSV rows."""
    with open(capture) as f:
        side = json.loads(f.readline())["captureData"]

    def attributes(data, stage, prefix):
        row = next(csv.reader(data.splitlines()))
        def value_type(text):
            try:
                float(text)
                return "FLOAT"
            except ValueError:
                return "STRING"
        return [{"name": f"{prefix}_{i}", "value_type": value_type(v), "stage": stage, "position": i}
                for i, v in enumerate(row)]

    return (attributes(side["endpointInput"]["data"], "PIPELINE_INPUT", "input")
            + attributes(side["endpointOutput"]["data"], "PREDICTED_VALUE", "output"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=int, default=256)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-build", action="store_true", help="use the release build as it is")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--schema", action="store_true", help="also time uploads checked against a schema (CSV file)")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "ingest"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    ingest = ROOT / ".build/release/ingest"
    out = ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    capture = generated(out, "mixed", args.size_mb)
    size_mb = capture.stat().st_size / 1e6
    reference = [sys.executable, str(ROOT / "tools/reference_ingest.py")]

    print(f"input: {capture.name}, {size_mb:.0f} MB; machine: {os.cpu_count()} cores; best of {args.runs} runs")
    wc_seconds, _, _ = measure(["wc", "-l", str(capture)])
    print(f"ceiling: wc -l {size_mb / wc_seconds:,.0f} MB/s")
    print(f"{'stage':<8} {'ingest MB/s':>12} {'peak MiB':>9} {'baseline MB/s':>14} {'peak MiB':>9} {'ratio':>7}")

    stages = [
        ("parse", [str(ingest), "--dry-run", "--emit", "none", str(capture)], reference + ["--emit", "none", str(capture)], None),
        ("emit", [str(ingest), "--dry-run", "--emit", "jsonl", str(capture)], reference + ["--emit", "jsonl", str(capture)], None),
        ("upload", [str(ingest), "--quiet", str(capture)], reference + ["--emit", "none", "--upload", str(capture)], "standin"),
    ]
    for name, ours, baseline, needs in stages:
        if needs:
            with StandIn() as standin:
                seconds, peak = best(ours, args.runs, standin.env())
                base = None if args.skip_baseline else best(baseline, 1, standin.env())
        else:
            seconds, peak = best(ours, args.runs)
            base = None if args.skip_baseline else best(baseline, 1)
        line = f"{name:<8} {size_mb / seconds:>12,.0f} {peak:>9.1f}"
        if base:
            line += f" {size_mb / base[0]:>14,.1f} {base[1]:>9.1f} {base[0] / seconds:>6.1f}x"
        print(line, flush=True)

    if args.schema:
        table = generated(out, "csv", args.size_mb, max_batch=1)
        table_mb = table.stat().st_size / 1e6
        print(f"input: {table.name}, {table_mb:.0f} MB, to a model whose attributes fit it")
        with StandIn() as standin:
            standin.set_attributes(attributes_fitting(table))
            for name, extra in [("schema", []), ("noschema", ["--no-schema-check"])]:
                seconds, peak = best([str(ingest), "--quiet", *extra, str(table)], args.runs, standin.env())
                print(f"{name:<8} {table_mb / seconds:>12,.0f} {peak:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
