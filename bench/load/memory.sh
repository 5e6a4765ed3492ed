#!/usr/bin/env bash
# Memory and restart check (issue 3): write N values of SIZE bytes through redis-cli --pipe, report the server's RSS
# (VmRSS now, VmHWM peak), restart it on the same data directory and time how long until it answers PING, then check
# DBSIZE. Loopback only; bounded by timeouts; cleans up on exit.
#   N=1000000 SIZE=1024 bench/load/memory.sh
set -euo pipefail
N=${N:-1000000}
SIZE=${SIZE:-1024}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${OURS_BIN:-$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur}
[[ -n "${SKIP_BUILD:-}" ]] || dotnet build -c Release "$ROOT/src/Blobasaur.Cli" >/dev/null
DIR=$(mktemp -d /tmp/blobasaur-mem.XXXXXX)
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

# Starts the server (setting PID) and sets STARTED_MS to the time until it answered PING.
start() {
    local t0; t0=$(date +%s%N)
    "$BIN" --port "$PORT" --data-dir "$DIR/data" >"$DIR/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 3000); do
        redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
        sleep 0.01
    done
    STARTED_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
rss() { awk '/^(VmRSS|VmHWM)/ {printf "%s %d MiB  ", $1, $2/1024}' "/proc/$PID/status"; echo; }

start; echo "start: answered PING after $STARTED_MS ms"; rss
echo "writing $N x $SIZE B ..."
t0=$(date +%s%N)
/usr/bin/python3 - "$N" "$SIZE" <<'PY' | timeout 900 redis-cli -p "$PORT" --pipe | tail -1
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
value = (b"0123456789abcdef" * (size // 16 + 1))[:size]
out = sys.stdout.buffer
for i in range(n):
    key = b"key:%012d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key), key, size, value))
PY
echo "write time: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
echo "after load: $(rss)"
echo "dbsize: $(redis-cli -p "$PORT" dbsize)"
sleep 2; echo "after 2 s: $(rss)"
kill -TERM "$PID"; wait "$PID" || true; PID=""
start; echo "restart: answered PING after $STARTED_MS ms"; rss
echo "dbsize after restart: $(redis-cli -p "$PORT" dbsize)"
echo "data dir: $(du -sh "$DIR/data" | cut -f1)"
