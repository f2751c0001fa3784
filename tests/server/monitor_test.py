#!/usr/bin/env python3
"""MONITOR through `redsim serve`, against redis-server: the lines a monitor connection
receives for another connection's commands (rejected ones, transactions, scripts, admin
commands, AUTH redaction, binary arguments, the db), what the monitor itself may run,
and a second monitor in RESP3.  Timestamps are masked (and checked to be the wall
clock), client addresses are named.

Usage: monitor_test.py --redsim BIN --redis-server BIN
"""

import os
import re
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from serverutil import HOST, encode, run_on_both  # noqa: E402

TS = re.compile(rb"^\+(\d+)\.(\d{6}) ", re.M)


class Raw:
    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=10.0)
        self.buf = b""
        self.monitor = False

    def send(self, *args):
        self.sock.sendall(encode(*args))

    def until(self, end):
        while not self.buf.endswith(end):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk
        data, self.buf = self.buf, b""
        return data

    def sync(self, token):
        """What arrived before the reply to PING <token> (for a monitor: before that reply
        and the line showing the PING itself, which follows it)."""
        t = token.encode()
        reply = b"$%d\r\n%s\r\n" % (len(t), t)
        self.send("PING", token)
        if not self.monitor:
            return self.until(reply)[: -len(reply)]
        data = self.until(b'"PING" "%s"\r\n' % t)
        return data[: data.rindex(reply)]


def run(port):
    conns = {n: Raw(port) for n in ("m", "c", "m2")}
    addrs = {}
    for n, c in conns.items():
        c.send("CLIENT", "INFO")
        info = c.until(b"\n\r\n").decode()
        addrs[n] = re.search(r"addr=(\S+)", info).group(1)
    log, stamps = [], []
    counter = [0]

    def norm(data):
        for m in TS.finditer(data):
            stamps.append(int(m.group(1)))
        data = TS.sub(b"+<ts> ", data)
        for n, a in addrs.items():
            data = data.replace(b" %s]" % a.encode(), b" <%s>]" % n.encode())
        return re.sub(rb"tok\d+", b"tok", data)

    queuing = set()

    def step(who, *args, own=True):
        """Runs a command; records what every connection received (its own reply only if
        `own`)."""
        conns[who].send(*args)
        time.sleep(0.03)
        name = str(args[0]).upper()
        if name == "MULTI":
            queuing.add(who)
        got = {}
        for n, c in conns.items():
            counter[0] += 1
            if n in queuing:
                data = c.sock.recv(65536)
                if name == "EXEC":
                    queuing.discard(who)
                    data += c.sync(f"tok{counter[0]}")
            else:
                data = c.sync(f"tok{counter[0]}")
            if n == who and not own:
                data = b"<not compared>"
            if data:
                got[n] = norm(data)
        log.append((who, " ".join(map(str, args)), got))

    conns["m"].monitor = True  # from its MONITOR on
    step("m", "MONITOR")
    step("c", "SET", "a", "1")
    step("c", "GET", "a")
    step("c", "NOSUCH", "x")
    step("c", "GET")
    step("c", "SET", "s", "x")
    step("c", "INCR", "s")
    step("c", "SELECT", "1")
    step("c", "SET", "b", "2")
    step("c", "SELECT", "0")
    step("c", "MULTI")
    step("c", "SET", "a", "2")
    step("c", "GET", "a")
    step("c", "EXEC")
    step("c", "EVAL", "redis.call('set','x','1') return redis.call('get', KEYS[1])", "1", "a")
    step("c", "EVAL", "return 1", "x")
    step("c", "AUTH", "secret")
    step("c", "AUTH", "user", "secret")
    step("c", "HELLO", "2", "SETNAME", "n", "AUTH", "user", "secret")
    step("c", "CONFIG", "GET", "hz")
    step("c", "CLIENT", "LIST", own=False)
    step("c", "CLIENT", "SETNAME", "cc")
    step("c", "SET", b"q", b'a b"\x00\n\\\xff\t\r\x07\x08~')
    step("c", "ECHO", "")
    step("c", "Get", "A")
    # the monitor itself
    step("m", "GET", "a")
    step("m", "PUBLISH", "ch", "x")
    step("m", "ECHO", "hi")
    step("m", "MONITOR")
    # a RESP3 monitor
    step("m2", "HELLO", "3", own=False)
    conns["m2"].monitor = True
    step("m2", "MONITOR")
    step("c", "PING")
    conns["m"].monitor = False  # RESET leaves monitor mode
    step("m", "RESET")
    step("c", "SET", "z", "1")
    step("m", "GET", "a")
    for c in conns.values():
        c.sock.close()
    return log, stamps


def main():
    got = run_on_both("monitor_test", run)
    if got is None:
        return 77
    _, (want, _), (have, stamps) = got
    bad = 0
    for (who, cmd, w), (_, _, h) in zip(want, have):
        if w != h:
            bad += 1
            print(f"FAIL [{who}] {cmd}\n  redis:  {w}\n  redsim: {h}")
    now = time.time()
    if not stamps or any(abs(s - now) > 120 for s in stamps):
        bad += 1
        print(f"FAIL redsim's timestamps are not the wall clock: {stamps[:5]} vs {now:.0f}")
    if bad or len(want) != len(have):
        print(f"monitor_test: {bad} of {len(want)} steps differ")
        return 1
    print(f"monitor_test: {len(want)} steps, every monitor line equal to redis-server's (timestamps masked)")
    return 0

if __name__ == "__main__":
    sys.exit(main())
