# Shared helpers for the bash cluster checks (sourced). Expects CLIENT, HOST and PORTS (array) to be set.
CALL_TIMEOUT=${CALL_TIMEOUT:-10}
failures=0

# Raw output (stdout is not a tty): strings as is, errors as their text.
cli_at() { local port=$1; shift; timeout -k 2 "$CALL_TIMEOUT" redis-cli -h "$HOST" -p "$port" "$@" 2>&1; }
# Typed output: "(error) MOVED ...", "(integer) n", "(nil)".
cli_typed_at() { local port=$1; shift; timeout -k 2 "$CALL_TIMEOUT" redis-cli --no-raw -h "$HOST" -p "$port" "$@" 2>&1; }
# Cluster mode: follows MOVED/ASK.
cli_c() { timeout -k 2 "$CALL_TIMEOUT" redis-cli -c -h "$HOST" -p "${PORTS[0]}" "$@" 2>&1; }

pass() { echo "PASS $CLIENT: $1"; }
fail() { failures=$((failures + 1)); echo "FAIL $CLIENT: $1: $(printf '%s' "$2" | tr '\n' ' ' | head -c 400 | LC_ALL=C tr -c '[:print:]' '?')"; }
expect() { if [[ "$3" == "$2" ]]; then pass "$1"; else fail "$1" "expected [$2], got [$3]"; fi; }
expect_contains() { if [[ "$3" == *"$2"* ]]; then pass "$1"; else fail "$1" "expected output containing [$2], got [$3]"; fi; }

info_field() { cli_at "$1" CLUSTER INFO | tr -d '\r' | sed -n "s/^$2://p"; }

# wait_state STATE SECONDS: true once every node reports cluster_state:STATE.
wait_state() {
    local want=$1 deadline=$((SECONDS + $2)) p all
    while ((SECONDS < deadline)); do
        all=1
        for p in "${PORTS[@]}"; do [[ "$(info_field "$p" cluster_state)" == "$want" ]] || { all=0; break; }; done
        ((all)) && return 0
        sleep 0.3
    done
    return 1
}

# The slots column of CLUSTER NODES as "start-end" ranges of every node, sorted: "0-5460 10923-16383 5461-10922".
slot_ranges_of() { cli_at "$1" CLUSTER NODES | awk '{for (i = 9; i <= NF; i++) print $i}' | sort | tr '\n' ' ' | sed 's/ $//'; }

# Keys spread over the three default ranges (slots from the Redis docs: foo 12182, bar 5061, hello 866, somekey 11058).
CROSS_SLOT_KEYS=(foo bar hello somekey key:1 key:2 key:3 key:4 key:5 key:6 key:7 key:8 key:9 key:10 key:11 key:12)

# set_get_across_slots NAME PREFIX: SET then GET every key through `redis-cli -c` (one connection per call, so every
# call that lands on the wrong node must follow a MOVED).
set_get_across_slots() {
    local name=$1 prefix=$2 k bad=""
    for k in "${CROSS_SLOT_KEYS[@]}"; do
        local r
        r=$(cli_c SET "$k" "$prefix:$k")
        [[ "$r" == OK ]] || bad+="SET $k -> $r; "
    done
    for k in "${CROSS_SLOT_KEYS[@]}"; do
        local r
        r=$(cli_c GET "$k")
        [[ "$r" == "$prefix:$k" ]] || bad+="GET $k -> $r; "
    done
    if [[ -z "$bad" ]]; then pass "$name"; else fail "$name" "$bad"; fi
}

# owner_port SLOT: the client port that CLUSTER NODES (asked of the first node) gives for the owner of SLOT.
owner_port() {
    cli_at "${PORTS[0]}" CLUSTER NODES | awk -v s="$1" '{
        for (i = 9; i <= NF; i++) {
            n = split($i, r, "-"); lo = r[1] + 0; hi = (n == 2 ? r[2] : r[1]) + 0
            if (s + 0 >= lo && s + 0 <= hi) { addr = $2; sub(/@.*/, "", addr); sub(/.*:/, "", addr); print addr; exit }
        }
    }'
}
