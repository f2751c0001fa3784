#!/usr/bin/env python3
"""MULTI/EXEC and WATCH between two real connections, against redis-server 7.0.

The same scenarios run on `redsim serve` and on a real redis-server, each with two
connections (a watches and runs the transaction, b writes in between; some wait for a
key's TTL on the real clock). Every reply must be equal. CLIENT INFO inside EXEC is
compared on the fields redsim models (flags, multi, cmd).

  transactions_test.py --redsim BIN --redis-server BIN
Exit 77 (skipped) when redis-server is missing.
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Conn, encode, report_scenarios, run_on_both  # noqa: E402

A, B = "a", "b"
SCENARIOS = [
    ("watch, then the key expires", [(A, "SET", "k", "v", "PX", "100"), (A, "WATCH", "k"), ("sleep", 0.2),
                                     (A, "MULTI"), (A, "PING"), (A, "EXEC")]),
    ("expired before WATCH", [(A, "SET", "k", "v", "PX", "100"), ("sleep", 0.2), (A, "WATCH", "k"), (A, "MULTI"),
                              (A, "PING"), (A, "EXEC")]),
    ("expired before WATCH, then deleted by a read", [(A, "SET", "k", "v", "PX", "100"), ("sleep", 0.2),
                                                      (A, "WATCH", "k"), (B, "GET", "k"), (A, "MULTI"), (A, "PING"),
                                                      (A, "EXEC")]),
    ("expired before WATCH, then set", [(A, "SET", "k", "v", "PX", "100"), ("sleep", 0.2), (A, "WATCH", "k"),
                                        (B, "SET", "k", "x"), (A, "MULTI"), (A, "PING"), (A, "EXEC")]),
    ("absent, then set by the other", [(A, "WATCH", "k"), (B, "SET", "k", "1"), (A, "MULTI"), (A, "PING"),
                                       (A, "EXEC")]),
    ("DEL of an absent key", [(A, "WATCH", "k"), (B, "DEL", "k"), (A, "MULTI"), (A, "PING"), (A, "EXEC")]),
    ("SADD of a member already there", [(A, "SADD", "s", "m"), (A, "WATCH", "s"), (B, "SADD", "s", "m"),
                                        (A, "MULTI"), (A, "PING"), (A, "EXEC")]),
    ("EXPIRE by the other", [(A, "SET", "k", "1"), (A, "WATCH", "k"), (B, "EXPIRE", "k", "100"), (A, "MULTI"),
                             (A, "PING"), (A, "EXEC")]),
    ("FLUSHDB, key absent", [(A, "WATCH", "k"), (B, "FLUSHDB"), (A, "MULTI"), (A, "PING"), (A, "EXEC")]),
    ("FLUSHDB, key present", [(A, "SET", "k", "1"), (A, "WATCH", "k"), (B, "FLUSHDB"), (A, "MULTI"), (A, "PING"),
                              (A, "EXEC")]),
    ("FLUSHALL, key in db 1", [(A, "SELECT", "1"), (A, "SET", "k", "1"), (A, "WATCH", "k"), (B, "FLUSHALL"),
                               (A, "MULTI"), (A, "PING"), (A, "EXEC"), (A, "SELECT", "0")]),
    ("SWAPDB takes the key away", [(A, "SET", "k", "1"), (A, "WATCH", "k"), (B, "SWAPDB", "0", "1"), (A, "MULTI"),
                                   (A, "PING"), (A, "EXEC")]),
    ("SWAPDB, absent in both", [(A, "WATCH", "k"), (B, "SWAPDB", "0", "1"), (A, "MULTI"), (A, "PING"),
                                (A, "EXEC")]),
    ("SWAPDB brings the key", [(B, "SELECT", "1"), (B, "SET", "k", "1"), (A, "WATCH", "k"), (B, "SWAPDB", "0", "1"),
                               (A, "MULTI"), (A, "PING"), (A, "EXEC"), (B, "SELECT", "0")]),
    ("the same key in another db", [(A, "WATCH", "k"), (B, "SELECT", "1"), (B, "SET", "k", "1"), (A, "MULTI"),
                                    (A, "PING"), (A, "EXEC"), (B, "SELECT", "0")]),
    ("UNWATCH forgets", [(A, "WATCH", "k"), (B, "SET", "k", "1"), (A, "UNWATCH"), (A, "MULTI"), (A, "PING"),
                         (A, "EXEC")]),
    ("the client's own write", [(A, "WATCH", "k"), (A, "SET", "k", "1"), (A, "MULTI"), (A, "PING"), (A, "EXEC")]),
    ("the active expire cycle deletes it", [(A, "DEBUG", "SET-ACTIVE-EXPIRE", "1"), (A, "SET", "k", "v", "PX", "50"),
                                            (A, "WATCH", "k"), ("sleep", 0.4), (A, "MULTI"), (A, "PING"),
                                            (A, "EXEC")]),
    ("the other client's view while queued", [(A, "MULTI"), (A, "SET", "q", "1"), (B, "GET", "q"), (A, "EXEC"),
                                              (B, "GET", "q")]),
    ("CLIENT INFO inside EXEC", [(A, "MULTI"), (A, "SET", "a", "1"), (A, "CLIENT", "INFO"), (A, "EXEC")]),
    ("flag d after a touch", [(A, "WATCH", "k"), (B, "SET", "k", "1"), (A, "CLIENT", "INFO"), (A, "UNWATCH")]),
    ("RESP3: aborted EXEC is a null", [(A, "HELLO", "3"), (A, "WATCH", "k"), (B, "SET", "k", "1"), (A, "MULTI"),
                                       (A, "PING"), (A, "EXEC"), (A, "RESET")]),
]


def modelled(reply):
    """CLIENT INFO lines: keep only the fields both servers model the same way."""
    if isinstance(reply, bytes) and reply.startswith(b"id="):
        fields = dict(f.split(b"=", 1) for f in reply.strip().split(b" ") if b"=" in f)
        return {k: fields.get(k) for k in (b"flags", b"db", b"sub", b"multi", b"cmd", b"resp")}
    if isinstance(reply, list):
        return [modelled(r) for r in reply]
    if isinstance(reply, dict):
        return {k: v for k, v in reply.items() if k not in (b"id",)}
    return reply


def run(port):
    a, b = Conn(port, timeout=10), Conn(port, timeout=10)
    results = []
    for name, steps in SCENARIOS:
        for conn in (a, b):
            conn.send(encode("FLUSHALL"))
            conn.reply()
        a.send(encode("DEBUG", "SET-ACTIVE-EXPIRE", "0"))
        a.reply()
        out = []
        for who, *args in steps:
            if who == "sleep":
                time.sleep(args[0])
                continue
            conn = a if who == A else b
            conn.send(encode(*args))
            out.append(modelled(conn.reply()))
        results.append((name, out))
    a.send(encode("DEBUG", "SET-ACTIVE-EXPIRE", "1"))
    a.reply()
    return results


def main():
    got = run_on_both("transactions_test", run, "--enable-debug-command", "yes")
    if got is None:
        return 77
    _, want, have = got
    return report_scenarios("transactions_test", want, have, "every reply equal to redis-server's")

if __name__ == "__main__":
    sys.exit(main())
