#!/usr/bin/env bash
# Client conformance checks: real Redis clients (redis-cli, redis-py, ioredis 6, node-redis 6) against a server.
#
#   tests/clients/run.sh                      build + start OUR server (Release), run all checks, stop it
#   TARGET=127.0.0.1:6379 tests/clients/run.sh   run against an already running server instead
#   STAGE=core tests/clients/run.sh           only the server-core checks (PING, ECHO, HELLO, INFO, COMMAND, CLIENT)
#   STAGE=cluster tests/clients/run.sh        only the cluster checks (tests/clients/cluster/run_cluster.sh: 3-node clusters
#                                             of our server via scripts/cluster-up.sh, driven by redis-cli -c,
#                                             redis-cli --cluster create/check, RedisCluster, ioredis Cluster,
#                                             node-redis createCluster, redis-benchmark --cluster)
#
# Environment:
#   TARGET=host:port   use a running server; nothing is built or started
#   STAGE=core|data|cluster|all  which checks (default all; data = SET/GET/DEL/EXISTS/HSET/HGET/HDEL/HEXISTS; all runs
#                      the cluster stage too, except with TARGET or SERVER_CMD, which name a single server)
#   CLIENTS="redis-cli redis-py ioredis node-redis"   subset of clients to run
#   SERVER_CMD='...'   command to start the server instead of our binary; evaluated by bash with $PORT and
#                      $DATA_DIR exported, e.g. SERVER_CMD='redis-server --port $PORT --bind 127.0.0.1 --save "" --appendonly no'
#   SERVER_BIN=path    our binary (default src/Blobasaur.Cli/bin/Release/net10.0/blobasaur, built unless SKIP_BUILD=1)
#   SKIP_INSTALL=1     do not install apt/npm dependencies      SKIP_BUILD=1  do not run dotnet build
#   CALL_TIMEOUT=s     per call timeout (default 5)     SCRIPT_TIMEOUT=s  per client script (default 60)
#   START_TIMEOUT=s    how long to wait for the started server to answer PING (default 60)
# Prints one PASS/FAIL line per check and finally "N passed, M failed"; exits 1 if anything failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STAGE=${STAGE:-all}
CLIENTS=${CLIENTS:-"redis-cli redis-py ioredis node-redis"}
SCRIPT_TIMEOUT=${SCRIPT_TIMEOUT:-60}
export DEADLINE=${DEADLINE:-$((SCRIPT_TIMEOUT - 10))}   # in-script deadline (python/node), below SCRIPT_TIMEOUT
START_TIMEOUT=${START_TIMEOUT:-60}
export CALL_TIMEOUT=${CALL_TIMEOUT:-5}
export STAGE
PY=/usr/bin/python3   # Debian's python: the only one that sees python3-redis

case "$STAGE" in core|data|cluster|all) ;; *) echo "run.sh: STAGE must be core, data, cluster or all (got '$STAGE')" >&2; exit 2 ;; esac
if [[ "$STAGE" == cluster && ( -n "${TARGET:-}" || -n "${SERVER_CMD:-}" ) ]]; then
    echo "run.sh: STAGE=cluster starts its own clusters of our server; it cannot use TARGET or SERVER_CMD" >&2; exit 2
fi

log() { echo "[clients] $*"; }

# ---------------------------------------------------------------- dependencies (idempotent, quiet)
install_deps() {
    local need_apt=()
    command -v redis-cli >/dev/null 2>&1 || need_apt+=(redis-tools)
    "$PY" -c 'import redis' >/dev/null 2>&1 || need_apt+=(python3-redis)
    if [[ -n "${SERVER_CMD:-}" && "$SERVER_CMD" == redis-server* ]] && ! command -v redis-server >/dev/null 2>&1; then
        need_apt+=(redis-server)
    fi
    if ((${#need_apt[@]})); then
        log "apt-get install ${need_apt[*]}"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1; then
            apt-get update -qq >/dev/null
            apt-get install -y -qq "${need_apt[@]}" >/dev/null
        fi
    fi
    # npm ci only when node_modules is missing or older than the committed lock file.
    local stamp="$HERE/node_modules/.package-lock.json"
    if [[ ! -f "$stamp" || "$HERE/package-lock.json" -nt "$stamp" || "$HERE/package.json" -nt "$stamp" ]]; then
        log "npm ci (ioredis, redis)"
        (cd "$HERE" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
}
if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then install_deps; fi

# ---------------------------------------------------------------- server under test
SERVER_PID=""
TMP_DIR=""
OUT=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$TMP_DIR" ]]; then rm -rf "$TMP_DIR"; fi
    if [[ -n "${OUT:-}" ]]; then rm -f "$OUT"; fi
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

BUILT_OURS=0
build_server() {
    BUILT_OURS=1
    SERVER_BIN=${SERVER_BIN:-"$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur"}
    export SERVER_BIN
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        log "dotnet build -c Release src/Blobasaur.Cli"
        (cd "$ROOT" && timeout 600 dotnet build -c Release src/Blobasaur.Cli -nologo -v quiet >"$TMP_DIR/build.log" 2>&1) || {
            tail -40 "$TMP_DIR/build.log"; echo "FAIL build: dotnet build failed"; echo "0 passed, 1 failed"; exit 1; }
    fi
}

if [[ "$STAGE" == cluster ]]; then
    TMP_DIR=$(mktemp -d /tmp/blobasaur-clients.XXXXXX)
    build_server
elif [[ -n "${TARGET:-}" ]]; then
    HOST=${TARGET%:*}
    PORT=${TARGET##*:}
    log "target: $HOST:$PORT (already running)"
    if [[ "$(timeout 5 redis-cli -h "$HOST" -p "$PORT" PING 2>&1)" != PONG ]]; then
        echo "FAIL server: $HOST:$PORT does not answer PING"
        echo "0 passed, 1 failed"
        exit 1
    fi
else
    TMP_DIR=$(mktemp -d /tmp/blobasaur-clients.XXXXXX)
    PORT=$(free_port)
    DATA_DIR="$TMP_DIR/data"
    export PORT DATA_DIR
    mkdir -p "$DATA_DIR"
    HOST=127.0.0.1
    if [[ -z "${SERVER_CMD:-}" ]]; then
        build_server
        SERVER_CMD='"$SERVER_BIN" serve --port "$PORT" --data-dir "$DATA_DIR"'
    fi
    log "starting: $SERVER_CMD (PORT=$PORT DATA_DIR=$DATA_DIR)"
    bash -c "exec $SERVER_CMD" >"$TMP_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    ok=0
    for _ in $(seq 1 $((START_TIMEOUT * 5))); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        if [[ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$PORT" PING 2>/dev/null)" == PONG ]]; then ok=1; break; fi
        sleep 0.2
    done
    if [[ $ok != 1 ]]; then
        echo "--- server log (last 40 lines) ---"; tail -40 "$TMP_DIR/server.log" || true
        echo "FAIL server: did not answer PING on 127.0.0.1:$PORT within ${START_TIMEOUT}s"
        echo "0 passed, 1 failed"
        exit 1
    fi
    log "server pid $SERVER_PID answers on 127.0.0.1:$PORT"
fi

# ---------------------------------------------------------------- checks
OUT=$(mktemp /tmp/blobasaur-clients-out.XXXXXX)

run_client() {
    local name=$1; shift
    log "== $name (STAGE=$STAGE)"
    local rc=0
    # Each script prints its own PASS/FAIL lines; a crash or timeout becomes one extra FAIL.
    timeout -k 5 "$SCRIPT_TIMEOUT" "$@" "$HOST" "$PORT" 2>&1 | tee -a "$OUT" || rc=$?
    if ((rc != 0)) && ! grep -aq "^FAIL $name:" "$OUT"; then
        echo "FAIL $name: script exited with status $rc without reporting a failed check" | tee -a "$OUT"
    fi
    if ((rc == 124 || rc == 137)); then
        echo "FAIL $name: script timed out after ${SCRIPT_TIMEOUT}s" | tee -a "$OUT"
    fi
}

for c in $CLIENTS; do
    [[ "$STAGE" == cluster ]] && break
    case "$c" in
        redis-cli)  run_client redis-cli bash "$HERE/check_redis_cli.sh" ;;
        redis-py)   run_client redis-py "$PY" "$HERE/check_redis_py.py" ;;
        ioredis)    run_client ioredis node "$HERE/check_ioredis.js" ;;
        node-redis) run_client node-redis node "$HERE/check_node_redis.js" ;;
        *) echo "FAIL $c: unknown client (known: redis-cli redis-py ioredis node-redis)" | tee -a "$OUT" ;;
    esac
done

if [[ -n "$SERVER_PID" ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "FAIL server: the server process died during the checks" | tee -a "$OUT"
    tail -40 "$TMP_DIR/server.log" || true
fi

# Cluster stage: its own clusters of our binary (nothing to do with the single server above, which stays up meanwhile).
if [[ "$STAGE" == cluster || ( "$STAGE" == all && "$BUILT_OURS" == 1 ) ]]; then
    log "== cluster stage (tests/clients/cluster/run_cluster.sh)"
    # Its checks print their own PASS/FAIL lines; a crash or timeout of the whole stage becomes one extra FAIL.
    rc=0
    timeout -k 10 "${CLUSTER_STAGE_TIMEOUT:-300}" bash "$HERE/cluster/run_cluster.sh" 2>&1 | tee -a "$OUT" || rc=$?
    if ((rc != 0)) && ! grep -aq '^FAIL .*cluster' "$OUT"; then
        echo "FAIL cluster: run_cluster.sh exited with status $rc without reporting a failed check" | tee -a "$OUT"
    fi
fi

passed=$(grep -ac '^PASS ' "$OUT" || true)
failed=$(grep -ac '^FAIL ' "$OUT" || true)
if ((failed > 0)); then
    echo "--- failed checks ---"
    grep -a '^FAIL ' "$OUT"
fi
echo "$passed passed, $failed failed"
((failed == 0))
