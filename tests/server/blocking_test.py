#!/usr/bin/env python3
"""Blocking commands and CLIENT PAUSE between real connections, against redis-server 7.0.

The same scenarios run on `redsim serve` and on a real redis-server with four
connections. Steps send a command, read a reply, check that a client stays quiet
(blocked: nothing arrives within a moment), sleep on the real clock (timeouts,
pauses), or drop a connection. Every observation must be equal.

  blocking_test.py --redsim BIN --redis-server BIN
Exit 77 (skipped) when redis-server is missing.
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Conn, encode, report_scenarios, run_on_both  # noqa: E402

QUIET = 0.15  # seconds a blocked client must stay silent

# Steps: ("call", who, *args) send and read one reply; ("send", who, *args) send only;
# ("read", who) one reply of an earlier command; ("quiet", who) nothing within QUIET;
# ("sleep", s); ("drop", who) close the connection (a fresh one replaces it).
SCENARIOS = [
    ("FIFO on one key", [
        ("send", "a", "BLPOP", "q", "0"), ("send", "b", "BRPOP", "q", "0"), ("send", "c", "BLPOP", "q", "q2", "0"),
        ("quiet", "a"), ("quiet", "b"), ("quiet", "c"),
        ("call", "d", "RPUSH", "q", "1", "2"), ("read", "a"), ("read", "b"), ("quiet", "c"),
        ("call", "d", "RPUSH", "q2", "x"), ("read", "c"), ("call", "d", "EXISTS", "q", "q2")]),
    ("a timeout answers a null array", [
        ("send", "a", "BLPOP", "q", "0.3"), ("quiet", "a"), ("sleep", 0.5), ("read", "a"),
        ("send", "b", "XREAD", "BLOCK", "300", "STREAMS", "s", "$"), ("sleep", 0.5), ("read", "b"),
        ("send", "c", "BZMPOP", "0.2", "1", "z", "MIN"), ("sleep", 0.5), ("read", "c")]),
    ("RESP3 timeout and serve", [
        ("call", "a", "HELLO", "3"), ("send", "a", "BZPOPMIN", "z", "0.2"), ("sleep", 0.5), ("read", "a"),
        ("send", "a", "BZPOPMAX", "z", "0"), ("call", "d", "ZADD", "z", "1.5", "m"), ("read", "a"),
        ("send", "a", "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), ("call", "d", "XADD", "s", "1-1", "f", "v"),
        ("read", "a"), ("call", "a", "HELLO", "2")]),
    ("commands pipelined behind a blocked one wait", [
        ("send", "a", "BLPOP", "q", "0"), ("send", "a", "PING"), ("send", "a", "GET", "k"), ("quiet", "a"),
        ("call", "d", "SET", "k", "v"), ("quiet", "a"), ("call", "d", "LPUSH", "q", "x"),
        ("read", "a"), ("read", "a"), ("read", "a")]),
    ("a client that goes away leaves the data", [
        ("send", "a", "BLPOP", "q", "0"), ("quiet", "a"), ("drop", "a"), ("sleep", 0.1),
        ("call", "d", "RPUSH", "q", "kept"), ("call", "d", "LRANGE", "q", "0", "-1")]),
    ("CLIENT UNBLOCK", [
        ("send", "a", "BLMOVE", "src", "dst", "LEFT", "LEFT", "0"), ("quiet", "a"),
        ("call", "d", "CLIENT", "UNBLOCK", "<a>"), ("read", "a"),
        ("send", "a", "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"),
        ("read", "a"),  # NOGROUP: answered at once
        ("send", "a", "BZPOPMIN", "z", "0"), ("call", "d", "CLIENT", "UNBLOCK", "<a>", "ERROR"), ("read", "a"),
        ("call", "d", "CLIENT", "UNBLOCK", "<a>")]),
    ("BLMOVE chain and WRONGTYPE on serve", [
        ("send", "a", "BLPOP", "mid", "0"), ("send", "b", "BLMOVE", "src", "mid", "RIGHT", "LEFT", "0"),
        ("call", "d", "SET", "str", "x"), ("send", "c", "BLMOVE", "src2", "str", "LEFT", "LEFT", "0"),
        ("call", "d", "RPUSH", "src", "hop"), ("read", "b"), ("read", "a"),
        ("call", "d", "RPUSH", "src2", "v"), ("read", "c"), ("call", "d", "LRANGE", "src2", "0", "-1")]),
    ("served after EXEC and after a script", [
        ("send", "a", "BLPOP", "tx", "0"), ("call", "d", "MULTI"), ("call", "d", "RPUSH", "tx", "1"),
        ("call", "d", "RPUSH", "tx", "2"), ("call", "d", "LPOP", "tx"), ("quiet", "a"), ("call", "d", "EXEC"),
        ("read", "a"),
        ("send", "b", "BRPOP", "sc", "0"),
        ("call", "d", "EVAL", "redis.call('rpush', KEYS[1], 'a', 'b'); return redis.call('llen', KEYS[1])", "1", "sc"),
        ("read", "b"), ("call", "d", "LRANGE", "sc", "0", "-1")]),
    ("stream readers", [
        ("call", "d", "XADD", "s", "1-1", "f", "v"), ("call", "d", "XGROUP", "CREATE", "s", "g", "$"),
        ("send", "a", "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
        ("send", "b", "XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "$"),
        ("call", "d", "XADD", "s", "2-1", "f", "v"), ("read", "a"), ("read", "b"),
        ("call", "d", "XPENDING", "s", "g"),
        ("send", "a", "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
        ("send", "b", "XREAD", "BLOCK", "0", "STREAMS", "s", "$"),
        ("call", "d", "DEL", "s"), ("read", "a"), ("quiet", "b"),
        ("call", "d", "XADD", "s", "3-1", "x", "y"), ("read", "b")]),
    ("CLIENT PAUSE WRITE", [
        ("call", "d", "SET", "k", "0"), ("call", "d", "CLIENT", "PAUSE", "1000", "WRITE"),
        ("call", "a", "GET", "k"), ("send", "a", "INCR", "k"), ("send", "b", "PUBLISH", "ch", "m"),
        ("quiet", "a"), ("quiet", "b"), ("call", "c", "EVAL_RO", "return redis.call('get', 'k')", "0"),
        ("sleep", 1.0), ("read", "a"), ("read", "b"), ("call", "c", "GET", "k")]),
    ("CLIENT PAUSE ALL and UNPAUSE", [
        ("call", "d", "CLIENT", "PAUSE", "300", "ALL"), ("send", "a", "PING"), ("send", "b", "CLIENT", "UNPAUSE"),
        ("quiet", "a"), ("quiet", "b"), ("sleep", 0.5), ("read", "a"), ("read", "b"),
        ("call", "d", "CLIENT", "PAUSE", "100000", "WRITE"), ("send", "a", "SET", "p", "1"), ("quiet", "a"),
        ("call", "b", "CLIENT", "UNPAUSE"), ("read", "a"), ("call", "b", "GET", "p")]),
    ("expiry waits during a pause", [
        ("call", "d", "SET", "e", "1", "PX", "100"), ("call", "d", "CLIENT", "PAUSE", "500", "WRITE"),
        ("sleep", 0.3), ("call", "a", "GET", "e"), ("call", "a", "DBSIZE"), ("sleep", 0.5),
        ("call", "a", "DBSIZE")]),
    ("INFO and CLIENT LIST while blocked", [
        ("send", "a", "BLPOP", "q", "10"), ("send", "b", "BLPOP", "q", "0"), ("quiet", "a"),
        ("call", "d", "INFO", "clients"), ("call", "d", "CLIENT", "LIST", "ID", "<a>"),
        ("call", "d", "RPUSH", "q", "1", "2"), ("read", "a"), ("read", "b"), ("call", "d", "INFO", "clients")]),
]

MODELLED_CLIENT_FIELDS = (b"flags", b"db", b"multi", b"cmd")
MODELLED_INFO = (b"blocked_clients", b"clients_in_timeout_table")


def modelled(reply):
    """Keep what both servers model the same way (INFO clients, CLIENT LIST fields; not
    HELLO's client id)."""
    if isinstance(reply, dict) and b"id" in reply:
        return {k: v for k, v in reply.items() if k != b"id"}
    if isinstance(reply, list) and b"id" in reply[:-1:2]:
        i = reply.index(b"id")
        return reply[:i] + reply[i + 2:]
    if isinstance(reply, bytes) and reply.startswith(b"# Clients"):
        return [ln for ln in reply.split(b"\r\n") if ln.split(b":")[0] in MODELLED_INFO]
    if isinstance(reply, bytes) and reply.startswith(b"id="):
        fields = dict(f.split(b"=", 1) for f in reply.strip().split(b" ") if b"=" in f)
        return {k: fields.get(k) for k in MODELLED_CLIENT_FIELDS}
    return reply


def quiet(conn):
    conn.sock.settimeout(QUIET)
    try:
        chunk = conn.sock.recv(65536)
        conn.buf += chunk
        return "EOF" if not chunk else ("got", bytes(chunk))
    except socket.timeout:
        return "quiet"
    finally:
        conn.sock.settimeout(10)


def run(port):
    names = ("a", "b", "c", "d")
    results = []
    for title, steps in SCENARIOS:
        if os.environ.get("BLOCKING_TEST_DEBUG"):
            print("scenario:", title, flush=True)
        conns = {n: Conn(port, timeout=10) for n in names}
        ids = {n: conns[n].call("CLIENT", "ID") for n in names}
        conns["d"].call("FLUSHALL")
        out = []
        for step in steps:
            kind = step[0]
            if kind == "sleep":
                time.sleep(step[1])
                continue
            who, args = step[1], [str(ids[a[1:-1]]) if a in ("<a>", "<b>", "<c>") else a for a in step[2:]]
            conn = conns[who]
            if kind in ("call", "send"):
                conn.send(encode(*args))
            if kind == "send":
                time.sleep(0.05)  # the server reads it before another connection's next step
            if kind in ("call", "read"):
                out.append((who, modelled(conn.reply())))
            elif kind == "quiet":
                out.append((who, quiet(conn)))
            elif kind == "drop":
                conn.close()
                conns[who] = Conn(port, timeout=10)
                ids[who] = conns[who].call("CLIENT", "ID")
        for c in conns.values():
            c.close()
        results.append((title, out))
        time.sleep(0.05)
    return results


def main():
    got = run_on_both("blocking_test", run, "--enable-debug-command", "yes")
    if got is None:
        return 77
    _, want, have = got
    return report_scenarios("blocking_test", want, have, "every observation equal to redis-server's")

if __name__ == "__main__":
    sys.exit(main())
