#!/usr/bin/env bash
# Cluster stage of tests/clients/run.sh: real cluster clients against clusters of OUR server on loopback.
#   1. a 3-node cluster from config files (scripts/cluster-up.sh up): redis-cli -c, redis-py RedisCluster, ioredis Cluster,
#      node-redis createCluster, redis-benchmark --cluster, redis-cli --cluster check;
#   2. 3 FRESH nodes (scripts/cluster-up.sh fresh) joined by `redis-cli --cluster create --cluster-yes`, then
#      `redis-cli --cluster check` must print "[OK] All 16384 slots covered." and redis-cli -c must work across slots.
#
# Usage: run_cluster.sh            (called by run.sh with STAGE=cluster or all; standalone works too)
# Environment: SERVER_BIN (our binary, required: run.sh builds it), CLIENTS (subset, as run.sh), SCRIPT_TIMEOUT,
#   CALL_TIMEOUT, CLUSTER_WAIT (s to reach cluster_state:ok, default 90).
# Prints one PASS/FAIL line per check; exits 1 if any failed. Both clusters are stopped on exit.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLIENTS_DIR=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
UP="$ROOT/scripts/cluster-up.sh"
PY=/usr/bin/python3
CLIENTS=${CLIENTS:-"redis-cli redis-py ioredis node-redis"}
SCRIPT_TIMEOUT=${SCRIPT_TIMEOUT:-60}
export CALL_TIMEOUT=${CALL_TIMEOUT:-5}
export DEADLINE=${DEADLINE:-$((SCRIPT_TIMEOUT - 10))}
CLUSTER_WAIT=${CLUSTER_WAIT:-90}
: "${SERVER_BIN:?SERVER_BIN must name our built binary (tests/clients/run.sh sets it)}"

log() { echo "[cluster] $*"; }
failures=0
pass() { echo "PASS cluster: $1"; }
fail() { failures=$((failures + 1)); echo "FAIL cluster: $1: $(printf '%s' "$2" | tr '\n' ' ' | head -c 400)"; }

WORK=$(mktemp -d /tmp/blobasaur-cluster-clients.XXXXXX)
RUN_CONFIG="$WORK/config" RUN_FRESH="$WORK/fresh"
cleanup() {
    RUN_DIR=$RUN_CONFIG "$UP" down >/dev/null 2>&1 || true
    RUN_DIR=$RUN_FRESH "$UP" down >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

want() { [[ " $CLIENTS " == *" $1 "* ]]; }

# start_cluster MODE RUN_DIR: prints the node log tails and fails the stage when the cluster does not come up.
start_cluster() {
    local mode=$1 dir=$2
    if SKIP_BUILD=1 SERVER_BIN=$SERVER_BIN RUN_DIR=$dir BASE_PORT=auto GOSSIP_INTERVAL_MS=200 NODE_TIMEOUT_MS=5000 \
        WAIT_TIMEOUT=$CLUSTER_WAIT "$UP" "$mode" >"$WORK/up-$mode.log" 2>&1; then
        pass "scripts/cluster-up.sh $mode: 3 nodes started$([[ $mode == up ]] && echo ', every node reports cluster_state:ok')"
        return 0
    fi
    fail "scripts/cluster-up.sh $mode" "$(tail -15 "$WORK/up-$mode.log")"
    for n in 1 2 3; do
        [[ -f "$dir/node$n/server.log" ]] && { echo "--- node $n log (last 15 lines)"; tail -15 "$dir/node$n/server.log"; }
    done
    return 1
}

# run_script NAME CMD...: the check script gets HOST and the comma-separated client ports; a crash or timeout is a FAIL.
run_script() {
    local name=$1; shift
    log "== $name"
    local out="$WORK/$name.out" rc=0
    timeout -k 5 "$SCRIPT_TIMEOUT" "$@" "$CLUSTER_HOST" "${CLUSTER_PORTS// /,}" >"$out" 2>&1 || rc=$?
    cat "$out"
    if ((rc != 0)) && ! grep -aq '^FAIL ' "$out"; then
        fail "$name" "script exited with status $rc without reporting a failed check$( ((rc == 124 || rc == 137)) && echo " (timed out after ${SCRIPT_TIMEOUT}s)")"
    fi
    if grep -aq '^FAIL ' "$out"; then failures=$((failures + $(grep -ac '^FAIL ' "$out"))); fi
}

# ---------------------------------------------------------------- 1. cluster from config files
log "starting a 3-node cluster from config files (scripts/cluster-up.sh up)"
if start_cluster up "$RUN_CONFIG"; then
    . "$RUN_CONFIG/cluster.env"
    want redis-cli && run_script redis-cli-cluster bash "$HERE/check_redis_cli.sh"
    want redis-py && run_script redis-py-cluster "$PY" "$HERE/check_redis_py.py"
    want ioredis && run_script ioredis-cluster node "$HERE/check_ioredis.js"
    want node-redis && run_script node-redis-cluster node "$HERE/check_node_redis.js"
    for n in 1 2 3; do
        kill -0 "$(cat "$RUN_CONFIG/node$n/pid" 2>/dev/null)" 2>/dev/null || fail "node $n" "died during the checks: $(tail -5 "$RUN_CONFIG/node$n/server.log" | tr '\n' ' ')"
    done
    RUN_DIR=$RUN_CONFIG "$UP" down >/dev/null 2>&1
fi

# ---------------------------------------------------------------- 2. redis-cli --cluster create of fresh nodes
if want redis-cli; then
    log "starting 3 fresh nodes (scripts/cluster-up.sh fresh) for redis-cli --cluster create"
    if start_cluster fresh "$RUN_FRESH"; then
        . "$RUN_FRESH/cluster.env"
        run_script redis-cli-cluster-create bash "$HERE/check_cluster_create.sh"
        RUN_DIR=$RUN_FRESH "$UP" down >/dev/null 2>&1
    fi
fi

echo "cluster stage: $failures failed"
((failures == 0))
