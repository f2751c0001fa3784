#!/usr/bin/env python3
"""Random command sequences: the engine's keyspace events against redis-server's.

For each seed, a random sequence of write and read commands over a few shared keys
(so types collide: WRONGTYPE errors, keys created and emptied, stores onto keys of other
types) is recorded from a real redis-server with gen_fixture.py's machinery, written as
a temporary fixture, and then the doctest `notify.fixture*` runs the same commands on the
engine (REDSIM_NOTIFY_FIXTURE) and compares every event.

Only commands whose events do not depend on chance or on the clock are drawn (no SPOP,
no XADD *; short TTLs only right before an @sleep): the key-level events must match.
  notify_random.py --tests build/dev/tests/redsim_tests [--redis-server BIN]
                   [--seeds 1-5] [--commands 400]
Exit status 77 (skipped) without redis-server.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gen_fixture  # noqa: E402

# Every key a command may name: three per family (s strings, l lists, h hashes, t sets,
# z sorted sets, x streams) and the generic commands pick any of them.
KEYS = [f"{p}{i}" for p in "slhtzx" for i in (1, 2, 3)]
MEMBERS = ["m1", "m2", "m3", "m4", "5", "6"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.xid = 0
        self.prefix = ""

    def k(self):
        if self.prefix and self.r.random() < 0.85:
            return f"{self.prefix}{self.r.randint(1, 3)}"
        return self.r.choice(KEYS)

    def m(self):
        return self.r.choice(MEMBERS)

    def ms(self, lo=1, hi=3):
        return " ".join(self.m() for _ in range(self.r.randint(lo, hi)))

    def n(self, lo=-3, hi=5):
        return str(self.r.randint(lo, hi))

    def id(self):
        self.xid += 1
        return f"{self.xid}-1"

    def old_id(self):
        return f"{self.r.randint(1, max(1, self.xid))}-1"

    def command(self):
        r, k, m, n = self.r, self.k, self.m, self.n
        groups = {
            # strings, bitmaps, hyperloglog
            "s": [
                lambda: f"SET {k()} v " + r.choice(["", "NX", "XX", "GET", "EX 1000", "KEEPTTL"]),
                lambda: f"GETSET {k()} v", lambda: f"GETDEL {k()}",
                lambda: f"GETEX {k()} " + r.choice(["", "PERSIST", "EX 1000"]),
                lambda: f"SETNX {k()} v", lambda: f"MSET {k()} 1 {k()} 2", lambda: f"MSETNX {k()} 1 {k()} 2",
                lambda: f"INCR {k()}", lambda: f"INCRBY {k()} {n()}", lambda: f"INCRBYFLOAT {k()} 1.5",
                lambda: f"APPEND {k()} x", lambda: f"SETRANGE {k()} {n(0, 5)} " + r.choice(["xy", '""']),
                lambda: f"GET {k()}", lambda: f"SETBIT {k()} {n(0, 20)} {r.randint(0, 1)}",
                lambda: f"BITFIELD {k()} SET u8 {n(0, 16)} {n(0, 300)}",
                lambda: f"BITOP " + r.choice(["OR", "AND", "NOT"]) + f" {k()} {k()}",
                lambda: f"PFADD {k()} {self.ms(0, 3)}", lambda: f"PFMERGE {k()} {k()}", lambda: f"PFCOUNT {k()}",
            ],
            # generic
            "": [
                lambda: f"DEL {k()} {k()}", lambda: f"UNLINK {k()}", lambda: f"EXISTS {k()}", lambda: f"TYPE {k()}",
                lambda: f"RENAME {k()} {k()}", lambda: f"RENAMENX {k()} {k()}",
                lambda: f"COPY {k()} {k()} " + r.choice(["", "REPLACE", "DB 1", "DB 1 REPLACE"]),
                lambda: f"MOVE {k()} 1", lambda: f"EXPIRE {k()} 1000 " + r.choice(["", "NX", "XX"]),
                # GT/LT compare deadlines: absolute ones, so the clock cannot tip the result
                lambda: f"EXPIREAT {k()} {4000000000 + r.randint(0, 3)} " + r.choice(["", "GT", "LT"]),
                lambda: f"EXPIRE {k()} 0", lambda: f"PERSIST {k()}", lambda: f"TTL {k()}", lambda: f"TOUCH {k()}",
                lambda: f"SELECT {r.choice([0, 0, 0, 1])}",
                lambda: f"SORT {k()} ALPHA STORE {k()}",
            ],
            # lists
            "l": [
                lambda: r.choice(["LPUSH", "RPUSH", "LPUSHX", "RPUSHX"]) + f" {k()} {self.ms()}",
                lambda: r.choice(["LPOP", "RPOP"]) + f" {k()} " + r.choice(["", "1", "2", "5"]),
                lambda: f"LINSERT {k()} " + r.choice(["BEFORE", "AFTER"]) + f" {m()} {m()}",
                lambda: f"LSET {k()} {n(-2, 3)} {m()}", lambda: f"LREM {k()} {n(-2, 2)} {m()}",
                lambda: f"LTRIM {k()} {n(-3, 3)} {n(-3, 3)}",
                lambda: f"LMOVE {k()} {k()} " + r.choice(["LEFT", "RIGHT"]) + " " + r.choice(["LEFT", "RIGHT"]),
                lambda: f"RPOPLPUSH {k()} {k()}", lambda: f"LMPOP 2 {k()} {k()} LEFT COUNT {n(1, 3)}",
                lambda: f"LRANGE {k()} 0 -1",
            ],
            # hashes
            "h": [
                lambda: f"HSET {k()} {m()} v {m()} w", lambda: f"HSETNX {k()} {m()} v", lambda: f"HDEL {k()} {self.ms()}",
                lambda: f"HINCRBY {k()} {m()} {n()}", lambda: f"HINCRBYFLOAT {k()} {m()} 0.5", lambda: f"HGET {k()} {m()}",
            ],
            # sets
            "t": [
                lambda: f"SADD {k()} {self.ms()}", lambda: f"SREM {k()} {self.ms()}", lambda: f"SMOVE {k()} {k()} {m()}",
                lambda: r.choice(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]) + f" {k()} {k()} {k()}",
                lambda: f"SISMEMBER {k()} {m()}", lambda: f"SINTERCARD 2 {k()} {k()}",
            ],
            # sorted sets, geo
            "z": [
                lambda: f"ZADD {k()} " + r.choice(["", "NX", "XX", "GT", "LT", "CH", "INCR"]) + f" {n()} {m()}",
                lambda: f"ZADD {k()} {n()} {m()} {n()} {m()}", lambda: f"ZINCRBY {k()} {n()} {m()}",
                lambda: f"ZREM {k()} {self.ms()}", lambda: f"ZREMRANGEBYRANK {k()} {n(-2, 2)} {n(-2, 2)}",
                lambda: f"ZREMRANGEBYSCORE {k()} {n()} {n()}", lambda: f"ZREMRANGEBYLEX {k()} - [m2",
                lambda: r.choice(["ZPOPMIN", "ZPOPMAX"]) + f" {k()} " + r.choice(["", "1", "3"]),
                lambda: f"ZMPOP 2 {k()} {k()} " + r.choice(["MIN", "MAX"]) + f" COUNT {n(1, 3)}",
                lambda: f"ZRANGESTORE {k()} {k()} 0 {n(-1, 2)}",
                lambda: r.choice(["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]) + f" {k()} 2 {k()} {k()}",
                lambda: f"ZSCORE {k()} {m()}",
                lambda: f"GEOADD {k()} {n(0, 3)} {n(0, 3)} {m()}",
                lambda: f"GEOSEARCHSTORE {k()} {k()} FROMLONLAT 1 1 BYRADIUS 300 km",
                lambda: f"GEORADIUS {k()} 1 1 300 km STORE {k()}",
            ],
            # streams
            "x": [
                lambda: f"XADD {k()} " + r.choice(["", "NOMKSTREAM ", "MAXLEN 2 "]) + f"{self.id()} f v",
                lambda: f"XDEL {k()} {self.old_id()}", lambda: f"XTRIM {k()} MAXLEN {n(0, 3)}",
                lambda: f"XSETID {k()} {self.id()}",
                lambda: f"XGROUP CREATE {k()} g 0 " + r.choice(["", "MKSTREAM"]),
                lambda: f"XGROUP CREATECONSUMER {k()} g {r.choice(['c1', 'c2'])}",
                lambda: f"XGROUP DELCONSUMER {k()} g {r.choice(['c1', 'c2'])}", lambda: f"XGROUP DESTROY {k()} g",
                lambda: f"XGROUP SETID {k()} g 0",
                lambda: f"XREADGROUP GROUP g {r.choice(['c1', 'c2'])} COUNT 1 STREAMS {k()} >",
                lambda: f"XACK {k()} g {self.old_id()}", lambda: f"XCLAIM {k()} g c3 0 {self.old_id()}",
                lambda: f"XAUTOCLAIM {k()} g c4 0 0",
            ],
        }
        # Each family mostly uses keys of its own (s1, l2, z3…) so its commands act on
        # values of its type; now and then any key, for WRONGTYPE and cross-type stores.
        self.prefix = r.choice(list(groups))
        pick = r.choice(groups[self.prefix])
        if r.random() < 0.01:
            # Now and then a key gets a short TTL and time passes at once (no active
            # expiry on either side), so later commands meet it expired: lazy expiry.
            return f"PEXPIRE {self.k()} 30\n@sleep 60"
        return " ".join(pick().split())


def sequences(seed, count):
    g = Gen(seed)
    return {f"random{seed}": "\n".join(g.command() for _ in range(count))}


def parse_seeds(text):
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tests", required=True, help="the redsim_tests doctest binary")
    ap.add_argument("--redis-server", default=shutil.which("redis-server"))
    ap.add_argument("--seeds", default="1-5")
    ap.add_argument("--commands", type=int, default=400)
    args = ap.parse_args()
    if not args.redis_server or not os.path.exists(args.redis_server):
        print("notify_random: redis-server not found: skipped")
        return 77
    failed = 0
    with tempfile.TemporaryDirectory(prefix="redsim-notify-random-") as tmp:
        for seed in parse_seeds(args.seeds):
            path = os.path.join(tmp, f"seed{seed}.fixture")
            gen_fixture.run(args.redis_server, path, sequences(seed, args.commands))
            env = dict(os.environ, REDSIM_NOTIFY_FIXTURE=path)
            p = subprocess.run([args.tests, "-tc=notify.fixture*"], env=env, capture_output=True, text=True)
            if p.returncode != 0:
                failed += 1
                print(f"seed {seed}: FAIL\n{p.stdout[-6000:]}")
            else:
                print(f"seed {seed}: {args.commands} commands, events equal")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
