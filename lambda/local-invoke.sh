#!/usr/bin/env bash
# Runs the Lambda locally as AWS documents for container images — `ingest-lambda` serving the Runtime
# Interface Emulator's invoke URL on 127.0.0.1:9000 — against this repo's stand-ins for S3 (moto behind
# botocore's signature check) and Arthur (a werkzeug multipart server), so no AWS account is needed:
#
#   lambda/local-invoke.sh              # invokes with samples/s3-event.json
#   lambda/local-invoke.sh my-event.json
#   BOOTSTRAP=lambda/dist/bootstrap lambda/local-invoke.sh   # the packaged binary instead of a debug build
#
# It puts samples/csv-single.jsonl and samples/mixed.jsonl under the two keys samples/s3-event.json names
# (my-capture-bucket, the second key with a space and parentheses), starts the function, runs
#   curl -XPOST localhost:9000/2015-03-31/functions/function/invocations -d @samples/s3-event.json
# prints the answer and what Arthur received, and stops everything. It fails if the function gives no answer.
set -euo pipefail
cd "$(dirname "$0")/.."
event=${1:-samples/s3-event.json}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=AKIDLOCALINVOKE000001 AWS_SECRET_ACCESS_KEY=local-invoke-secret AWS_REGION=us-east-1
export ARTHUR_ACCESS_TOKEN=local-invoke-token ARTHUR_MODEL_ID=local-model
unset AWS_LAMBDA_RUNTIME_API

# A server that prints {"port": N} first and stops when its stdin closes (this script holds the fifo open).
# Sets $port. Not called in $(...): a subshell would close the fifo, and the server with it.
start_server() {  # name, command...
    local name=$1 fd; shift
    mkfifo "$work/$name.in"
    "$@" < "$work/$name.in" > "$work/$name.out" 2> "$work/$name.log" &
    pids+=($!)
    exec {fd}> "$work/$name.in"
    for _ in $(seq 200); do [ -s "$work/$name.out" ] && break; sleep 0.1; done
    port=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["port"])' "$work/$name.out")
}
STANDIN_CREDENTIALS="[{\"access_key_id\":\"$AWS_ACCESS_KEY_ID\",\"secret_access_key\":\"$AWS_SECRET_ACCESS_KEY\"}]" \
    start_server s3 python3 Tests/Servers/s3_standin.py --region "$AWS_REGION"
s3_port=$port
STANDIN_TOKEN=$ARTHUR_ACCESS_TOKEN start_server arthur python3 Tests/Servers/arthur_standin.py --model-id "$ARTHUR_MODEL_ID"
arthur_port=$port
export AWS_ENDPOINT_URL=http://127.0.0.1:$s3_port ARTHUR_HOST=http://127.0.0.1:$arthur_port
echo "local S3 on :$s3_port, local Arthur on :$arthur_port"

python3 - "$event" <<'EOF'
import boto3, json, sys, urllib.parse
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=__import__("os").environ["AWS_ENDPOINT_URL"], config=Config(s3={"addressing_style": "path"}))
records = json.load(open(sys.argv[1]))["Records"]
samples = ["samples/csv-single.jsonl", "samples/mixed.jsonl"]
for record, sample in zip(records, samples * len(records)):
    bucket, key = record["s3"]["bucket"]["name"], urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=open(sample, "rb").read())
    print(f"put {sample} as s3://{bucket}/{key}")
EOF

bootstrap=${BOOTSTRAP:-}
if [ -z "$bootstrap" ]; then
    swift build --product ingest-lambda >/dev/null 2>&1
    bootstrap=.build/debug/ingest-lambda
fi
"$bootstrap" > "$work/lambda.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q 'serving the local invoke URL' "$work/lambda.log" && break; sleep 0.1; done

echo "\$ curl -XPOST localhost:9000/2015-03-31/functions/function/invocations -d @$event"
curl -sS -XPOST localhost:9000/2015-03-31/functions/function/invocations -d @"$event"
echo
echo "Arthur received:"
curl -sS "localhost:$arthur_port/_control/received" | python3 -c '
import json, sys
r = json.load(sys.stdin)
ids = [i["partner_inference_id"] for i in r["inferences"]]
print("  %d inferences in %d uploads: %s" % (len(ids), r["accepted_requests"], ", ".join(ids)))'
echo "function log (JSON lines):"
sed 's/^/  /' "$work/lambda.log"
