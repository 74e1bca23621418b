#!/usr/bin/env bash
# Builds the Lambda: release `ingest-lambda`, linked as a fully static executable, stripped, shipped
# as `bootstrap` at the root of lambda/dist/function.zip. Fails unless the binary will run on
# Amazon Linux 2023 (provided.al2023, glibc 2.34).
#
# Why -static-executable: a --static-swift-stdlib build still links glibc dynamically and, built on
# this Debian 12 machine, needs hypot@GLIBC_2.35, which Amazon Linux 2023 lacks. A static executable
# needs no shared library at all.
#
#   lambda/package.sh                 # build and check
#   PRODUCT=ingest lambda/package.sh  # the same for another product (used to check the toolchain)
set -euo pipefail
cd "$(dirname "$0")/.."

product=${PRODUCT:-ingest-lambda}
scratch=.build-lambda
dist=lambda/dist
max_glibc=2.34

echo "package: building $product (release, -static-executable) in $scratch"
swift build -c release --product "$product" --scratch-path "$scratch" -Xswiftc -static-executable
binary="$scratch/release/$product"

rm -rf "$dist"
mkdir -p "$dist"
cp "$binary" "$dist/bootstrap"
strip "$dist/bootstrap"

# The check: no shared libraries at all, or else no glibc symbol version above Amazon Linux 2023's.
needed=$(objdump -p "$dist/bootstrap" | awk '/NEEDED/ {print $2}')
if [ -n "$needed" ]; then
    newest=$(objdump -T "$dist/bootstrap" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
    if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]; then
        echo "package: error: bootstrap needs GLIBC_$newest; provided.al2023 has $max_glibc" >&2
        exit 1
    fi
    for library in $needed; do
        case "$library" in
            libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | ld-linux-x86-64.so.2) ;;
            *) echo "package: error: bootstrap needs $library, which provided.al2023 does not ship" >&2; exit 1 ;;
        esac
    done
    echo "package: bootstrap links $(echo $needed | tr '\n' ' ')(glibc up to $newest)"
else
    echo "package: bootstrap is fully static (no shared libraries needed)"
fi
file "$dist/bootstrap" 2>/dev/null | grep -q 'ELF 64-bit' || objdump -f "$dist/bootstrap" | grep -q 'elf64-x86-64'

# Zip with bootstrap at the root, executable bits kept (python3: zip is not on every machine).
python3 - "$dist" <<'EOF'
import os, sys, zipfile
dist = sys.argv[1]
with zipfile.ZipFile(os.path.join(dist, "function.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.write(os.path.join(dist, "bootstrap"), "bootstrap")
EOF
echo "package: $dist/function.zip ($(du -k "$dist/function.zip" | cut -f1) KiB; bootstrap $(du -k "$dist/bootstrap" | cut -f1) KiB)"
