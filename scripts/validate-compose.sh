#!/usr/bin/env bash
# Validates docker-compose.cluster.yml without a Docker engine: `docker compose config` (or Debian's docker-compose 1.29,
# `apt-get install --no-install-recommends docker-compose`) renders it, then the rendered nodes are checked against the
# cluster rules: every node has a unique node id and advertise address, seeds naming the other nodes' gossip ports,
# the same secret, and slot ranges that cover 0-16383 exactly once. Also checks that a missing secret is refused.
# Used by .ci/run. Exit 0 when valid.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILE=${1:-"$ROOT/docker-compose.cluster.yml"}
PY=/usr/bin/python3

if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    COMPOSE=(docker-compose)
else
    echo "validate-compose.sh: neither 'docker compose' nor 'docker-compose' is installed" \
        "(apt-get install --no-install-recommends docker-compose)" >&2
    exit 1
fi
"$PY" -c 'import yaml' 2>/dev/null || { echo "validate-compose.sh: python3-yaml is needed (apt-get install python3-yaml)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/blobasaur-compose.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# `config` needs no daemon.
if env -u BLOBASAUR_CLUSTER_SECRET "${COMPOSE[@]}" -f "$FILE" config >"$TMP/nosecret.yml" 2>"$TMP/nosecret.err"; then
    echo "validate-compose.sh: $FILE renders without BLOBASAUR_CLUSTER_SECRET; the secret must be required" >&2
    exit 1
fi
BLOBASAUR_CLUSTER_SECRET=validate-compose-secret "${COMPOSE[@]}" -f "$FILE" config >"$TMP/rendered.yml" ||
    { echo "validate-compose.sh: '${COMPOSE[*]} -f $FILE config' failed" >&2; exit 1; }

"$PY" - "$TMP/rendered.yml" "$FILE" <<'PYEOF'
import sys
import yaml

rendered, name = sys.argv[1], sys.argv[2]
doc = yaml.safe_load(open(rendered))
errors = []
nodes = {}
for service, spec in (doc.get("services") or {}).items():
    env = spec.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) for e in env)
    if str(env.get("BLOBASAUR_CLUSTER_ENABLED", "")).lower() == "true":
        nodes[service] = (spec, env)

if len(nodes) != 3:
    errors.append("expected 3 cluster nodes, found %d (%s)" % (len(nodes), ", ".join(nodes) or "none"))

def mount_target(volume):
    # Long syntax (a map with "target") or short syntax "source:target[:mode]".
    if isinstance(volume, dict):
        return volume.get("target")
    parts = str(volume).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


owner = [None] * 16384
ids, advertised, gossip = {}, {}, {}
for service, (spec, env) in nodes.items():
    for key in ("BLOBASAUR_CLUSTER_NODE_ID", "BLOBASAUR_CLUSTER_ADVERTISE_ADDR", "BLOBASAUR_CLUSTER_PORT",
                "BLOBASAUR_CLUSTER_SECRET", "BLOBASAUR_CLUSTER_SEEDS", "BLOBASAUR_CLUSTER_SLOT_RANGES"):
        if not str(env.get(key, "")).strip():
            errors.append("%s: %s is not set" % (service, key))
    node_id = env.get("BLOBASAUR_CLUSTER_NODE_ID")
    if node_id in ids:
        errors.append("%s and %s have the same node id %s" % (ids[node_id], service, node_id))
    ids[node_id] = service
    addr = str(env.get("BLOBASAUR_CLUSTER_ADVERTISE_ADDR", ""))
    host, _, port = addr.rpartition(":")
    advertised[service] = addr
    gossip[service] = "%s:%s" % (host, env.get("BLOBASAUR_CLUSTER_PORT"))
    nets = spec.get("networks") or {}
    ips = [n.get("ipv4_address") for n in nets.values() if isinstance(n, dict)]
    if host not in ips:
        errors.append("%s advertises %s but its network addresses are %s" % (service, addr, ips))
    if env.get("BLOBASAUR_CLUSTER_SECRET") != "validate-compose-secret":
        errors.append("%s: BLOBASAUR_CLUSTER_SECRET does not come from the environment variable" % service)
    for part in str(env.get("BLOBASAUR_CLUSTER_SLOT_RANGES", "")).split(","):
        try:
            start, end = (int(x) for x in part.strip().split("-"))
        except ValueError:
            errors.append("%s: bad slot range %r" % (service, part))
            continue
        if not 0 <= start <= end <= 16383:
            errors.append("%s: slot range %d-%d outside 0-16383" % (service, start, end))
            continue
        for slot in range(start, end + 1):
            if owner[slot] is not None:
                errors.append("%s: slot %d is also owned by %s" % (service, slot, owner[slot]))
                break
            owner[slot] = service
    if not any(mount_target(v) == "/data" for v in spec.get("volumes") or []):
        errors.append("%s: no volume mounted at /data" % service)

for service, (spec, env) in nodes.items():
    seeds = {s.strip() for s in str(env.get("BLOBASAUR_CLUSTER_SEEDS", "")).split(",") if s.strip()}
    others = {gossip[s] for s in nodes if s != service}
    if seeds != others:
        errors.append("%s: seeds %s should be the other nodes' gossip addresses %s" % (service, sorted(seeds), sorted(others)))

missing = [i for i, o in enumerate(owner) if o is None]
if missing:
    errors.append("%d slots are not owned by any node (first: %d)" % (len(missing), missing[0]))

if errors:
    print("validate-compose.sh: %s is invalid:" % name, file=sys.stderr)
    for e in errors:
        print("  - " + e, file=sys.stderr)
    sys.exit(1)
print("%s: %d nodes (%s), all 16384 slots covered once, seeds and secret consistent"
      % (name, len(nodes), ", ".join("%s=%s" % (s, advertised[s]) for s in sorted(nodes))))
PYEOF
