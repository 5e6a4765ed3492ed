#!/usr/bin/python3
"""Open N idle connections to a RESP server, each sending one PING, then report a process's RSS.

Usage: idle_conns.py HOST PORT N PID [SETTLE_SECONDS]
Prints one line: "connected=<n> rss_kb=<VmRSS of PID while the connections are open>".
Every socket call has a timeout and an alarm stops the whole script after DEADLINE seconds (env, default 60).
Exits 1 if fewer than N connections got +PONG.
"""
import os
import resource
import signal
import socket
import sys
import time


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS for pid %d" % pid)


def main():
    host, port, n, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    settle = float(sys.argv[5]) if len(sys.argv) > 5 else 2.0
    deadline = int(os.environ.get("DEADLINE", "60"))

    def on_alarm(_s, _f):
        print("idle_conns: deadline of %ds exceeded" % deadline, file=sys.stderr, flush=True)
        os._exit(1)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(deadline)

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))

    socks = []
    ok = 0
    try:
        for _ in range(n):
            s = socket.create_connection((host, port), timeout=5)
            socks.append(s)
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            buf = b""
            while not buf.endswith(b"\r\n"):
                chunk = s.recv(64)
                if not chunk:
                    break
                buf += chunk
            if buf == b"+PONG\r\n":
                ok += 1
        time.sleep(settle)
        print("connected=%d rss_kb=%d" % (ok, rss_kb(pid)), flush=True)
    finally:
        for s in socks:
            s.close()
    sys.exit(0 if ok == n else 1)


if __name__ == "__main__":
    main()
