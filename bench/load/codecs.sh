#!/usr/bin/env bash
# SET/GET throughput per storage codec through the server (issue 4), side by side with no compression.
# redis-benchmark sends a fixed, highly compressible payload ("xxx..."), so this measures the codecs' CPU cost on the
# request path at a best-case ratio; docs/benchmarks.md has ratios on a realistic corpus from BenchmarkDotNet.
#   CODECS="none gzip zstd lz4 brotli" SIZE=4096 REQUESTS=50000 bench/load/codecs.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${OURS_BIN:-$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur}
CODECS=${CODECS:-none gzip zstd lz4 brotli}
SIZE=${SIZE:-4096}
REQUESTS=${REQUESTS:-50000}
[[ -n "${SKIP_BUILD:-}" ]] || dotnet build -c Release "$ROOT/src/Blobasaur.Cli" >/dev/null
DIR=$(mktemp -d /tmp/blobasaur-codecs.XXXXXX)
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

echo "| codec | SET -P 1 | GET -P 1 | SET -P 16 | GET -P 16 | stored bytes of one value |"
echo "|---|---:|---:|---:|---:|---:|"
for codec in $CODECS; do
    PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    enabled=true; [[ "$codec" == none ]] && enabled=false
    BLOBASAUR_STORAGE_COMPRESSION_ENABLED=$enabled BLOBASAUR_STORAGE_COMPRESSION_ALGORITHM=$codec \
        "$BIN" --port "$PORT" --data-dir "$DIR/$codec" >"$DIR/$codec.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 500); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.02; done
    row="| $codec"
    for P in 1 16; do
        for t in set get; do
            rps=$(timeout 300 redis-benchmark -p "$PORT" -t "$t" -n "$REQUESTS" -r 10000 -d "$SIZE" -c 50 -P "$P" --csv 2>/dev/null \
                | tail -1 | cut -d, -f2 | tr -d '"')
            row="$row | ${rps%.*}"
        done
    done
    key=$(redis-cli -p "$PORT" RANDOMKEY)
    stored=$(redis-cli -p "$PORT" BLOBASAUR.META "$key" | awk 'prev=="stored_size"{print; exit} {prev=$0}')
    echo "$row | $stored |"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
