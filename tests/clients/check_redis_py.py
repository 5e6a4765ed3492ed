#!/usr/bin/python3
"""Client conformance checks through redis-py (Debian python3-redis 4.3.4) plus raw RESP sockets.

Run with Debian's /usr/bin/python3 (the pyenv python3 on PATH does not see python3-redis).
Usage: check_redis_py.py HOST PORT        env: STAGE=core|data|all (default all)
Prints one line per check: "PASS redis-py: name" or "FAIL redis-py: name: detail".
Exits 0 if every check passed, 1 otherwise. Every network call has a timeout and the
whole script is stopped by an alarm after DEADLINE seconds (default 90).
"""
import os
import re
import signal
import socket
import sys

import redis

CLIENT = "redis-py"
HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 6379
STAGE = os.environ.get("STAGE", "all")
TIMEOUT = float(os.environ.get("CALL_TIMEOUT", "5"))
DEADLINE = int(os.environ.get("DEADLINE", "90"))
PREFIX = "bsc:py:%d:" % os.getpid()

failures = 0


def printable(text, limit=300):
    """Failure details may echo binary data: escape control and non-ASCII characters, and truncate."""
    out = "".join(c if " " <= c <= "~" else "\\x%02x" % ord(c) if ord(c) < 256 else "\\u%04x" % ord(c)
                  for c in str(text))
    return out if len(out) <= limit else out[:limit] + "..."


def report(name, ok, detail=""):
    global failures
    if ok:
        print("PASS %s: %s" % (CLIENT, name), flush=True)
    else:
        failures += 1
        print("FAIL %s: %s: %s" % (CLIENT, name, printable(detail)), flush=True)


def check(name, fn):
    """Run fn(); it returns None/True for success, or a string describing the failure."""
    try:
        res = fn()
        if res is None or res is True:
            report(name, True)
        else:
            report(name, False, str(res))
    except Exception as e:  # noqa: BLE001 - any exception is a failed check
        report(name, False, "%s: %s" % (type(e).__name__, e))


def expect(actual, expected, what=""):
    if actual != expected:
        raise AssertionError("%sexpected %r, got %r" % (what + ": " if what else "", expected, actual))


# ---------------------------------------------------------------- raw RESP socket helpers

class Raw:
    """A bare socket speaking RESP, to see exact reply bytes (redis-py 4.3.4 has no RESP3 parser)."""

    def __init__(self):
        self.sock = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
        self.sock.settimeout(TIMEOUT)
        self.buf = b""

    def close(self):
        self.sock.close()

    def send(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def _line(self, pos):
        while True:
            i = self.buf.find(b"\r\n", pos)
            if i >= 0:
                return i
            self._fill()

    def _end_of_reply(self, pos):
        """Return the index just past the complete reply starting at pos (reading more as needed)."""
        while len(self.buf) <= pos:
            self._fill()
        t = self.buf[pos:pos + 1]
        eol = self._line(pos)
        head = self.buf[pos + 1:eol]
        nxt = eol + 2
        if t in (b"+", b"-", b":", b"_", b",", b"#", b"("):
            return nxt
        if t in (b"$", b"=", b"!"):
            n = int(head)
            if n < 0:
                return nxt
            while len(self.buf) < nxt + n + 2:
                self._fill()
            return nxt + n + 2
        if t in (b"*", b"~", b">", b"%", b"|"):
            n = int(head)
            if n < 0:
                return nxt
            if t in (b"%", b"|"):
                n *= 2
            for _ in range(n):
                nxt = self._end_of_reply(nxt)
            return nxt
        raise AssertionError("unknown RESP type byte %r in %r" % (t, self.buf[pos:pos + 40]))

    def reply(self):
        """Read one complete reply and return its raw bytes."""
        end = self._end_of_reply(0)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def call(self, *args):
        self.send(*args)
        return self.reply()


def hello3_pattern(proto):
    # Redis 7.0.15's exact HELLO reply, except the connection id and the version string (ours differs).
    if proto == 3:
        head = rb"%7\r\n"
    else:
        head = rb"\*14\r\n"
    return re.compile(
        head
        + rb"\$6\r\nserver\r\n\$\d+\r\n[^\r\n]+\r\n"
        + rb"\$7\r\nversion\r\n\$\d+\r\n\d+\.\d+\.\d+[^\r\n]*\r\n"
        + rb"\$5\r\nproto\r\n:" + str(proto).encode() + rb"\r\n"
        + rb"\$2\r\nid\r\n:\d+\r\n"
        + rb"\$4\r\nmode\r\n\$10\r\nstandalone\r\n"
        + rb"\$4\r\nrole\r\n\$6\r\nmaster\r\n"
        + rb"\$7\r\nmodules\r\n\*0\r\n\Z"
    )


# ---------------------------------------------------------------- core checks

def core_checks(r):
    check("PING", lambda: expect(r.ping(), True))

    def ping_msg():
        # redis-py maps any PING reply to True, so look at the bytes.
        c = Raw()
        try:
            expect(c.call("PING", "hi"), b"$2\r\nhi\r\n")
        finally:
            c.close()
    check("PING message (raw socket)", ping_msg)
    check("ECHO text", lambda: expect(r.echo("hello world"), b"hello world"))
    all_bytes = bytes(range(256))
    check("ECHO binary (all 256 byte values)", lambda: expect(r.echo(all_bytes), all_bytes))
    check("ECHO empty", lambda: expect(r.echo(b""), b""))
    check("ECHO 16 random non-UTF-8 bytes (SE.Redis probe)",
          lambda: (lambda p: expect(r.echo(p), p))(os.urandom(8) + b"\xff\xfe\x80\x81\xc0\xc1\xf5\xf8"))

    def hello3_raw():
        c = Raw()
        try:
            rep = c.call("HELLO", "3")
            if not hello3_pattern(3).match(rep):
                return "HELLO 3 reply bytes differ from Redis 7 layout: %r" % rep
            expect(c.call("PING"), b"+PONG\r\n", "PING after HELLO 3")
            rep = c.call("HELLO", "2")
            if not hello3_pattern(2).match(rep):
                return "HELLO 2 reply bytes differ from Redis 7 layout: %r" % rep
        finally:
            c.close()
    check("HELLO 3 / HELLO 2 exact reply bytes (raw socket)", hello3_raw)

    def hello4_raw():
        c = Raw()
        try:
            expect(c.call("HELLO", "4"), b"-NOPROTO unsupported protocol version\r\n")
            expect(c.call("PING"), b"+PONG\r\n", "PING after NOPROTO")
        finally:
            c.close()
    check("HELLO 4 -> NOPROTO (raw socket)", hello4_raw)

    def inline_ping():
        c = Raw()
        try:
            c.sock.sendall(b"PING\r\n")
            expect(c.reply(), b"+PONG\r\n")
        finally:
            c.close()
    check("inline PING (raw socket)", inline_ping)

    def pipelined():
        c = Raw()
        try:
            c.sock.sendall(b"*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\n*1\r\n$4\r\nPING\r\n")
            got = [c.reply(), c.reply(), c.reply()]
            expect(got, [b"+PONG\r\n", b"$1\r\na\r\n", b"+PONG\r\n"])
        finally:
            c.close()
    check("3 pipelined commands in one write (raw socket)", pipelined)

    def unknown_command():
        c = Raw()
        try:
            expect(c.call("FOO", "bar", "baz"),
                   b"-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n")
            expect(c.call("PING"), b"+PONG\r\n", "PING after error")
        finally:
            c.close()
    check("unknown command exact error text (raw socket)", unknown_command)

    def info():
        i = r.info()
        for k in ("redis_version", "cluster_enabled"):
            if k not in i:
                return "INFO lacks %s (keys: %s)" % (k, sorted(i)[:20])
        raw = r.execute_command("INFO")
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        if "# Server" not in text and not isinstance(raw, dict):
            return "INFO has no '# Server' section"
    check("INFO has redis_version and cluster_enabled", info)

    def info_server():
        i = r.info("server")
        if "redis_version" not in i:
            return "INFO server lacks redis_version: %r" % (sorted(i),)
    check("INFO server section", info_server)

    def command_table():
        c = r.command()
        if not isinstance(c, dict) or len(c) == 0:
            return "COMMAND returned %r" % (type(c),)
        g = c.get("get")
        if g is None:
            return "COMMAND lacks get"
        expect((g["first_key_pos"], g["last_key_pos"], g["step_count"]), (1, 1, 1), "get key positions")
        expect(g["arity"], 2, "get arity")
    check("COMMAND (full table, get key positions 1 1 1)", command_table)

    def command_count():
        n = r.command_count()
        if not (isinstance(n, int) and n > 0):
            return "COMMAND COUNT = %r" % (n,)
    check("COMMAND COUNT > 0", command_count)

    def command_info():
        rep = r.execute_command("COMMAND", "INFO", "get")
        g = rep.get("get") if isinstance(rep, dict) else None
        if g is None:
            return "COMMAND INFO get returned %r (no GET in the command table?)" % (rep,)
        expect((g["first_key_pos"], g["last_key_pos"], g["step_count"]), (1, 1, 1), "get key positions")
    check("COMMAND INFO get key positions 1 1 1", command_info)

    def setinfo():
        # Redis >= 7.2 (and ours) reply +OK; Redis 7.0.15 replies the unknown-subcommand error. Either way the
        # connection must stay usable (clients ignore the error).
        try:
            rep = r.execute_command("CLIENT", "SETINFO", "LIB-NAME", "redis-py")
            expect(rep, b"OK")
            expect(r.execute_command("CLIENT", "SETINFO", "LIB-VER", redis.__version__), b"OK")
        except redis.ResponseError as e:
            expect(str(e), "unknown subcommand 'SETINFO'. Try CLIENT HELP.", "error text")
        expect(r.ping(), True, "PING after CLIENT SETINFO")
    check("CLIENT SETINFO (OK, or Redis 7.0's exact error) and connection stays usable", setinfo)


# ---------------------------------------------------------------- data checks

def scan_checks(r):
    prefix = PREFIX + "scan:"

    def scan_iter():
        names = {("%s%d" % (prefix, i)).encode() for i in range(25)}
        for n in names:
            r.set(n, b"v")
        expect(set(r.scan_iter(match=prefix + "*", count=7)), names, "scan_iter over a private prefix")
        r.delete(*names)

    check("SCAN via scan_iter", scan_iter)


def data_checks(r):
    k = PREFIX + "k"
    ns = PREFIX + "ns"
    all_bytes = bytes(range(256))

    def set_get():
        expect(r.set(k, b"v1"), True)
        expect(r.get(k), b"v1")
        expect(r.set(k, b"v2"), True)
        expect(r.get(k), b"v2", "overwrite")
    check("SET/GET", set_get)
    check("GET missing key -> nil", lambda: expect(r.get(PREFIX + "missing"), None))

    def binary():
        expect(r.set(k, all_bytes), True)
        expect(r.get(k), all_bytes)
        key_bin = PREFIX.encode() + b"\x00\xff\r\nkey"
        expect(r.set(key_bin, b"x"), True)
        expect(r.get(key_bin), b"x", "binary key")
        expect(r.delete(key_bin), 1)
    check("SET/GET binary value (all 256 byte values) and binary key", binary)

    def empty():
        expect(r.set(k, b""), True)
        expect(r.get(k), b"")
        expect(r.exists(k), 1, "empty value exists")
    check("SET/GET empty value", empty)

    def big():
        v = os.urandom(1024 * 1024)
        expect(r.set(k, v), True)
        if r.get(k) != v:
            return "1 MB value differs"
    check("SET/GET 1 MB value", big)

    def exists_del():
        r.set(k, b"x")
        expect(r.exists(k), 1)
        expect(r.exists(k, k, PREFIX + "missing"), 2, "EXISTS counts repeats")
        expect(r.delete(k, PREFIX + "missing"), 1, "DEL count")
        expect(r.exists(k), 0, "after DEL")
        expect(r.get(k), None, "GET after DEL")
        expect(r.delete(k), 0, "DEL again")
    check("EXISTS/DEL", exists_del)

    def hash_ops():
        expect(r.hset(ns, "f", b"v1"), 1, "HSET new")
        expect(r.hset(ns, "f", b"v2"), 0, "HSET update")
        expect(r.hget(ns, "f"), b"v2")
        expect(r.hget(ns, "nofield"), None, "HGET missing field")
        expect(r.hget(PREFIX + "nons", "f"), None, "HGET missing namespace")
        expect(r.hexists(ns, "f"), True)
        expect(r.hexists(ns, "nofield"), False)
        expect(r.hset(ns, b"bin\x00\xff", all_bytes), 1, "HSET binary field")
        expect(r.hget(ns, b"bin\x00\xff"), all_bytes, "HGET binary")
        expect(r.hset(ns, "empty", b""), 1)
        expect(r.hget(ns, "empty"), b"", "HGET empty value")
        expect(r.exists(ns), 1, "EXISTS namespace")
        expect(r.hdel(ns, "f", "nofield"), 1, "HDEL count")
        expect(r.hdel(ns, "f"), 0, "HDEL again")
        expect(r.hget(ns, "f"), None, "HGET after HDEL")
        expect(r.hexists(ns, "f"), False, "HEXISTS after HDEL")
        expect(r.delete(ns), 1, "DEL namespace")
        expect(r.exists(ns), 0, "namespace gone")
        expect(r.hget(ns, "empty"), None, "HGET after DEL namespace")
    check("HSET/HGET/HDEL/HEXISTS (+binary, empty, missing)", hash_ops)

    def hset_multi():
        expect(r.execute_command("HSET", ns, "a", "1", "b", "2"), 2)
        expect(r.execute_command("HSET", ns, "a", "1", "c", "3"), 1)
        expect(r.delete(ns), 1)
    check("HSET with several pairs returns number of new fields", hset_multi)

    def wrongtype():
        r.set(k, b"s")
        r.hset(ns, "f", b"v")
        msg = "WRONGTYPE Operation against a key holding the wrong kind of value"
        for args in (("GET", ns), ("HGET", k, "f")):
            try:
                r.execute_command(*args)
                return "%s did not fail" % (args[0],)
            except redis.ResponseError as e:
                expect(str(e), msg, args[0])
        r.delete(k, ns)
    check("WRONGTYPE for GET on a hash and HGET on a string", wrongtype)

    def resp3_nil():
        c = Raw()
        try:
            c.call("HELLO", "3")
            expect(c.call("GET", PREFIX + "missing"), b"_\r\n", "RESP3 GET missing")
            expect(c.call("HGET", PREFIX + "missing", "f"), b"_\r\n", "RESP3 HGET missing")
            c.call("HELLO", "2")
            expect(c.call("GET", PREFIX + "missing"), b"$-1\r\n", "RESP2 GET missing")
        finally:
            c.close()
    check("nil is _ in RESP3 and $-1 in RESP2 (raw socket)", resp3_nil)

    try:
        r.delete(k, ns)
    except Exception:  # noqa: BLE001
        pass


def ttl_checks(r):
    """Expiry: SET EX + TTL, EXPIRE, PERSIST; HSETEX (execute_command) only against Blobasaur (Redis 7.0 has none)."""
    k = PREFIX + "ttl"
    ns = PREFIX + "ttlns"

    def set_ex_ttl():
        expect(r.set(k, b"v", ex=100), True)
        expect(r.ttl(k), 100, "TTL")
        expect(r.expire(k, 50), True, "EXPIRE")
        expect(r.persist(k), True, "PERSIST")
        expect(r.ttl(k), -1, "TTL after PERSIST")
        r.delete(k)
    check("SET EX + TTL, EXPIRE, PERSIST", set_ex_ttl)

    if "blobasaur_version" not in r.info("server"):
        print("SKIP %s: HSETEX (the target is not Blobasaur)" % CLIENT, flush=True)
        return

    def hsetex():
        expect(r.execute_command("HSETEX", ns, "EX", "100", "FIELDS", "1", "f", "v"), 1)
        expect(r.execute_command("HTTL", ns, "FIELDS", "1", "f"), [100], "HTTL")
        r.delete(ns)
    check("HSETEX + HTTL via execute_command", hsetex)


def main():
    def on_alarm(_sig, _frm):
        print("FAIL %s: deadline of %ds exceeded" % (CLIENT, DEADLINE), flush=True)
        os._exit(1)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(DEADLINE)

    r = redis.Redis(host=HOST, port=PORT, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
    if STAGE in ("core", "all"):
        core_checks(r)
    if STAGE in ("data", "all"):
        data_checks(r)
        ttl_checks(r)
        scan_checks(r)
    r.close()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
