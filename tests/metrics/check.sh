#!/usr/bin/env bash
# The metrics endpoint against the real tools (Debian package `prometheus`, which ships promtool and the server):
#   1. starts our server with [metrics] enabled on free loopback ports and runs some commands through redis-cli;
#   2. `promtool check metrics` on the /metrics output (format and lint: names, HELP, TYPE, _total, histogram series);
#   3. starts a real Prometheus (generated config, scrape_interval 1s, loopback only, its own temporary storage), waits until
#      it has scraped us, and reads blobasaur_commands_total{command="set"} back through its HTTP API (/api/v1/query);
#      the value must equal the number of SETs we sent.
# Usage: tests/metrics/check.sh [path to the blobasaur executable]  (default: the Release build of src/Blobasaur.Cli).
# Needs: promtool, prometheus, redis-cli, curl, python3. Every wait is bounded; everything started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${1:-$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur}
SETS=25
for tool in promtool prometheus redis-cli curl python3; do
    command -v "$tool" >/dev/null || { echo "check-metrics: $tool not found (apt-get install prometheus redis-tools curl)" >&2; exit 2; }
done
[[ -x "$BIN" ]] || { echo "check-metrics: $BIN not built (dotnet build src/Blobasaur.Cli -c Release)" >&2; exit 2; }

TMP=$(mktemp -d /tmp/blobasaur-metrics.XXXXXX)
SERVER_PID="" PROM_PID=""
stop() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop "$PROM_PID"
    stop "$SERVER_PID"
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() {
    echo "check-metrics: FAILED: $*" >&2
    for log in "$TMP"/*.log; do [[ -f "$log" ]] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
    exit 1
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds or SECONDS pass.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || return 1; sleep 0.2; done
}

RESP_PORT=$(free_port) METRICS_PORT=$(free_port) PROM_PORT=$(free_port)
cat > "$TMP/config.toml" <<TOML
data_dir = "$TMP/data"
addr = "127.0.0.1:$RESP_PORT"
[metrics]
enabled = true
addr = "127.0.0.1:$METRICS_PORT"
TOML

echo "== server on 127.0.0.1:$RESP_PORT, metrics on 127.0.0.1:$METRICS_PORT"
"$BIN" serve --config "$TMP/config.toml" > "$TMP/server.log" 2>&1 &
SERVER_PID=$!
wait_for 60 curl -sf "http://127.0.0.1:$METRICS_PORT/health/ready" || fail "server not ready within 60 s"
curl -sf "http://127.0.0.1:$METRICS_PORT/health/live" >/dev/null || fail "/health/live"

for i in $(seq 1 $SETS); do redis-cli -p "$RESP_PORT" SET "check:$i" "value $i" >/dev/null; done
redis-cli -p "$RESP_PORT" GET check:1 >/dev/null
redis-cli -p "$RESP_PORT" HGET check:1 field >/dev/null   # WRONGTYPE: an error series
redis-cli -p "$RESP_PORT" NO-SUCH-COMMAND >/dev/null      # ERR

echo "== promtool check metrics"
curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$TMP/metrics.txt" || fail "GET /metrics"
promtool check metrics < "$TMP/metrics.txt" || fail "promtool check metrics found problems (above)"
grep -q "^blobasaur_commands_total{command=\"set\"} $SETS\$" "$TMP/metrics.txt" || fail "commands_total for set is not $SETS"
echo "promtool: $(grep -c '^# TYPE' "$TMP/metrics.txt") metric families, no problems"

echo "== prometheus on 127.0.0.1:$PROM_PORT scraping us every second"
cat > "$TMP/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: blobasaur
    static_configs:
      - targets: ['127.0.0.1:$METRICS_PORT']
YAML
promtool check config "$TMP/prometheus.yml" >/dev/null || fail "generated prometheus.yml is invalid"
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/tsdb" --web.listen-address="127.0.0.1:$PROM_PORT" \
    --storage.tsdb.retention.time=1h > "$TMP/prometheus.log" 2>&1 &
PROM_PID=$!
wait_for 60 curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" || fail "prometheus not ready within 60 s"

query() {
    curl -sf --get "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" |
        python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}
scraped_value_is() { [[ "$(query "$1")" == "$2" ]]; }
wait_for 60 scraped_value_is 'blobasaur_commands_total{command="set"}' "$SETS" ||
    fail "prometheus did not return blobasaur_commands_total{command=\"set\"} = $SETS (got '$(query 'blobasaur_commands_total{command="set"}')')"
echo "prometheus: blobasaur_commands_total{command=\"set\"} = $(query 'blobasaur_commands_total{command="set"}')"
wait_for 30 scraped_value_is 'up{job="blobasaur"}' 1 || fail "prometheus reports the target down"
health=$(curl -sf "http://127.0.0.1:$PROM_PORT/api/v1/targets" | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["data"]["activeTargets"][0]["health"])')
[[ "$health" == "up" ]] || fail "target health is '$health'"

# One more command must show up at a later scrape: the counter moves.
redis-cli -p "$RESP_PORT" SET check:extra x >/dev/null
wait_for 60 scraped_value_is 'blobasaur_commands_total{command="set"}' "$((SETS + 1))" || fail "the counter did not move in prometheus"
echo "check-metrics: OK"
