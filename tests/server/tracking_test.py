#!/usr/bin/env python3
"""Client-side caching through `redsim serve`, byte for byte against redis-server: a
RESP3 tracking connection (pushes), a RESP2 tracking connection redirecting to a RESP2
connection subscribed to __redis__:invalidate, a BCAST connection, OPTIN, flushes, a
redirect client that goes away (tracking-redir-broken), and the INFO / CLIENT LIST
fields.  Every connection's raw bytes are compared after every step.

Usage: tracking_test.py --redsim BIN --redis-server BIN
"""

import os
import re
import socket
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from serverutil import HOST, encode, run_on_both  # noqa: E402


class Raw:
    """A socket whose bytes are read up to a sync marker (a PING with a unique token)."""

    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=10.0)
        self.buf = b""

    def send(self, *args):
        self.sock.sendall(encode(*args))

    def sync(self):
        """Everything received before the reply to a PING sent now."""
        token = uuid.uuid4().hex.encode()
        self.sock.sendall(encode("PING", token))
        ends = (b"$%d\r\n%s\r\n" % (len(token), token),)
        while not self.buf.endswith(ends):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk
        data = self.buf
        self.buf = b""
        # the PING reply itself (plain, or ["pong", token] in RESP2 subscribed mode)
        for tail in (b"*2\r\n$4\r\npong\r\n" + ends[0], ends[0]):
            if data.endswith(tail):
                return data[: -len(tail)]
        return data


def run(port):
    # Some connections first, so that client ids are above the small integers replied.
    for _ in range(12):
        Raw(port).sock.close()
    time.sleep(0.1)
    conns = {n: Raw(port) for n in ("a", "b", "r", "t", "o")}
    ids = {}
    for n, c in conns.items():
        c.send("CLIENT", "ID")
        ids[n] = int(c.sync()[1:-2])
    log = []

    def norm(data):
        # Client ids differ between servers: name them.
        for n, i in ids.items():
            data = data.replace(b":%d\r\n" % i, b":<%s>\r\n" % n.encode())
            data = re.sub(rb"\bredir=%d\b" % i, b"redir=<%s>" % n.encode(), data)
        return data

    queuing = set()  # connections inside MULTI: a sync PING would be queued

    def step(who, *args, gap=0.05):
        args = [ids[a[1:]] if isinstance(a, str) and a.startswith("@") else a for a in args]
        conns[who].send(*args)
        time.sleep(gap)  # lets Redis reach beforeSleep (BCAST) before the sync PING
        name = str(args[0]).upper()
        if name == "MULTI":
            queuing.add(who)
        got = {}
        for n, c in conns.items():
            if c.sock is None:
                continue
            if n in queuing:
                data = c.sock.recv(65536)  # +OK / +QUEUED, one short line
                if name == "EXEC":
                    queuing.discard(who)
                    data += c.sync()
            else:
                data = c.sync()
            if data:
                got[n] = norm(data)
        log.append((who, " ".join(map(str, args)), got))

    def fields(who, section_cmd, keys):
        conns[who].send(*section_cmd)
        data = conns[who].sync().decode()
        vals = {k: re.search(r"\b%s[:=](\S+)" % re.escape(k), data) for k in keys}
        named = {str(i): f"<{n}>" for n, i in ids.items()}
        vals = {k: named.get(v.group(1), v.group(1)) if v else None for k, v in vals.items()}
        log.append((who, " ".join(named.get(a, a) for a in section_cmd), vals))

    step("r", "SUBSCRIBE", "__redis__:invalidate")
    step("a", "HELLO", "3")
    step("o", "HELLO", "3")
    step("a", "CLIENT", "TRACKING", "on")
    step("t", "CLIENT", "TRACKING", "on", "REDIRECT", "@r")
    step("t", "CLIENT", "GETREDIR")
    step("a", "GET", "k")
    step("t", "MGET", "k", "j")
    step("b", "SET", "k", "1")
    step("b", "SET", "j", "1")
    step("a", "GET", "k")
    step("a", "SET", "k", "2")
    step("a", "GET", "k")
    step("a", "MULTI")
    step("a", "SET", "k", "x")
    step("a", "GET", "k")
    step("a", "EXEC")
    step("a", "EVAL", "return redis.call('get', KEYS[1])", "1", "s")
    step("b", "SET", "s", "1")
    step("b", "FLUSHALL")
    step("a", "FLUSHDB")
    # BCAST
    step("o", "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "job:")
    step("b", "MSET", "user:2", "x", "user:1", "y", "job:1", "z", "other", "w")
    step("o", "SET", "user:3", "1")
    step("o", "CLIENT", "TRACKING", "on", "BCAST", "NOLOOP", "PREFIX", "z")
    step("o", "MSET", "user:1", "x", "z", "1")
    step("b", "MSET", "user:1", "x", "z", "1")
    step("o", "CLIENT", "TRACKINGINFO")
    step("b", "SET", "user:1", "x", "PX", "100")
    step("b", "PING", gap=0.6)  # the key expires: the active cycle broadcasts it
    # OPTIN
    step("a", "CLIENT", "TRACKING", "off")
    step("a", "CLIENT", "TRACKING", "on", "OPTIN")
    step("a", "GET", "c0")
    step("b", "SET", "c0", "1")
    step("a", "CLIENT", "CACHING", "yes")
    step("a", "GET", "c1")
    step("a", "GET", "c2")
    step("b", "MSET", "c1", "1", "c2", "2")
    step("a", "CLIENT", "TRACKINGINFO")
    # the prefix overlap slip of Redis 7.0.15: an error and then OK
    step("b", "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "b", "PREFIX", "bc")
    step("b", "CLIENT", "TRACKING", "off")
    # a RESP3 client redirecting to the RESP2 subscriber: its null is RESP3's
    step("a", "CLIENT", "TRACKING", "off")
    step("a", "CLIENT", "TRACKING", "on", "REDIRECT", "@r")
    step("b", "FLUSHALL")
    fields("b", ("INFO", "everything"), ["tracking_clients", "tracking_total_keys", "tracking_total_items",
                                         "tracking_total_prefixes"])
    for n in ("a", "t", "o", "b"):
        fields("b", ("CLIENT", "LIST", "ID", str(ids[n])), ["flags", "redir"])
    # the redirect client goes away
    step("a", "GET", "k")
    step("t", "GET", "k")
    conns["r"].sock.close()
    conns["r"].sock = None
    time.sleep(0.1)
    step("b", "SET", "k", "1")
    step("a", "CLIENT", "TRACKINGINFO")
    step("t", "CLIENT", "TRACKINGINFO")
    for n in ("a", "t"):
        fields("b", ("CLIENT", "LIST", "ID", str(ids[n])), ["flags", "redir"])
    step("a", "GET", "k")
    step("a", "SET", "k", "2")
    step("a", "RESET")
    fields("b", ("INFO", "everything"), ["tracking_clients", "tracking_total_prefixes"])
    for c in conns.values():
        if c.sock:
            c.sock.close()
    return log


def main():
    got = run_on_both("tracking_test", run)
    if got is None:
        return 77
    _, want, have = got
    bad = 0
    for (who, cmd, w), (_, _, h) in zip(want, have):
        if w != h:
            bad += 1
            print(f"FAIL [{who}] {cmd}\n  redis:  {w}\n  redsim: {h}")
    if bad or len(want) != len(have):
        print(f"tracking_test: {bad} of {len(want)} steps differ")
        return 1
    print(f"tracking_test: {len(want)} steps, every connection's bytes equal to redis-server's")
    return 0

if __name__ == "__main__":
    sys.exit(main())
