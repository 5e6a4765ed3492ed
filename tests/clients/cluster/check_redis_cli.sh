#!/usr/bin/env bash
# Cluster checks through redis-cli 7.0.15 (-c, --cluster check) and redis-benchmark --cluster, against a 3-node
# cluster whose slots are 0-5460, 5461-10922, 10923-16383 (scripts/cluster-up.sh up).
# Usage: check_redis_cli.sh HOST PORT1,PORT2,PORT3      env: CALL_TIMEOUT (s, default 10)
# Prints "PASS redis-cli-cluster: name" / "FAIL redis-cli-cluster: name: detail"; exits 1 if any failed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLIENT=redis-cli-cluster
HOST=${1:-127.0.0.1}
IFS=',' read -r -a PORTS <<<"${2:-7001,7002,7003}"
. "$HERE/lib.sh"
PREFIX="bsc:clic:$$"

# ---- what every node reports
for i in 0 1 2; do
    p=${PORTS[$i]}
    expect "node $((i + 1)) CLUSTER INFO cluster_state" ok "$(info_field "$p" cluster_state)"
    expect "node $((i + 1)) CLUSTER INFO cluster_known_nodes" 3 "$(info_field "$p" cluster_known_nodes)"
    expect "node $((i + 1)) CLUSTER INFO cluster_size" 3 "$(info_field "$p" cluster_size)"
    expect "node $((i + 1)) CLUSTER INFO cluster_slots_assigned" 16384 "$(info_field "$p" cluster_slots_assigned)"
    expect "node $((i + 1)) CLUSTER NODES slots of the whole cluster" "0-5460 10923-16383 5461-10922" "$(slot_ranges_of "$p")"
    expect "node $((i + 1)) INFO cluster_enabled" 1 "$(cli_at "$p" INFO cluster | tr -d '\r' | sed -n 's/^cluster_enabled://p')"
done

nodes=$(cli_at "${PORTS[0]}" CLUSTER NODES)
lines=$(grep -c . <<<"$nodes")
myself=$(grep -c ' myself,master ' <<<"$nodes")
connected=$(awk '$8 == "connected"' <<<"$nodes" | grep -c .)
expect "CLUSTER NODES: 3 lines, one myself,master, all connected" "3 1 3" "$lines $myself $connected"
addrs=$(awk '{a = $2; sub(/@.*/, "", a); print a}' <<<"$nodes" | sort | tr '\n' ' ')
want_addrs=$(for p in "${PORTS[@]}"; do echo "$HOST:$p"; done | sort | tr '\n' ' ')
expect "CLUSTER NODES addresses are the advertised ip:port of the 3 nodes" "$want_addrs" "$addrs"
expect "CLUSTER MYID is 40 hex characters" 1 "$(cli_at "${PORTS[0]}" CLUSTER MYID | grep -cE '^[0-9a-f]{40}$')"
expect "CLUSTER KEYSLOT foo" 12182 "$(cli_at "${PORTS[0]}" CLUSTER KEYSLOT foo)"

# ---- redirects, byte for byte
owner=$(owner_port 12182)
expect "owner of slot 12182 (foo) is the third node" "${PORTS[2]}" "$owner"
expect "GET foo on the first node: MOVED to the owner" "(error) MOVED 12182 $HOST:${PORTS[2]}" \
    "$(cli_typed_at "${PORTS[0]}" GET foo)"
expect "SET bar on the third node: MOVED to the first" "(error) MOVED 5061 $HOST:${PORTS[0]}" \
    "$(cli_typed_at "${PORTS[2]}" SET bar 1)"
expect "MSET across slots: CROSSSLOT (checked before MOVED)" "(error) CROSSSLOT Keys in request don't hash to the same slot" \
    "$(cli_typed_at "${PORTS[0]}" MSET foo 1 bar 2)"

# ---- redis-cli -c follows MOVED
set_get_across_slots "redis-cli -c SET/GET of ${#CROSS_SLOT_KEYS[@]} keys across the 3 nodes" "$PREFIX"
expect "redis-cli -c MSET with a hash tag" OK "$(cli_c MSET "{$PREFIX}.a" 1 "{$PREFIX}.b" 2)"
expect "redis-cli -c MGET with a hash tag" "$(printf '1\n2')" "$(cli_c MGET "{$PREFIX}.a" "{$PREFIX}.b")"
expect "redis-cli -c HSET/HGET" "v" "$(cli_c HSET "$PREFIX:h" f v >/dev/null; cli_c HGET "$PREFIX:h" f)"
# The key is stored on its owner only: a plain GET there finds it, the others redirect.
expect "the value of foo lives on its owner" "$PREFIX:foo" "$(cli_at "${PORTS[2]}" GET foo)"

# ---- redis-cli --cluster check
out=$(timeout -k 2 30 redis-cli --cluster check "$HOST:${PORTS[0]}" 2>&1)
expect_contains "redis-cli --cluster check: nodes agree" "[OK] All nodes agree about slots configuration." "$out"
expect_contains "redis-cli --cluster check: coverage" "[OK] All 16384 slots covered." "$out"

# ---- redis-benchmark --cluster (small: it is a smoke test; bench/load/cluster-compare.sh measures)
out=$(timeout -k 2 60 redis-benchmark --cluster -h "$HOST" -p "${PORTS[0]}" -t set,get -n 3000 -c 10 --csv 2>&1)
rows=$(grep -E '^"(SET|GET)","[0-9.]+"' <<<"$out" | cut -d, -f1 | tr -d '"' | tr '\n' ' ')
expect "redis-benchmark --cluster -t set,get completes" "SET GET " "$rows"

((failures == 0))
