#!/usr/bin/env bash
# What recording metrics costs GET throughput: the same Release server with [metrics] enabled = false ("off") and
# enabled = true while a scraper reads /metrics every second ("on", as Prometheus would), alternating which goes first.
# Reports the median requests/s of each and the difference. Loopback only; bounded; both servers are stopped on exit.
# Environment: ROUNDS [5], REQUESTS [200000], CLIENTS [50], PIPELINES ["1 16"], OURS_BIN (default: the Release build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${OURS_BIN:-$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur}
ROUNDS=${ROUNDS:-5}
REQUESTS=${REQUESTS:-200000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
[[ -x "$BIN" ]] || { echo "build first: dotnet build src/Blobasaur.Cli -c Release" >&2; exit 2; }

TMP=$(mktemp -d /tmp/blobasaur-metrics-bench.XXXXXX)
# start() runs in a command substitution (a subshell), so server pids go through a file, not a variable.
cleanup() {
    local pids
    pids=$(cat "$TMP/pids" 2>/dev/null || true)
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $pids; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME ENABLED: writes a config, starts the server, waits for PING; prints the RESP port and, with metrics, the HTTP port.
start() {
    local name=$1 enabled=$2 port mport
    port=$(free_port) mport=$(free_port)
    printf 'data_dir = "%s"\naddr = "127.0.0.1:%s"\n[metrics]\nenabled = %s\naddr = "127.0.0.1:%s"\n' \
        "$TMP/$name" "$port" "$enabled" "$mport" > "$TMP/$name.toml"
    "$BIN" serve --config "$TMP/$name.toml" > "$TMP/$name.log" 2>&1 &
    echo $! >> "$TMP/pids"
    for _ in $(seq 1 300); do [[ "$(redis-cli -p "$port" PING 2>/dev/null)" == PONG ]] && break; sleep 0.2; done
    redis-cli -p "$port" SET key:__rand_int__ xxx >/dev/null
    echo "$port $mport"
}
read -r OFF_PORT _ <<<"$(start off false)"
read -r ON_PORT ON_METRICS <<<"$(start on true)"

rps() { # PORT PIPELINE -> requests/s of one GET run
    timeout 300 redis-benchmark -p "$1" -t get -n "$REQUESTS" -c "$CLIENTS" -P "$2" -q --csv | awk -F'"' '/GET/ {print $4}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "| pipeline | metrics off (GET/s, median of $ROUNDS) | metrics on, scraped every 1 s | difference |"
echo "| ---: | ---: | ---: | ---: |"
for p in $PIPELINES; do
    : > "$TMP/off.$p"; : > "$TMP/on.$p"
    for round in $(seq 1 "$ROUNDS"); do
        # The order alternates: a fixed off-then-on order showed an order effect larger than the effect measured.
        ((round % 2)) && rps "$OFF_PORT" "$p" >> "$TMP/off.$p"
        ( for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$ON_METRICS/metrics" >/dev/null || true; sleep 1; done ) &
        scraper=$!
        rps "$ON_PORT" "$p" >> "$TMP/on.$p"
        kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true
        ((round % 2)) || rps "$OFF_PORT" "$p" >> "$TMP/off.$p"
    done
    off=$(median < "$TMP/off.$p") on=$(median < "$TMP/on.$p")
    echo "| $p | $off | $on | $(awk -v a="$off" -v b="$on" 'BEGIN {printf "%+.1f %%", (b - a) * 100 / a}') |"
    echo "raw off: $(tr '\n' ' ' < "$TMP/off.$p")  on: $(tr '\n' ' ' < "$TMP/on.$p")" >&2
done
grep -q '^blobasaur_command_duration_seconds_count{command="get"}' <(curl -sf "http://127.0.0.1:$ON_METRICS/metrics") ||
    { echo "the 'on' server recorded no GET durations: the comparison is void" >&2; exit 1; }
