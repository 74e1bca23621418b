#!/usr/bin/env bash
# Measures the Lambda's cold start: the time from process start to the Runtime API seeing the first
# `GET /2018-06-01/runtime/invocation/next`, against the stand-in `Tests/Servers/runtime_api.py`.
#
#   lambda/package.sh && lambda/cold-start.sh        # 20 runs of lambda/dist/bootstrap
#   lambda/cold-start.sh 50 .build/release/ingest-lambda
#
# Each run starts the binary afresh with a valid configuration (a token in the environment, made-up AWS
# keys, ARTHUR_HOST=https://arthur.example.com; nothing is contacted but the Runtime API), notes when the
# stand-in saw `/next` (it never hands out an event), and stops the process. One untimed run first warms
# the page cache. Prints every run, then the median and the best, in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
binary=${2:-lambda/dist/bootstrap}
[ -x "$binary" ] || { echo "cold-start: no executable $binary (run lambda/package.sh first)" >&2; exit 1; }

python3 - "$runs" "$binary" <<'EOF'
import json, os, statistics, subprocess, sys, time, urllib.request

runs, binary = int(sys.argv[1]), os.path.abspath(sys.argv[2])
server = subprocess.Popen([sys.executable, "Tests/Servers/runtime_api.py"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    port = json.loads(server.stdout.readline())["port"]
    environment = {
        "PATH": "/usr/bin:/bin", "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}",
        "AWS_ACCESS_KEY_ID": "AKIDCOLDSTART0000001", "AWS_SECRET_ACCESS_KEY": "cold-start-secret",
        "AWS_REGION": "us-east-1", "ARTHUR_HOST": "https://arthur.example.com", "ARTHUR_MODEL_ID": "cold-start-model",
        "ARTHUR_ACCESS_TOKEN": "cold-start-token", "AWS_LAMBDA_FUNCTION_NAME": "cold-start",
    }

    def next_requests():
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_control/records", timeout=10) as answer:
            return json.load(answer)["next_requests"]

    def one_run():
        seen = len(next_requests())
        start = time.time()
        process = subprocess.Popen([binary], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            give_up = time.monotonic() + 30
            while time.monotonic() < give_up:
                time.sleep(0.02)
                requests = next_requests()
                if len(requests) > seen:
                    return (requests[seen]["time"] - start) * 1000
                if process.poll() is not None:
                    sys.exit(f"cold-start: {binary} exited with status {process.returncode} before /next")
            sys.exit(f"cold-start: no /next from {binary} within 30 s")
        finally:
            process.kill()
            process.wait()

    one_run()
    times = []
    for run in range(1, runs + 1):
        times.append(one_run())
        print(f"run {run:3}: {times[-1]:6.1f} ms")
    print(f"{sys.argv[2]}: process start to first /next over {runs} runs: "
          f"median {statistics.median(times):.1f} ms, best {min(times):.1f} ms")
finally:
    server.stdin.close()
    server.terminate()
    server.wait()
EOF
