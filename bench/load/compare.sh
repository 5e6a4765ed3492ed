#!/usr/bin/env bash
# Side-by-side load benchmark: our server vs Debian's redis-server, same machine, same run, alternating.
# See bench/load/README.md. Quick start:   bench/load/compare.sh
#
# Environment (defaults in brackets):
#   TESTS       comma list [ping_inline,ping_mbulk]. redis-benchmark -t names (ping_inline, ping_mbulk, set, get,
#               hset, incr, mset, ...) plus two custom ones: echo (ECHO <value size bytes>) and hget
#               (HGET myhash element:__rand_int__, the hash that hset fills). Put set before get, hset before hget.
#   CLIENTS     redis-benchmark -c [50]            PIPELINES  -P values, space separated ["1 16"]
#   SIZES       value sizes -d in bytes ["3"]      REQUESTS   -n per run with -P 1 [200000]
#   REQUESTS_PIPELINED  -n per run with -P > 1 [same as REQUESTS]; raise it for short pipelined runs
#   KEYSPACE    -r (random keys) [unset: no -r]    ROUNDS     rounds, medians are reported [3]
#   BENCH_THREADS  redis-benchmark --threads [unset]   BENCH_TIMEOUT  seconds per redis-benchmark run [180]
#   REDIS_PERSIST  none | aof-everysec [none]      (aof-everysec: --appendonly yes --appendfsync everysec)
#   OURS_ASYNC  1/true: start ours with BLOBASAUR_ASYNC_WRITE=true [0]
#   OURS_CONFIG config file passed to ours as --config [none]
#   OURS_CMD    command that starts "ours" instead of our Release binary; evaluated by bash with $PORT and
#               $DATA_DIR exported. Example (redis standing in for ours):
#               OURS_CMD='redis-server --port $PORT --bind 127.0.0.1 --save "" --appendonly no --dir $DATA_DIR'
#   OURS_BIN    our binary [src/Blobasaur.Cli/bin/Release/net10.0/blobasaur]; SKIP_BUILD=1 to not build it
#   MEMORY      1: measure RSS idle / with IDLE_CONNS idle connections / after the benchmark [1]
#   IDLE_CONNS  [1000]                             START_TIMEOUT  seconds to wait for PING [60]
#   RESULTS_FILE  also write the markdown report to this file [unset]
# Everything listens on 127.0.0.1 only; both servers and the temp dir are removed on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3

TESTS=${TESTS:-ping_inline,ping_mbulk}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-"1 16"}
SIZES=${SIZES:-3}
REQUESTS=${REQUESTS:-200000}
REQUESTS_PIPELINED=${REQUESTS_PIPELINED:-$REQUESTS}
KEYSPACE=${KEYSPACE:-}
ROUNDS=${ROUNDS:-3}
BENCH_THREADS=${BENCH_THREADS:-}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-180}
REDIS_PERSIST=${REDIS_PERSIST:-none}
OURS_ASYNC=${OURS_ASYNC:-0}
OURS_CONFIG=${OURS_CONFIG:-}
MEMORY=${MEMORY:-1}
IDLE_CONNS=${IDLE_CONNS:-1000}
START_TIMEOUT=${START_TIMEOUT:-60}
RESULTS_FILE=${RESULTS_FILE:-}

die() { echo "compare.sh: $*" >&2; exit 1; }
log() { echo "[bench] $*" >&2; }

case "$REDIS_PERSIST" in
    none) REDIS_PERSIST_ARGS='--save "" --appendonly no' ;;
    aof-everysec) REDIS_PERSIST_ARGS='--save "" --appendonly yes --appendfsync everysec' ;;
    *) die "REDIS_PERSIST must be none or aof-everysec (got '$REDIS_PERSIST')" ;;
esac
case "$OURS_ASYNC" in 1|true|TRUE|yes) OURS_ASYNC=true ;; *) OURS_ASYNC=false ;; esac
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"

for tool in redis-server redis-benchmark redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found: apt-get install -y redis-server redis-tools"
done

# 1,000 idle connections need file descriptors on both ends.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

TMP=$(mktemp -d /tmp/blobasaur-bench.XXXXXX)
OURS_PID=""
REDIS_PID=""
stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_pid "$OURS_PID"
    stop_pid "$REDIS_PID"
    rm -rf "$TMP"
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start NAME COMMAND PORT: starts in the background with PORT/DATA_DIR exported; sets STARTED_PID.
start_server() {
    local name=$1 cmd=$2 port=$3 extra_env=${4:-}
    local dir="$TMP/$name-data"
    mkdir -p "$dir"
    log "starting $name on 127.0.0.1:$port: $cmd"
    # shellcheck disable=SC2086
    env PORT="$port" DATA_DIR="$dir" $extra_env bash -c "exec $cmd" >"$TMP/$name.log" 2>&1 &
    STARTED_PID=$!
    for _ in $(seq 1 $((START_TIMEOUT * 5))); do
        if ! kill -0 "$STARTED_PID" 2>/dev/null; then
            tail -30 "$TMP/$name.log" >&2 || true
            die "$name exited during startup"
        fi
        if [[ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null)" == PONG ]]; then return 0; fi
        sleep 0.2
    done
    tail -30 "$TMP/$name.log" >&2 || true
    die "$name did not answer PING on 127.0.0.1:$port within ${START_TIMEOUT}s"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- start both servers
OURS_PORT=$(free_port)
REDIS_PORT=$(free_port)
while [[ "$REDIS_PORT" == "$OURS_PORT" ]]; do REDIS_PORT=$(free_port); done

if [[ -z "${OURS_CMD:-}" ]]; then
    OURS_BIN=${OURS_BIN:-"$ROOT/src/Blobasaur.Cli/bin/Release/net10.0/blobasaur"}
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        log "dotnet build -c Release src/Blobasaur.Cli"
        (cd "$ROOT" && timeout 600 dotnet build -c Release src/Blobasaur.Cli -nologo -v quiet >"$TMP/build.log" 2>&1) ||
            { tail -40 "$TMP/build.log" >&2; die "dotnet build failed"; }
    fi
    OURS_CMD="$(printf '%q' "$OURS_BIN") serve --port \"\$PORT\" --data-dir \"\$DATA_DIR\""
    if [[ -n "$OURS_CONFIG" ]]; then OURS_CMD+=" --config $(printf '%q' "$OURS_CONFIG")"; fi
fi
REDIS_CMD="redis-server --port \"\$PORT\" --bind 127.0.0.1 --protected-mode yes --dir \"\$DATA_DIR\" $REDIS_PERSIST_ARGS"

start_server ours "$OURS_CMD" "$OURS_PORT" "BLOBASAUR_ASYNC_WRITE=$OURS_ASYNC"
OURS_PID=$STARTED_PID
start_server redis "$REDIS_CMD" "$REDIS_PORT"
REDIS_PID=$STARTED_PID

# ---------------------------------------------------------------- memory: idle and with idle connections
MEM_FILE="$TMP/memory.tsv"
: >"$MEM_FILE"
if [[ "$MEMORY" == 1 ]]; then
    sleep 2
    for side in ours redis; do
        if [[ $side == ours ]]; then pid=$OURS_PID port=$OURS_PORT; else pid=$REDIS_PID port=$REDIS_PORT; fi
        idle=$(rss_kb "$pid")
        line=$(DEADLINE=90 timeout -k 5 120 "$PY" "$HERE/idle_conns.py" 127.0.0.1 "$port" "$IDLE_CONNS" "$pid" 2 || true)
        conns=$(sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' <<<"$line")
        connected=$(sed -n 's/.*connected=\([0-9]*\).*/\1/p' <<<"$line")
        printf '%s\t%s\t%s\t%s\n' "$side" "$idle" "${conns:-0}" "${connected:-0}" >>"$MEM_FILE"
        log "$side: idle RSS ${idle} kB, with ${connected:-0}/$IDLE_CONNS idle connections ${conns:-?} kB"
    done
fi

# ---------------------------------------------------------------- benchmark, alternating
RES_FILE="$TMP/results.tsv"
: >"$RES_FILE"
IFS=',' read -r -a TEST_LIST <<<"$TESTS"
read -r -a SIZE_LIST <<<"$SIZES"
read -r -a PIPE_LIST <<<"$PIPELINES"

# run_one PORT TEST SIZE PIPELINE -> prints req/s (or "n/a")
run_one() {
    local port=$1 test=$2 size=$3 pipe=$4
    local n=$REQUESTS
    ((pipe > 1)) && n=$REQUESTS_PIPELINED
    local args=(-h 127.0.0.1 -p "$port" -c "$CLIENTS" -n "$n" -P "$pipe" -d "$size" --csv -q)
    [[ -n "$KEYSPACE" ]] && args+=(-r "$KEYSPACE")
    [[ -n "$BENCH_THREADS" ]] && args+=(--threads "$BENCH_THREADS")
    case "$test" in
        echo) args+=(ECHO "$(head -c "$size" /dev/zero | tr '\0' 'x')") ;;
        hget) args+=(HGET myhash 'element:__rand_int__') ;;
        *) args+=(-t "$test") ;;
    esac
    local out
    out=$(timeout -k 5 "$BENCH_TIMEOUT" redis-benchmark "${args[@]}" 2>"$TMP/bench.err") || true
    # CSV: header line, then "NAME","rps",...; take the rps of the last data row.
    local rps
    rps=$(grep -v '^"test"' <<<"$out" | tail -1 | cut -d, -f2 | tr -d '"')
    if [[ "$rps" =~ ^[0-9.]+$ ]]; then echo "$rps"; else
        log "redis-benchmark failed on port $port ($test -d $size -P $pipe): $(head -c 300 "$TMP/bench.err" | tr '\n' ' ')"
        echo "n/a"
    fi
}

size_free() { [[ "$1" == ping_inline || "$1" == ping_mbulk ]]; }

total=0
for size in "${SIZE_LIST[@]}"; do for pipe in "${PIPE_LIST[@]}"; do for test in "${TEST_LIST[@]}"; do
    if size_free "$test" && [[ "$size" != "${SIZE_LIST[0]}" ]]; then continue; fi
    total=$((total + 1))
done; done; done
log "$total configurations x $ROUNDS rounds x 2 servers, -n $REQUESTS (-P 1) / $REQUESTS_PIPELINED (-P > 1)"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START_S=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
    # Odd rounds run ours first, even rounds redis first, so neither side always runs on a "warmer" machine.
    if ((round % 2 == 1)); then order="ours redis"; else order="redis ours"; fi
    for size in "${SIZE_LIST[@]}"; do
        for pipe in "${PIPE_LIST[@]}"; do
            for test in "${TEST_LIST[@]}"; do
                if size_free "$test"; then
                    [[ "$size" != "${SIZE_LIST[0]}" ]] && continue
                    shown_size="-"
                else
                    shown_size=$size
                fi
                for side in $order; do
                    if [[ $side == ours ]]; then port=$OURS_PORT pid=$OURS_PID; else port=$REDIS_PORT pid=$REDIS_PID; fi
                    kill -0 "$pid" 2>/dev/null || die "$side server died (log: $(tail -5 "$TMP/$side.log" | tr '\n' ' '))"
                    rps=$(run_one "$port" "$test" "$size" "$pipe")
                    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$CLIENTS" "$pipe" "$shown_size" "$side" "$round" "$rps" >>"$RES_FILE"
                    log "round $round/$ROUNDS $test -c $CLIENTS -P $pipe -d $shown_size $side: $rps req/s"
                done
            done
        done
    done
done
BENCH_S=$((SECONDS - START_S))

if [[ "$MEMORY" == 1 ]]; then
    printf 'after\t%s\t%s\n' "$(rss_kb "$OURS_PID")" "$(rss_kb "$REDIS_PID")" >>"$MEM_FILE"
fi

# ---------------------------------------------------------------- report
REPORT="$TMP/report.md"
{
    echo "## Blobasaur vs redis-server ($(redis-server --version | awk '{print $3}' | sed 's/v=//'))"
    echo
    echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); redis-benchmark -n $REQUESTS (-P 1) / $REQUESTS_PIPELINED (-P > 1) -c $CLIENTS${KEYSPACE:+ -r $KEYSPACE}${BENCH_THREADS:+ --threads $BENCH_THREADS}; $ROUNDS rounds, alternating, medians"
    echo "- ours: \`$OURS_CMD\` (BLOBASAUR_ASYNC_WRITE=$OURS_ASYNC${OURS_CONFIG:+, config $OURS_CONFIG}); redis: persistence $REDIS_PERSIST"
    echo "- benchmark time: ${BENCH_S}s; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    "$PY" - "$RES_FILE" "$MEM_FILE" "$IDLE_CONNS" <<'PYEOF'
import statistics
import sys

res_file, mem_file, idle_conns = sys.argv[1], sys.argv[2], sys.argv[3]
rows = {}
order = []
for line in open(res_file):
    test, c, p, size, side, rnd, rps = line.rstrip("\n").split("\t")
    key = (test, c, p, size)
    if key not in rows:
        rows[key] = {"ours": [], "redis": []}
        order.append(key)
    if rps != "n/a":
        rows[key][side].append(float(rps))


def med(v):
    return statistics.median(v) if v else None


def fmt(v):
    return "n/a" if v is None else "{:,.0f}".format(v)


def noisy(v):
    return len(v) > 1 and min(v) > 0 and max(v) / min(v) > 1.25


any_noisy = False
print("| test | -c | -P | value size | ours req/s | redis req/s | ours/redis |")
print("|---|---:|---:|---:|---:|---:|---:|")
for key in order:
    o, r = med(rows[key]["ours"]), med(rows[key]["redis"])
    ratio = "n/a" if (o is None or not r) else "{:.2f}".format(o / r)
    if noisy(rows[key]["ours"]) or noisy(rows[key]["redis"]):
        ratio += " (noisy)"
        any_noisy = True
    print("| %s | %s | %s | %s | %s | %s | %s |" % (key[0].upper(), key[1], key[2], key[3], fmt(o), fmt(r), ratio))
if any_noisy:
    print()
    print("(noisy): the rounds of one side differ by more than 25 %; the machine was probably busy."
          " Re-run on an idle machine or with more ROUNDS / REQUESTS.")

print()
print("<details><summary>per-round req/s</summary>")
print()
print("| test | -c | -P | value size | ours | redis |")
print("|---|---:|---:|---:|---|---|")
for key in order:
    o = ", ".join(fmt(x) for x in rows[key]["ours"]) or "n/a"
    r = ", ".join(fmt(x) for x in rows[key]["redis"]) or "n/a"
    print("| %s | %s | %s | %s | %s | %s |" % (key[0].upper(), key[1], key[2], key[3], o, r))
print()
print("</details>")

mem = {}
after = None
for line in open(mem_file):
    f = line.rstrip("\n").split("\t")
    if f[0] == "after":
        after = {"ours": int(f[1]), "redis": int(f[2])}
    else:
        mem[f[0]] = (int(f[1]), int(f[2]), int(f[3]))
if mem:
    mib = lambda kb: "%.1f" % (kb / 1024.0)
    print()
    print("| server | idle RSS MiB | RSS with %s idle conns MiB | added by the conns MiB | conns answered | RSS after benchmark MiB |" % idle_conns)
    print("|---|---:|---:|---:|---:|---:|")
    for side in ("ours", "redis"):
        if side in mem:
            idle, conns, ok = mem[side]
            print("| %s | %s | %s | %s | %d | %s |" % (side, mib(idle), mib(conns) if conns else "n/a",
                  mib(conns - idle) if conns else "n/a", ok, mib(after[side]) if after else "n/a"))
PYEOF
} >"$REPORT"

cat "$REPORT"
if [[ -n "$RESULTS_FILE" ]]; then cp "$REPORT" "$RESULTS_FILE"; log "report written to $RESULTS_FILE"; fi
if grep -q 'n/a' "$RES_FILE"; then log "some runs failed (n/a above)"; exit 1; fi
