#!/usr/bin/env bash
# Seed corpus for the CaptureFormat fuzzer: every non-blank line of samples/*.jsonl as a file of its own
# (the fuzzer's input is one capture line, without its "\n").
# Usage: Fuzz/make-corpus.sh [DIR]   (default .build-fuzz/corpus; existing files are kept)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build-fuzz/corpus}
mkdir -p "$out"
count=0
for sample in samples/*.jsonl; do
    name=$(basename "$sample" .jsonl)
    number=0
    while IFS= read -r line || [ -n "$line" ]; do
        number=$((number + 1))
        [ -n "${line//[[:space:]]/}" ] || continue
        printf '%s' "$line" > "$out/$name-$number"
        count=$((count + 1))
    done < "$sample"
done
echo "$count seed inputs in $out"
