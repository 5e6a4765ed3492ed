#!/usr/bin/python3
"""Cluster checks through redis-py's RedisCluster (Debian python3-redis 4.3.4), against a 3-node cluster.

RedisCluster discovers the topology with CLUSTER SLOTS, computes slots itself and follows MOVED.
Usage: check_redis_py.py HOST PORT1,PORT2,PORT3     (run with Debian's /usr/bin/python3)
Prints "PASS redis-py-cluster: name" / "FAIL redis-py-cluster: name: detail"; exits 1 if any failed.
"""
import os
import signal
import sys

import redis
from redis.cluster import ClusterNode, RedisCluster

CLIENT = "redis-py-cluster"
HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORTS = [int(p) for p in (sys.argv[2] if len(sys.argv) > 2 else "7001,7002,7003").split(",")]
TIMEOUT = float(os.environ.get("CALL_TIMEOUT", "5"))
DEADLINE = int(os.environ.get("DEADLINE", "90"))
PREFIX = "bsc:pyc:%d:" % os.getpid()
KEYS = 1000

failures = 0


def report(name, ok, detail=""):
    global failures
    if ok:
        print("PASS %s: %s" % (CLIENT, name), flush=True)
    else:
        failures += 1
        text = "".join(c if " " <= c <= "~" else "?" for c in str(detail))[:400]
        print("FAIL %s: %s: %s" % (CLIENT, name, text), flush=True)


def check(name, fn):
    try:
        res = fn()
        report(name, res is None or res is True, res)
    except Exception as e:  # noqa: BLE001 - any exception is a failed check
        report(name, False, "%s: %s" % (type(e).__name__, e))


def expect(actual, expected, what=""):
    if actual != expected:
        raise AssertionError("%sexpected %r, got %r" % (what + ": " if what else "", expected, actual))


def on_alarm(_sig, _frame):
    print("FAIL %s: deadline of %ds exceeded" % (CLIENT, DEADLINE), flush=True)
    os._exit(1)


signal.signal(signal.SIGALRM, on_alarm)
signal.alarm(DEADLINE)

rc = None


def connect():
    global rc
    # One startup node is enough: the rest comes from CLUSTER SLOTS.
    rc = RedisCluster(startup_nodes=[ClusterNode(HOST, PORTS[0])], socket_timeout=TIMEOUT,
                      socket_connect_timeout=TIMEOUT, decode_responses=True)
    expect(len(rc.get_primaries()), 3, "primaries")


check("RedisCluster connects through one node and discovers 3 primaries", connect)
if rc is None:
    sys.exit(1)


def topology():
    seen = sorted((n.host, n.port) for n in rc.get_primaries())
    expect(seen, sorted((HOST, p) for p in PORTS))


check("the primaries are the advertised host:port of the 3 nodes", topology)
check("keyslot(foo) = 12182 (client side) = CLUSTER KEYSLOT (server side)",
      lambda: expect((rc.keyslot("foo"), rc.cluster_keyslot("foo")), (12182, 12182)))


def info_ok():
    for port in PORTS:
        node = rc.get_node(host=HOST, port=port)
        info = rc.cluster_info(target_nodes=node)
        expect(info.get("cluster_state"), "ok", "cluster_state of %d" % port)


check("CLUSTER INFO cluster_state:ok on every node", info_ok)

keys = ["%s%d" % (PREFIX, i) for i in range(KEYS)]


def set_get():
    for k in keys:
        expect(rc.set(k, "v:" + k), True, "SET " + k)
    for k in keys:
        expect(rc.get(k), "v:" + k, "GET " + k)


check("SET then GET %d keys" % KEYS, set_get)


def placement():
    # Every key must be stored on the node that owns its slot, and nowhere else.
    owners = {}
    for (start, end), info in rc.cluster_slots().items():
        owners[(start, end)] = info["primary"][1]
    found = 0
    for port in PORTS:
        plain = redis.Redis(host=HOST, port=port, socket_timeout=TIMEOUT, decode_responses=True)
        try:
            for k in plain.keys(PREFIX + "*"):
                slot = rc.keyslot(k)
                owner = [p for (s, e), p in owners.items() if s <= slot <= e]
                expect(owner, [port], "owner of %s (slot %d)" % (k, slot))
                found += 1
        finally:
            plain.close()
    expect(found, KEYS, "keys found on the nodes")


check("each key is stored on the owner of its slot only (KEYS on each node)", placement)


def spread():
    counts = []
    for port in PORTS:
        plain = redis.Redis(host=HOST, port=port, socket_timeout=TIMEOUT)
        try:
            counts.append(len(plain.keys(PREFIX + "*")))
        finally:
            plain.close()
    if min(counts) == 0:
        return "a node holds none of the keys: %r" % counts


check("the keys are spread over all 3 nodes", spread)
check("mget_nonatomic across slots", lambda: expect(rc.mget_nonatomic(keys[:50]), ["v:" + k for k in keys[:50]]))
check("MSET/MGET in one slot (hash tag)", lambda: (
    expect(rc.mset({"{%s}a" % PREFIX: "1", "{%s}b" % PREFIX: "2"}), True),
    expect(rc.mget("{%s}a" % PREFIX, "{%s}b" % PREFIX), ["1", "2"]))[-1])
check("HSET/HGET", lambda: (rc.hset(PREFIX + "h", "f", "v"), expect(rc.hget(PREFIX + "h", "f"), "v"))[-1])


def delete():
    expect(rc.delete(*keys[:100]), 100, "DEL of 100 keys across slots (client splits by slot)")
    expect(rc.exists(*keys[:100]), 0)


check("DEL across slots", delete)


def moved():
    # A plain connection to the wrong node gets MOVED with the owner's address.
    owner = rc.get_node_from_key("foo")
    wrong = [p for p in PORTS if p != owner.port][0]
    plain = redis.Redis(host=HOST, port=wrong, socket_timeout=TIMEOUT)
    try:
        plain.get("foo")
        return "no MOVED"
    except redis.exceptions.ResponseError as e:
        expect(str(e), "MOVED 12182 %s:%d" % (HOST, owner.port))
    finally:
        plain.close()


check("GET on a node that does not own the slot: MOVED <slot> <owner>", moved)

rc.close()
sys.exit(1 if failures else 0)
