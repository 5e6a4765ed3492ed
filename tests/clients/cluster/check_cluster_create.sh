#!/usr/bin/env bash
# `redis-cli --cluster create` of 3 FRESH nodes (no slots, no seeds: scripts/cluster-up.sh fresh), then
# `redis-cli --cluster check` and redis-cli -c across slots. redis-cli sends INFO, CLUSTER INFO, CLUSTER ADDSLOTS (one
# argv of ~5,461 slots), CLUSTER SET-CONFIG-EPOCH, CLUSTER MEET, and polls CLUSTER NODES until all nodes agree.
# Usage: check_cluster_create.sh HOST PORT1,PORT2,PORT3      env: CALL_TIMEOUT (s, default 10)
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLIENT=redis-cli-cluster-create
HOST=${1:-127.0.0.1}
IFS=',' read -r -a PORTS <<<"${2:-7001,7002,7003}"
. "$HERE/lib.sh"
PREFIX="bsc:create:$$"

for i in 0 1 2; do
    p=${PORTS[$i]}
    expect "fresh node $((i + 1)) knows only itself" 1 "$(info_field "$p" cluster_known_nodes)"
    expect "fresh node $((i + 1)) owns no slots" 0 "$(info_field "$p" cluster_slots_assigned)"
done

endpoints=()
for p in "${PORTS[@]}"; do endpoints+=("$HOST:$p"); done
out=$(timeout -k 2 90 redis-cli --cluster create "${endpoints[@]}" --cluster-yes 2>&1)
rc=$?
expect "redis-cli --cluster create exits 0" 0 "$rc"
expect_contains "redis-cli --cluster create: nodes agree" "[OK] All nodes agree about slots configuration." "$out"
expect_contains "redis-cli --cluster create: coverage" "[OK] All 16384 slots covered." "$out"
((rc == 0)) || echo "$out" | tail -20 | sed 's/^/    /'

if wait_state ok 30; then pass "every node reports cluster_state:ok after create"; else
    fail "every node reports cluster_state:ok after create" "$(for p in "${PORTS[@]}"; do echo -n "$p:$(info_field "$p" cluster_state) "; done)"
fi

out=$(timeout -k 2 30 redis-cli --cluster check "$HOST:${PORTS[1]}" 2>&1)
expect_contains "redis-cli --cluster check: nodes agree" "[OK] All nodes agree about slots configuration." "$out"
expect_contains "redis-cli --cluster check: coverage" "[OK] All 16384 slots covered." "$out"

for i in 0 1 2; do
    p=${PORTS[$i]}
    expect "node $((i + 1)) sees the slot split redis-cli made" "0-5460 10923-16383 5461-10922" "$(slot_ranges_of "$p")"
    expect "node $((i + 1)) cluster_known_nodes" 3 "$(info_field "$p" cluster_known_nodes)"
done
# redis-cli gives node i config epoch i (SET-CONFIG-EPOCH), so the epochs are 1, 2, 3.
expect "config epochs set by redis-cli (1, 2, 3)" "1 2 3" "$(cli_at "${PORTS[0]}" CLUSTER NODES | awk '{print $7}' | sort -n | tr '\n' ' ' | sed 's/ $//')"

set_get_across_slots "redis-cli -c SET/GET of ${#CROSS_SLOT_KEYS[@]} keys across the created cluster" "$PREFIX"

((failures == 0))
