#!/usr/bin/env bash
# Cluster load benchmark: `redis-benchmark --cluster` against a 3-node cluster of OUR server (scripts/cluster-up.sh) and
# a 3-node cluster of Debian's redis-server (made with `redis-cli --cluster create`), same machine, same run, alternating.
# Prints req/s medians and the ratio ours/redis per test. See bench/load/README.md.
#
# Environment (defaults in brackets):
#   TESTS        redis-benchmark -t list [set,get]          CLIENTS  -c [50]      PIPELINE  -P [1]
#   SIZE         value size -d in bytes [100]                REQUESTS -n per run [100000]
#   KEYSPACE     -r [100000]                                 ROUNDS   rounds, medians reported [3]
#   BENCH_THREADS  redis-benchmark --threads [unset]         BENCH_TIMEOUT  seconds per run [180]
#   REDIS_PERSIST  none | aof-everysec [aof-everysec]: Redis with --appendonly yes --appendfsync everysec, the closest
#                  Redis setting to our durable (sync) writes, as in compare.sh's storage runs
#   OURS_ASYNC   1: our nodes with BLOBASAUR_ASYNC_WRITE=true [0]
#   GOSSIP_INTERVAL_MS  our gossip interval [1000: the default]    NUM_SHARDS  per node of ours [4: the default]
#   SKIP_BUILD=1 do not build our binary first;  SERVER_BIN  our binary [src/Blobasaur.Cli/bin/Release/net10.0/blobasaur]
#   RESULTS_FILE also write the markdown report there [unset]
# Everything listens on 127.0.0.1 only; both clusters and the temp dir are removed on exit (Ctrl-C too).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
UP="$ROOT/scripts/cluster-up.sh"

TESTS=${TESTS:-set,get}
CLIENTS=${CLIENTS:-50}
PIPELINE=${PIPELINE:-1}
SIZE=${SIZE:-100}
REQUESTS=${REQUESTS:-100000}
KEYSPACE=${KEYSPACE:-100000}
ROUNDS=${ROUNDS:-3}
BENCH_THREADS=${BENCH_THREADS:-}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-180}
REDIS_PERSIST=${REDIS_PERSIST:-aof-everysec}
OURS_ASYNC=${OURS_ASYNC:-0}
GOSSIP_INTERVAL_MS=${GOSSIP_INTERVAL_MS:-1000}
NUM_SHARDS=${NUM_SHARDS:-4}
RESULTS_FILE=${RESULTS_FILE:-}
SERVER_BIN=${SERVER_BIN:-"$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur"}

die() { echo "cluster-compare.sh: $*" >&2; exit 1; }
log() { echo "[bench] $*" >&2; }

case "$REDIS_PERSIST" in
    none) REDIS_PERSIST_ARGS=(--save '' --appendonly no) ;;
    aof-everysec) REDIS_PERSIST_ARGS=(--save '' --appendonly yes --appendfsync everysec) ;;
    *) die "REDIS_PERSIST must be none or aof-everysec (got '$REDIS_PERSIST')" ;;
esac
case "$OURS_ASYNC" in 1|true|TRUE|yes) OURS_ASYNC=true ;; *) OURS_ASYNC=false ;; esac
for v in CLIENTS PIPELINE SIZE REQUESTS KEYSPACE ROUNDS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
for tool in redis-server redis-benchmark redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found: apt-get install -y redis-server redis-tools"
done

TMP=$(mktemp -d /tmp/blobasaur-cluster-bench.XXXXXX)
REDIS_PIDS=()
cleanup() {
    RUN_DIR="$TMP/ours" "$UP" down >/dev/null 2>&1 || true
    local pid
    for pid in "${REDIS_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${REDIS_PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- our cluster
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "dotnet build -c Release src/Blobasaur.Cli"
    (cd "$ROOT" && timeout 600 dotnet build -c Release src/Blobasaur.Cli -nologo -v quiet >"$TMP/build.log" 2>&1) ||
        { tail -40 "$TMP/build.log" >&2; die "dotnet build failed"; }
fi
log "starting our 3-node cluster (scripts/cluster-up.sh, BLOBASAUR_ASYNC_WRITE=$OURS_ASYNC)"
BLOBASAUR_ASYNC_WRITE=$OURS_ASYNC SKIP_BUILD=1 SERVER_BIN=$SERVER_BIN RUN_DIR="$TMP/ours" BASE_PORT=auto \
    GOSSIP_INTERVAL_MS=$GOSSIP_INTERVAL_MS NUM_SHARDS=$NUM_SHARDS LOG_LEVEL=warning "$UP" up >"$TMP/ours-up.log" 2>&1 ||
    { cat "$TMP/ours-up.log" >&2; die "our cluster did not start"; }
. "$TMP/ours/cluster.env"
read -r -a OURS_PORTS <<<"$CLUSTER_PORTS"
OURS_PIDS=()
for n in 1 2 3; do OURS_PIDS+=("$(cat "$TMP/ours/node$n/pid")"); done

# ---------------------------------------------------------------- redis cluster
free_base() {
    "$PY" - <<'PYEOF'
import random, socket
for _ in range(500):
    base = random.randint(20000, 55000 - 10003)
    ok = True
    for p in [base + i for i in range(3)] + [base + 10000 + i for i in range(3)]:
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            ok = False
        finally:
            s.close()
    if ok:
        print(base)
        break
PYEOF
}
base=$(free_base)
[[ -n "$base" ]] || die "no free ports for the redis cluster"
REDIS_PORTS=("$base" $((base + 1)) $((base + 2)))
for p in "${REDIS_PORTS[@]}"; do
    for o in "${OURS_PORTS[@]}"; do [[ $p != "$o" ]] || die "port clash with our cluster; run again"; done
    mkdir -p "$TMP/redis-$p"
    redis-server --port "$p" --bind 127.0.0.1 --protected-mode yes --dir "$TMP/redis-$p" --cluster-enabled yes \
        --cluster-config-file nodes.conf --cluster-node-timeout 15000 "${REDIS_PERSIST_ARGS[@]}" \
        >"$TMP/redis-$p.log" 2>&1 &
    REDIS_PIDS+=($!)
done
for p in "${REDIS_PORTS[@]}"; do
    for _ in $(seq 1 100); do [[ "$(timeout 2 redis-cli -p "$p" PING 2>/dev/null)" == PONG ]] && break; sleep 0.1; done
done
log "redis-cli --cluster create on 127.0.0.1:${REDIS_PORTS[*]} (persistence: $REDIS_PERSIST)"
timeout 60 redis-cli --cluster create "${REDIS_PORTS[@]/#/127.0.0.1:}" --cluster-yes >"$TMP/redis-create.log" 2>&1 ||
    { cat "$TMP/redis-create.log" >&2; die "redis-cli --cluster create failed"; }
for _ in $(seq 1 300); do
    ok=1
    for p in "${REDIS_PORTS[@]}"; do
        timeout 2 redis-cli -p "$p" CLUSTER INFO 2>/dev/null | grep -q '^cluster_state:ok' || ok=0
    done
    ((ok)) && break
    sleep 0.1
done
((ok)) || die "the redis cluster did not reach cluster_state:ok"

# ---------------------------------------------------------------- benchmark, alternating
RES="$TMP/results.tsv"
: >"$RES"
IFS=',' read -r -a TEST_LIST <<<"$TESTS"
# run_one PORT TEST -> req/s or n/a
run_one() {
    local args=(--cluster -h 127.0.0.1 -p "$1" -t "$2" -c "$CLIENTS" -n "$REQUESTS" -P "$PIPELINE" -d "$SIZE" -r "$KEYSPACE" --csv -q)
    [[ -n "$BENCH_THREADS" ]] && args+=(--threads "$BENCH_THREADS")
    local out rps
    out=$(timeout -k 5 "$BENCH_TIMEOUT" redis-benchmark "${args[@]}" 2>"$TMP/bench.err") || true
    rps=$(grep -E '^"[A-Z]' <<<"$out" | grep -v '^"test"' | tail -1 | cut -d, -f2 | tr -d '"')
    if [[ "$rps" =~ ^[0-9.]+$ ]]; then echo "$rps"; else
        log "redis-benchmark failed on port $1 ($2): $(head -c 300 "$TMP/bench.err" | tr '\n' ' ') $(head -c 200 <<<"$out" | tr '\n' ' ')"
        echo n/a
    fi
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START_S=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2 == 1)); then order="ours redis"; else order="redis ours"; fi
    for test in "${TEST_LIST[@]}"; do
        for side in $order; do
            if [[ $side == ours ]]; then
                port=${OURS_PORTS[0]}
                for pid in "${OURS_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "a node of our cluster died"; done
            else
                port=${REDIS_PORTS[0]}
            fi
            rps=$(run_one "$port" "$test")
            printf '%s\t%s\t%s\t%s\n' "$test" "$side" "$round" "$rps" >>"$RES"
            log "round $round/$ROUNDS $test $side: $rps req/s"
        done
    done
done
BENCH_S=$((SECONDS - START_S))

states=""
for p in "${OURS_PORTS[@]}"; do states+="$(timeout 2 redis-cli -p "$p" CLUSTER INFO | tr -d '\r' | sed -n 's/^cluster_state://p') "; done

REPORT="$TMP/report.md"
{
    echo "### 3-node cluster: Blobasaur vs redis-server $(redis-server --version | awk '{print $3}' | sed 's/v=//') (redis-benchmark --cluster)"
    echo
    echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), kernel $(uname -r); all 6 servers and the benchmark on the same machine"
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); redis-benchmark --cluster -t $TESTS -n $REQUESTS -c $CLIENTS -P $PIPELINE -d $SIZE -r $KEYSPACE${BENCH_THREADS:+ --threads $BENCH_THREADS}; $ROUNDS rounds, alternating, medians"
    echo "- ours: scripts/cluster-up.sh (slots 0-5460 / 5461-10922 / 10923-16383, num_shards $NUM_SHARDS, gossip every ${GOSSIP_INTERVAL_MS} ms, async_write $OURS_ASYNC); redis: cluster-enabled, persistence $REDIS_PERSIST"
    echo "- benchmark time ${BENCH_S}s; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); our cluster_state after: ${states% }"
    echo
    "$PY" - "$RES" <<'PYEOF'
import statistics
import sys

rows, order = {}, []
for line in open(sys.argv[1]):
    test, side, _round, rps = line.rstrip("\n").split("\t")
    if test not in rows:
        rows[test] = {"ours": [], "redis": []}
        order.append(test)
    if rps != "n/a":
        rows[test][side].append(float(rps))

fmt = lambda v: "n/a" if v is None else "{:,.0f}".format(v)
med = lambda v: statistics.median(v) if v else None
noisy = lambda v: len(v) > 1 and min(v) > 0 and max(v) / min(v) > 1.25
print("| test | ours req/s | redis req/s | ours/redis | ours per round | redis per round |")
print("|---|---:|---:|---:|---|---|")
for test in order:
    o, r = med(rows[test]["ours"]), med(rows[test]["redis"])
    ratio = "n/a" if o is None or not r else "{:.2f}".format(o / r)
    if noisy(rows[test]["ours"]) or noisy(rows[test]["redis"]):
        ratio += " (noisy)"
    print("| %s | %s | %s | %s | %s | %s |" % (test.upper(), fmt(o), fmt(r), ratio,
          ", ".join(fmt(x) for x in rows[test]["ours"]) or "n/a", ", ".join(fmt(x) for x in rows[test]["redis"]) or "n/a"))
PYEOF
} >"$REPORT"

cat "$REPORT"
if [[ -n "$RESULTS_FILE" ]]; then cp "$REPORT" "$RESULTS_FILE"; log "report written to $RESULTS_FILE"; fi
if grep -q 'n/a' "$RES"; then log "some runs failed (n/a above)"; exit 1; fi
