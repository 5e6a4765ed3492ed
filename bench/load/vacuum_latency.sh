#!/usr/bin/env bash
# GET/SET latency with and without a running incremental vacuum (docs/benchmarks.md, "Vacuum").
# Starts our server on a free loopback port with a temporary data directory, and for each round and each phase:
# writes BULK_MB of 8 KiB values, FLUSHALL (so the shard files hold that much free space), loads 10k x 1 KiB keys,
# then runs redis-benchmark SET and GET (-c 20) -- alone ("idle"), or while BLOBASAUR.VACUUM SHARD ALL MODE
# incremental BUDGET_MB 100000 runs ("vacuum"). Prints redis-benchmark's CSV lines and the vacuum durations.
# Everything is bounded (timeouts) and the server and data are removed on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BULK_MB=${BULK_MB:-160}
ROUNDS=${ROUNDS:-2}
# Sized so that each benchmark runs inside the vacuum (about 1.3-1.8 s for 320 MB of free pages here).
SET_REQUESTS=${SET_REQUESTS:-5000}
GET_REQUESTS=${GET_REQUESTS:-15000}
EXE=${OURS_CMD:-$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur}
[[ -n "${SKIP_BUILD:-}" || -n "${OURS_CMD:-}" ]] || dotnet build -c Release "$ROOT/src/Blobasaur.Cli" -nologo -v quiet >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
WORK=$(mktemp -d /tmp/blobasaur-vacuum-bench-XXXX)
"$EXE" --port "$PORT" --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" PING >/dev/null 2>&1 && break; sleep 0.2; done
VALUE=$(head -c 8192 /dev/zero | tr '\0' 'x')
BULK_N=$((BULK_MB * 128))

prepare() {
  timeout 600 redis-benchmark -p "$PORT" -c 20 -n "$BULK_N" -r 100000000 -q SET "bulk:__rand_int__" "$VALUE" >/dev/null
  redis-cli -p "$PORT" FLUSHALL >/dev/null
  timeout 300 redis-benchmark -p "$PORT" -c 20 -n 20000 -r 10000 -d 1024 -t set -q >/dev/null
  redis-cli -p "$PORT" BLOBASAUR.VACUUM SHARD ALL MODE incremental BUDGET_MB 100000 DRYRUN \
    | awk '/^freelist_before$/{getline; s+=$1} END {printf "free pages before: %d (%.0f MB)\n", s, s*16384/1048576}'
}

bench() { # $1 = phase label
  for t in set get; do
    n=$SET_REQUESTS; [[ $t == get ]] && n=$GET_REQUESTS
    if [[ $1 == vacuum ]]; then
      ( start=$(date +%s.%N); timeout 600 redis-cli -p "$PORT" BLOBASAUR.VACUUM SHARD ALL MODE incremental BUDGET_MB 100000 >/dev/null
        echo "$(echo "$(date +%s.%N) - $start" | bc)" >"$WORK/vacuum.took" ) &
      VAC=$!
    fi
    start=$(date +%s.%N)
    line=$(timeout 300 redis-benchmark -p "$PORT" -c 20 -n "$n" -r 10000 -d 1024 -t "$t" --csv | tail -1)
    took=$(echo "$(date +%s.%N) - $start" | bc)
    if [[ $1 == vacuum ]]; then
      wait $VAC
      echo "$1,$line  # benchmark ${took}s, vacuum $(cat "$WORK/vacuum.took")s"
      prepare >/dev/null
    else
      echo "$1,$line  # benchmark ${took}s"
    fi
  done
}

echo "phase,test,rps,avg_ms,min_ms,p50_ms,p95_ms,p99_ms,max_ms"
for round in $(seq "$ROUNDS"); do
  echo "# round $round"
  if (( round % 2 )); then prepare; bench idle; prepare; bench vacuum
  else prepare; bench vacuum; prepare; bench idle; fi
done
