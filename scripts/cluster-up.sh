#!/usr/bin/env bash
# A local Blobasaur cluster: N nodes (default 3) of our server as processes on loopback, for tests, benchmarks and people
# without Docker. It is the same cluster as docker-compose.cluster.yml: the slots split as redis-cli --cluster create splits
# them (3 nodes: 0-5460, 5461-10922, 10923-16383), each node seeding from the others, one shared secret.
#
#   scripts/cluster-up.sh [up]      generate configs, start the nodes, wait until every node reports cluster_state:ok
#   scripts/cluster-up.sh fresh     start nodes WITHOUT slots and seeds (each alone), for `redis-cli --cluster create`
#   scripts/cluster-up.sh down      stop the nodes (SIGTERM, then SIGKILL after STOP_TIMEOUT) and delete the run directory
#   scripts/cluster-up.sh status    pid, port and cluster_state of each node
#   scripts/cluster-up.sh stop N | start N     stop (SIGTERM) or start again node N (1-based), keeping its data
#   scripts/cluster-up.sh kill N    SIGKILL node N (a crash), keeping its data
#
# Environment (defaults in brackets):
#   BASE_PORT      client port of node 1; node i listens on BASE_PORT+i-1 [7001]; "auto" picks free ports
#   NODES          number of nodes [3]
#   GOSSIP_OFFSET  gossip (cluster bus) port = client port + this [10000, as Redis]
#   HOST           address the nodes bind and advertise [127.0.0.1]
#   RUN_DIR        configs, data, logs and pid files [${TMPDIR:-/tmp}/blobasaur-cluster]
#   SECRET         cluster.secret shared by the nodes [32 random bytes in hex, kept in RUN_DIR/secret]
#   GOSSIP_INTERVAL_MS [500]   NODE_TIMEOUT_MS [5000]   NUM_SHARDS per node [2]   LOG_LEVEL [warning]
#   WAIT_TIMEOUT   seconds to wait for PING and for cluster_state:ok [90]      STOP_TIMEOUT  seconds [15]
#   SERVER_BIN  our binary [src/Blobasaur.Cli/bin/Release/net10.0/blobasaur], built first unless SKIP_BUILD=1
#   KEEP_DATA=1    `up`/`fresh` reuse RUN_DIR's data instead of starting empty (with the same BASE_PORT: the nodes
#                  persist each other's addresses and their slots); `down` keeps RUN_DIR
# After `up`/`fresh`, RUN_DIR/cluster.env holds CLUSTER_HOST, CLUSTER_PORTS, CLUSTER_GOSSIP_PORTS and CLUSTER_RUN_DIR
# (source it from other scripts). Exit status: 0 on success, 1 when a node did not start or the cluster did not converge
# (the nodes are then left running for inspection; `down` stops them).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ACTION=${1:-up}
BASE_PORT=${BASE_PORT:-7001}
NODES=${NODES:-3}
GOSSIP_OFFSET=${GOSSIP_OFFSET:-10000}
HOST=${HOST:-127.0.0.1}
RUN_DIR=${RUN_DIR:-${TMPDIR:-/tmp}/blobasaur-cluster}
GOSSIP_INTERVAL_MS=${GOSSIP_INTERVAL_MS:-500}
NODE_TIMEOUT_MS=${NODE_TIMEOUT_MS:-5000}
NUM_SHARDS=${NUM_SHARDS:-2}
LOG_LEVEL=${LOG_LEVEL:-warning}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-90}
STOP_TIMEOUT=${STOP_TIMEOUT:-15}
USER_BIN=${SERVER_BIN:-}
SERVER_BIN=${SERVER_BIN:-"$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur"}
PY=/usr/bin/python3

log() { echo "[cluster-up] $*" >&2; }
die() { echo "cluster-up.sh: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }

[[ "$NODES" =~ ^[1-9][0-9]*$ ]] && ((NODES <= 100)) || die "NODES must be from 1 to 100 (got '$NODES')"
for v in GOSSIP_OFFSET GOSSIP_INTERVAL_MS NODE_TIMEOUT_MS NUM_SHARDS WAIT_TIMEOUT STOP_TIMEOUT; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
command -v redis-cli >/dev/null 2>&1 || die "redis-cli not found: apt-get install -y redis-tools"

cli() { timeout 5 redis-cli -h "$HOST" -p "$1" "${@:2}" 2>/dev/null; }

# ---------------------------------------------------------------- ports
# Node i (1-based) of the current run: client port and gossip port. The ports of a running cluster come from cluster.env.
load_env() {
    [[ -f "$RUN_DIR/cluster.env" ]] || return 1
    . "$RUN_DIR/cluster.env"
    GOSSIP_OFFSET=$CLUSTER_GOSSIP_OFFSET HOST=$CLUSTER_HOST
    SERVER_BIN=${USER_BIN:-$CLUSTER_BIN}   # `start N` runs the binary the cluster was started with
}
client_port() { local ports; read -r -a ports <<<"$CLUSTER_PORTS"; echo "${ports[$(($1 - 1))]}"; }
gossip_port() { echo $(($(client_port "$1") + GOSSIP_OFFSET)); }

# True when a TCP and a UDP socket can both be bound on HOST:port (the client port needs TCP, the gossip port UDP;
# both are checked for both so the ports stay usable whichever way a later version uses them).
port_free() {
    "$PY" - "$HOST" "$1" <<'PYEOF' 2>/dev/null
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, kind)
    try:
        s.bind((host, port))
    finally:
        s.close()
PYEOF
}

pick_base_port() {
    local tries base i ok
    for tries in $(seq 1 200); do
        base=$((20000 + RANDOM % (65535 - GOSSIP_OFFSET - 20000 - NODES)))
        ok=1
        for i in $(seq 0 $((NODES - 1))); do
            port_free $((base + i)) && port_free $((base + i + GOSSIP_OFFSET)) || { ok=0; break; }
        done
        ((ok)) && { echo "$base"; return 0; }
    done
    die "could not find $NODES free client ports with free gossip ports (+$GOSSIP_OFFSET)"
}

# ---------------------------------------------------------------- slots
# The split redis-cli --cluster create makes: node i gets round(i*16384/N) .. round((i+1)*16384/N - 1), the last up to 16383.
slot_range() {
    awk -v n="$NODES" -v i="$(($1 - 1))" 'BEGIN {
        per = 16384 / n; first = 0; cursor = 0
        for (k = 0; k <= i; k++) {
            last = int(cursor + per - 1 + 0.5)
            if (last > 16383 || k == n - 1) last = 16383
            if (k == i) { printf "%d %d\n", first, last; exit }
            first = last + 1; cursor += per
        }
    }'
}

# ---------------------------------------------------------------- config files
toml_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

write_config() {
    local i=$1 mode=$2
    local dir="$RUN_DIR/node$i"
    local port gport seeds="" j
    port=$(client_port "$i")
    gport=$(gossip_port "$i")
    if [[ $mode == up ]]; then
        for j in $(seq 1 "$NODES"); do
            ((j == i)) && continue
            seeds+="${seeds:+, }\"$HOST:$(gossip_port "$j")\""
        done
    fi
    local addr=$HOST
    [[ $HOST == *:* ]] && addr="[$HOST]"
    mkdir -p "$dir/data"
    (
        umask 077   # the file holds the secret
        {
            echo "# Generated by scripts/cluster-up.sh ($mode) for node $i of $NODES. Regenerated by every 'up' and 'fresh'."
            echo "data_dir = $(toml_string "$dir/data")"
            echo "addr = \"$addr:$port\""
            echo "num_shards = $NUM_SHARDS"
            echo
            echo "[logging]"
            echo "level = \"$LOG_LEVEL\""
            echo
            echo "[cluster]"
            echo "enabled = true"
            echo "node_id = \"node-$i\""
            echo "port = $gport"
            echo "advertise_addr = \"$addr:$port\""
            echo "seeds = [$seeds]"
            echo "gossip_interval_ms = $GOSSIP_INTERVAL_MS"
            echo "node_timeout_ms = $NODE_TIMEOUT_MS"
            echo "secret = $(toml_string "$SECRET")"
            if [[ $mode == up ]]; then
                local range
                read -r -a range <<<"$(slot_range "$i")"
                echo
                echo "[[cluster.slot_ranges]]"
                echo "start = ${range[0]}"
                echo "end = ${range[1]}"
            fi
        } >"$dir/config.toml"
    )
}

# ---------------------------------------------------------------- processes
node_pid() { local f="$RUN_DIR/node$1/pid"; [[ -f $f ]] && cat "$f"; }
node_alive() { local pid; pid=$(node_pid "$1") && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

start_node() {
    local i=$1
    local dir="$RUN_DIR/node$i"
    [[ -f "$dir/config.toml" ]] || die "node $i has no config ($dir/config.toml): run 'up' or 'fresh' first"
    node_alive "$i" && die "node $i is already running (pid $(node_pid "$i"))"
    # setsid: the node outlives this script and is not hit by the terminal's Ctrl-C; `down` stops it.
    (cd "$dir" && exec setsid "$SERVER_BIN" serve --config "$dir/config.toml" >>"$dir/server.log" 2>&1 </dev/null) &
    echo $! >"$dir/pid"
}

wait_ping() {
    local i=$1 port deadline=$((SECONDS + WAIT_TIMEOUT))
    port=$(client_port "$i")
    while ((SECONDS < deadline)); do
        node_alive "$i" || { tail -20 "$RUN_DIR/node$i/server.log" >&2; die "node $i exited during startup (log: $RUN_DIR/node$i/server.log)"; }
        [[ "$(cli "$port" PING)" == PONG ]] && return 0
        sleep 0.2
    done
    die "node $i did not answer PING on $HOST:$port within ${WAIT_TIMEOUT}s (log: $RUN_DIR/node$i/server.log)"
}

stop_node() {
    local i=$1 signal=${2:-TERM} pid
    pid=$(node_pid "$i") || return 0
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || { rm -f "$RUN_DIR/node$i/pid"; return 0; }
    kill "-$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        log "node $i (pid $pid) still running after ${STOP_TIMEOUT}s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
    fi
    rm -f "$RUN_DIR/node$i/pid"
}

cluster_state() { cli "$1" CLUSTER INFO | tr -d '\r' | sed -n 's/^cluster_state://p'; }

wait_ok() {
    local deadline=$((SECONDS + WAIT_TIMEOUT)) i states
    while ((SECONDS < deadline)); do
        states=""
        for i in $(seq 1 "$NODES"); do states+="$(cluster_state "$(client_port "$i")") "; done
        [[ "$states" =~ ^(ok )+$ ]] && return 0
        sleep 0.3
    done
    for i in $(seq 1 "$NODES"); do
        log "node $i ($HOST:$(client_port "$i")): cluster_state:$(cluster_state "$(client_port "$i")")"
        log "  log tail: $(tail -3 "$RUN_DIR/node$i/server.log" 2>/dev/null | tr '\n' ' ')"
    done
    echo "cluster-up.sh: the cluster did not reach cluster_state:ok on every node within ${WAIT_TIMEOUT}s;" \
        "the nodes are still running: 'RUN_DIR=$RUN_DIR $0 down' stops them" >&2
    exit 1
}

build() {
    [[ "${SKIP_BUILD:-0}" == 1 ]] && return 0
    log "dotnet build -c Release src/Blobasaur.Cli"
    mkdir -p "$RUN_DIR"
    (cd "$ROOT" && timeout 600 dotnet build -c Release src/Blobasaur.Cli -nologo -v quiet >"$RUN_DIR/build.log" 2>&1) ||
        { tail -40 "$RUN_DIR/build.log" >&2; die "dotnet build failed"; }
}

# ---------------------------------------------------------------- actions
up() {
    local mode=$1 i host=$HOST offset=$GOSSIP_OFFSET bin=$SERVER_BIN
    if load_env; then
        for i in $(seq 1 "${CLUSTER_NODES:-0}"); do
            node_alive "$i" && die "a cluster is already running in $RUN_DIR (node $i, pid $(node_pid "$i")): run '$0 down' first"
        done
    fi
    HOST=$host GOSSIP_OFFSET=$offset SERVER_BIN=$bin
    build
    [[ -x "$SERVER_BIN" ]] || die "$SERVER_BIN not found or not executable (build it, or set SERVER_BIN)"
    [[ "${KEEP_DATA:-0}" == 1 ]] || rm -rf "$RUN_DIR"
    mkdir -p "$RUN_DIR"
    chmod 700 "$RUN_DIR"

    if [[ "$BASE_PORT" == auto ]]; then BASE_PORT=$(pick_base_port); fi
    [[ "$BASE_PORT" =~ ^[0-9]+$ ]] && ((BASE_PORT >= 1 && BASE_PORT + NODES - 1 + GOSSIP_OFFSET <= 65535)) ||
        die "BASE_PORT must be a port such that BASE_PORT+NODES-1+GOSSIP_OFFSET <= 65535, or auto (got '$BASE_PORT')"
    CLUSTER_PORTS=""
    for i in $(seq 0 $((NODES - 1))); do
        local p=$((BASE_PORT + i))
        port_free "$p" || die "port $HOST:$p is in use (set BASE_PORT, or BASE_PORT=auto)"
        port_free $((p + GOSSIP_OFFSET)) || die "gossip port $HOST:$((p + GOSSIP_OFFSET)) is in use (set BASE_PORT or GOSSIP_OFFSET)"
        CLUSTER_PORTS+="${CLUSTER_PORTS:+ }$p"
    done

    if [[ -z "${SECRET:-}" ]]; then
        if [[ -s "$RUN_DIR/secret" ]]; then SECRET=$(cat "$RUN_DIR/secret"); else SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n'); fi
    fi
    (umask 077; printf '%s\n' "$SECRET" >"$RUN_DIR/secret")

    local gports=""
    for i in $(seq 1 "$NODES"); do write_config "$i" "$mode"; gports+="${gports:+ }$(gossip_port "$i")"; done
    cat >"$RUN_DIR/cluster.env" <<EOF
CLUSTER_HOST=$HOST
CLUSTER_NODES=$NODES
CLUSTER_PORTS="$CLUSTER_PORTS"
CLUSTER_GOSSIP_PORTS="$gports"
CLUSTER_GOSSIP_OFFSET=$GOSSIP_OFFSET
CLUSTER_RUN_DIR=$RUN_DIR
CLUSTER_MODE=$mode
CLUSTER_BIN=$(printf '%q' "$SERVER_BIN")
EOF

    for i in $(seq 1 "$NODES"); do start_node "$i"; done
    for i in $(seq 1 "$NODES"); do wait_ping "$i"; done
    if [[ $mode == up ]]; then
        log "$NODES nodes answer PING; waiting for cluster_state:ok on every node (at most ${WAIT_TIMEOUT}s)"
        wait_ok
    fi

    local first
    first=$(client_port 1)
    echo "Blobasaur cluster of $NODES nodes ($mode) in $RUN_DIR"
    for i in $(seq 1 "$NODES"); do
        local slots="no slots"
        if [[ $mode == up ]]; then slots="slots $(slot_range "$i" | tr ' ' '-')"; fi
        echo "  node $i: $HOST:$(client_port "$i") (gossip $HOST:$(gossip_port "$i")), pid $(node_pid "$i"), $slots, log $RUN_DIR/node$i/server.log"
    done
    if [[ $mode == up ]]; then
        echo "Every node reports cluster_state:ok. Connect with:"
        echo "  redis-cli -c -h $HOST -p $first"
    else
        local endpoints=""
        for i in $(seq 1 "$NODES"); do endpoints+=" $HOST:$(client_port "$i")"; done
        echo "The nodes are alone and own no slots. Create the cluster with:"
        echo "  redis-cli --cluster create$endpoints --cluster-yes"
        echo "  redis-cli --cluster check $HOST:$first"
    fi
    echo "Secret: $RUN_DIR/secret. Stop with: RUN_DIR=$RUN_DIR $0 down"
}

down() {
    local i any=0
    if load_env; then
        for i in $(seq 1 "${CLUSTER_NODES:-0}"); do
            if node_alive "$i"; then any=1; fi
            stop_node "$i" TERM
        done
    fi
    if [[ "${KEEP_DATA:-0}" == 1 ]]; then
        log "stopped; data kept in $RUN_DIR"
    elif [[ -d "$RUN_DIR" ]]; then
        rm -rf "$RUN_DIR"
        ((any)) && log "stopped and removed $RUN_DIR" || log "removed $RUN_DIR"
    else
        log "nothing to stop in $RUN_DIR"
    fi
}

status() {
    load_env || die "no cluster in $RUN_DIR (no cluster.env)"
    local i port
    for i in $(seq 1 "$CLUSTER_NODES"); do
        port=$(client_port "$i")
        if node_alive "$i"; then
            echo "node $i: $HOST:$port pid $(node_pid "$i") cluster_state:$(cluster_state "$port")"
        else
            echo "node $i: $HOST:$port not running"
        fi
    done
}

node_arg() {
    [[ "${1:-}" =~ ^[0-9]+$ ]] || die "$ACTION needs a node number"
    load_env || die "no cluster in $RUN_DIR (no cluster.env)"
    (($1 >= 1 && $1 <= CLUSTER_NODES)) || die "node must be from 1 to $CLUSTER_NODES"
}

case "$ACTION" in
    up) up up ;;
    fresh) up fresh ;;
    down) down ;;
    status) status ;;
    stop) node_arg "${2:-}"; stop_node "$2" TERM ;;
    kill) node_arg "${2:-}"; stop_node "$2" KILL ;;
    start) node_arg "${2:-}"; [[ -x "$SERVER_BIN" ]] || die "$SERVER_BIN not found"; start_node "$2"; wait_ping "$2"
        echo "node $2 answers on $HOST:$(client_port "$2")" ;;
    -h|--help|help) usage ;;
    *) echo "cluster-up.sh: unknown action '$ACTION'" >&2; usage ;;
esac
