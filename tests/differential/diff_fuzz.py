#!/usr/bin/env python3
"""Differential fuzzing of the collection commands (issue 4): redsim against a real
Redis 7.0.

For each seed, a random but reproducible sequence of commands over lists, hashes, sets,
sorted sets and SORT/SORT_RO (plus TYPE, OBJECT ENCODING, EXISTS, DEL and CONFIG SET of
the encoding thresholds) is sent to `redsim serve` and to `redis-server`, and every
reply is compared. The key space is tiny so that commands collide on types (WRONGTYPE
paths), members come from small pools (integers, non-integers, long values around the
configured thresholds), and a share of the arguments is malformed on purpose.

Replies are compared exactly, except where Redis's reply order legitimately depends on
its random hash seed or on randomness; those are normalised, never skipped:
  - hashtable encodings (SMEMBERS, HKEYS, HVALS, HGETALL, SUNION, ...): compared as
    multisets (HGETALL as field/value pairs); small encodings stay exact;
  - SRANDMEMBER / HRANDFIELD / ZRANDMEMBER / SPOP: the reply's shape (count,
    distinctness) is checked on each side and every element is verified against the
    collection read right after; SPOP's two different pops are then evened out with
    SREM so both servers keep the same data;
  - HSCAN / SSCAN / ZSCAN on hashtable encodings: the union after iterating to cursor 0.
After every command, `OBJECT ENCODING` of every key is compared; every few commands the
whole keyspace (type, content, encoding) is compared too.

Usage:
  diff_fuzz.py --redsim BIN --redis-server BIN [--seeds 1-5] [--commands 3000]
               [--all-cases] [--verbose]
On a mismatch it prints the seed, the command index, the command and both replies, and
the command line that replays the run.
"""

import argparse
import os
import random
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))

from serverutil import Conn, Server, encode, install_signal_exit  # noqa: E402
from serverutil import Error as Err  # noqa: E402

# ------------------------------------------------------------------ known mismatches
# Cases where redsim still differs from Redis 7.0.15 in the sorted-set commands
# (engine/commands/zsets.cpp, engine/types/zset.*), owned by another change. The
# committed ctest run does not generate them (so the suite stays green); run with
# --all-cases to see them. Each entry: (name, predicate over the argument list in
# upper case). Remove an entry once the bug is fixed.
KNOWN_ZSET_MISMATCHES = [
    # None known as of the commit that added this file (1.5 million commands over
    # 600+ seeds compared clean). Example entry:
    # ("ZADD GT+INCR reply", lambda up: up[0] == "ZADD" and "GT" in up and "INCR" in up),
]


def excluded(args):
    up = [a.upper() if isinstance(a, str) else a for a in args]
    return any(pred(up) for _name, pred in KNOWN_ZSET_MISMATCHES)


# ------------------------------------------------------------------ RESP client

class Status(bytes):
    """A simple-string reply's text."""


class Client(Conn):
    """serverutil's Conn with TCP_NODELAY, pipelined sends, and simple-string replies
    told apart from bulk strings. Replies: Status, Err, int, bytes, None, list."""

    def __init__(self, port):
        super().__init__(port, timeout=20)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send_many(self, cmds):
        self.send(b"".join(encode(*args) for args in cmds))

    def reply(self):
        line = self._line()
        if line[:1] == b"+":
            return Status(line[1:])
        self.buf = line + b"\r\n" + self.buf  # not a simple string: Conn reads it
        return super().reply()


def show(r):
    if isinstance(r, Err):
        return "(error) " + r.decode("latin-1")
    if isinstance(r, Status):
        return "+" + r.decode("latin-1")
    if isinstance(r, bytes):
        return repr(r.decode("latin-1"))
    if isinstance(r, list):
        s = "[" + ", ".join(show(x) for x in r[:40]) + (", ..." if len(r) > 40 else "") + "]"
        return s + (f" ({len(r)} items)" if len(r) > 40 else "")
    return repr(r)


def quote(a):
    s = a if isinstance(a, str) else a.decode("latin-1")
    if s == "" or any(c in s for c in " \"'\\") or not s.isprintable():
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def cmdline(args):
    return " ".join(quote(a) for a in args)


# ------------------------------------------------------------------ value pools

KEYS = ["k1", "k2", "k3", "k4", "k5"]
SMALL_INTS = [str(i) for i in range(-3, 13)]
ODD_INTS = ["007", "+3", "-0", "1.0", " 1", "2147483648", "-2147483649", "32768",
            "-32769", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "1e3", "0x10"]
WORDS = ["a", "b", "c", "d", "e", "f", "g", "h", "apple", "zeta", "", "A", "a b", "é"]
SCORES = ["0", "1", "2", "3", "-1", "-2.5", "1.5", "0.1", "10", "100", "-0", "+5", "3e2",
          "1e-5", "inf", "-inf", "+inf", "2.0", "1e308", "-1e308", "4.25", "7", "1e-320",
          "0x1p3", "Infinity", ".5", "5.", "0.30000000000000004", "1.7976931348623157e308"]
BAD_SCORES = ["nan", "abc", "", "1x", "inf5", "(1", "--1", "1e400", "1e-400", " 1", "1 ",
              "-nan"]
BAD_INTS = ["abc", "", "1.5", "9223372036854775808", "-9223372036854775809", "1e3",
            " 1", "0x1", "nan"]
COUNTS = ["0", "1", "2", "3", "5", "10", "-1", "-2", "-5", "-20", "100", "9223372036854775807",
          "4294967296"]
EXTREMES = ["9223372036854775807", "-9223372036854775808", "4294967295", "-4294967296",
            "2147483648", "-2147483649"]


class Gen:
    """Random commands; `self.cfg` mirrors the thresholds set through CONFIG SET."""

    def __init__(self, rng, wide=False):
        self.rng = rng
        self.cfg = {}
        self.family = None
        # Wide seeds draw members from bigger pools: bigger collections, more
        # hashtable encodings, intsets that grow to 32 and 64 bits.
        self.wide = wide

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p):
        return self.rng.random() < p

    def key(self):
        # Mostly the command type's own key or the key all types share (and fight
        # over), else any key: WRONGTYPE paths stay frequent without drowning the rest.
        r = self.rng.random()
        if r < 0.03:
            return "nokey"
        home = HOME_KEYS.get(self.family)
        if home and r < 0.85:
            return home[0] if r < 0.65 else home[1]
        return self.pick(KEYS)

    def longval(self, limit_name):
        n = int(self.cfg.get(limit_name, 8))
        n = max(1, n + self.rng.randint(-1, 1))
        return self.pick("xyz") * n

    def member(self, kind="any"):
        r = self.rng.random()
        if self.wide and r < 0.5:
            if kind == "int" or r < 0.3:
                return str(self.rng.randint(-100, 400) * self.pick([1, 1, 1, 70000, 2**40]))
            return "w" + str(self.rng.randint(0, 300))
        if kind == "int" or (kind == "any" and r < 0.45):
            return self.pick(SMALL_INTS) if self.chance(0.85) else self.pick(ODD_INTS)
        if r < 0.9 or kind == "word":
            return self.pick(WORDS)
        return self.longval(self.pick(["hash-max-listpack-value", "zset-max-listpack-value"]))

    def members(self, lo=1, hi=5, kind="any"):
        return [self.member(kind) for _ in range(self.rng.randint(lo, hi))]

    def count(self):
        if self.chance(0.08):
            return self.pick(BAD_INTS)
        return self.pick(COUNTS)

    def intarg(self):
        if self.chance(0.07):
            return self.pick(BAD_INTS)
        if self.chance(0.04):
            return self.pick(EXTREMES)
        return str(self.rng.randint(-8, 8))

    def score(self):
        if self.chance(0.05):
            return self.pick(BAD_SCORES)
        return self.pick(SCORES)

    def range_score(self):
        if self.chance(0.05):
            return self.pick(BAD_SCORES + ["(", "(nan", "((1"])
        s = self.pick(SCORES)
        return ("(" + s) if self.chance(0.3) else s

    def lex(self):
        if self.chance(0.05):
            return self.pick(["a", "", "(", "[", "x", "-a"])
        r = self.rng.random()
        if r < 0.15:
            return self.pick(["-", "+"])
        return self.pick("[(") + self.pick(WORDS + SMALL_INTS[:6])

    def mangle(self, args):
        """A share of malformed commands: arity off, garbage option appended."""
        r = self.rng.random()
        if r < 0.02 and len(args) > 1:
            return args[:-1]
        if r < 0.035:
            return args + [self.pick(["FOO", "LIMIT", "COUNT", "WITHSCORES", "1"])]
        return args

    # --- commands

    def gen(self):
        table = GENERATORS
        while True:
            name, fn, _w = table[self.weighted_index()]
            self.family = FAMILY.get(name)
            res = fn(self)
            args, mode = res if isinstance(res, tuple) else (res, "exact")
            if not excluded(args):
                return args, mode

    def weighted_index(self):
        total = TOTAL_WEIGHT
        x = self.rng.random() * total
        for i, (_n, _f, w) in enumerate(GENERATORS):
            x -= w
            if x < 0:
                return i
        return len(GENERATORS) - 1


# Each generator returns args or (args, mode); modes are handled in Fuzzer.compare.

def g_config(g):
    name, vals = g.pick(CONFIG_CHOICES)
    v = g.pick(vals) if not g.chance(0.05) else g.pick(["abc", "-1", "1.5", ""])
    return ["CONFIG", "SET", name, v], ("config", name, v)


CONFIG_CHOICES = [
    ("hash-max-listpack-entries", ["0", "1", "2", "3", "4", "6", "8", "128"]),
    ("hash-max-listpack-value", ["0", "1", "3", "5", "8", "16", "64"]),
    ("set-max-intset-entries", ["0", "1", "2", "3", "4", "6", "8", "512"]),
    ("zset-max-listpack-entries", ["0", "1", "2", "3", "4", "6", "8", "128"]),
    ("zset-max-listpack-value", ["0", "1", "3", "5", "8", "16", "64"]),
    ("list-max-listpack-size", ["-5", "-4", "-3", "-2", "-1", "1", "2", "3", "4", "8", "0"]),
    ("list-compress-depth", ["0", "1", "2", "3"]),
    ("hash-max-ziplist-entries", ["2", "4"]),
    ("zset-max-ziplist-value", ["4", "16"]),
]


def g_generic(g):
    r = g.rng.random()
    if r < 0.35:
        return ["TYPE", g.key()]
    if r < 0.55:
        return ["EXISTS"] + [g.key() for _ in range(g.rng.randint(1, 3))]
    if r < 0.75:
        return ["DEL"] + [g.key() for _ in range(g.rng.randint(1, 2))]
    if r < 0.85:
        return ["SET", g.key() if g.chance(0.3) else "k5", g.member()]
    if r < 0.92:
        return ["OBJECT", "ENCODING", g.key()]
    return ["EXPIRE", g.key(), "1000"] if g.chance(0.5) else ["PERSIST", g.key()]


# --- lists

def lmember(g):
    # Now and then a big element, around the byte limits of quicklist nodes
    # (list-max-listpack-size -1..-5 is 4..64 KiB; 8 KiB for an element alone).
    if g.chance(0.03):
        return g.pick("pqr") * g.pick([1000, 4000, 4096, 8191, 8192, 9000, 20000])
    return g.member()


def g_lpush(g):
    c = g.pick(["LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"])
    return g.mangle([c, g.key()] + [lmember(g) for _ in range(g.rng.randint(1, 6))])


def g_lpop(g):
    c = g.pick(["LPOP", "RPOP"])
    a = [c, g.key()]
    if g.chance(0.5):
        a.append(g.count())
    return g.mangle(a)


def g_lrange(g):
    return g.mangle(["LRANGE", g.key(), g.intarg(), g.intarg()])


def g_lmisc(g):
    r = g.rng.random()
    k = g.key()
    if r < 0.15:
        return ["LLEN", k]
    if r < 0.3:
        return g.mangle(["LINDEX", k, g.intarg()])
    if r < 0.45:
        return g.mangle(["LSET", k, g.intarg(), lmember(g)])
    if r < 0.6:
        return g.mangle(["LINSERT", k, g.pick(["BEFORE", "AFTER", "before", "MIDDLE"]),
                         g.member(), lmember(g)])
    if r < 0.75:
        return g.mangle(["LREM", k, g.intarg(), g.member()])
    return g.mangle(["LTRIM", k, g.intarg(), g.intarg()])


def g_lpos(g):
    a = ["LPOS", g.key(), g.member()]
    for _ in range(g.rng.randint(0, 3)):
        o = g.pick(["RANK", "COUNT", "MAXLEN"])
        a += [o, g.intarg() if o == "RANK" else g.pick(["0", "1", "2", "5", "-1", "abc"])]
    return g.mangle(a)


def g_lmove(g):
    r = g.rng.random()
    if r < 0.3:
        return g.mangle(["RPOPLPUSH", g.key(), g.key()])
    if r < 0.7:
        return g.mangle(["LMOVE", g.key(), g.key(), g.pick(["LEFT", "RIGHT", "left", "UP"]),
                         g.pick(["LEFT", "RIGHT", "right"])])
    n = g.rng.randint(1, 3)
    a = ["LMPOP", g.pick([str(n)] * 8 + ["0", "-1", "abc", "5"])] + [g.key() for _ in range(n)]
    a.append(g.pick(["LEFT", "RIGHT", "left", "MIDDLE"]))
    if g.chance(0.5):
        a += ["COUNT", g.count()]
    return g.mangle(a)


# --- hashes

def hfield(g):
    return g.member() if g.chance(0.85) else g.longval("hash-max-listpack-value")


def g_hset(g):
    c = g.pick(["HSET", "HSET", "HMSET", "HSETNX"])
    k = g.key()
    if c == "HSETNX":
        return g.mangle([c, k, hfield(g), hfield(g)])
    a = [c, k]
    for _ in range(g.rng.randint(1, 4)):
        a += [hfield(g), hfield(g)]
    return g.mangle(a)


def g_hread(g):
    r = g.rng.random()
    k = g.key()
    if r < 0.2:
        return ["HGET", k, hfield(g)]
    if r < 0.35:
        return ["HMGET", k] + [hfield(g) for _ in range(g.rng.randint(1, 4))]
    if r < 0.45:
        return ["HEXISTS", k, hfield(g)]
    if r < 0.55:
        return ["HLEN", k]
    if r < 0.65:
        return ["HSTRLEN", k, hfield(g)]
    if r < 0.75:
        return ["HKEYS", k], ("hash", "keys", k)
    if r < 0.85:
        return ["HVALS", k], ("hash", "vals", k)
    return ["HGETALL", k], ("hash", "pairs", k)


def g_hdel(g):
    return g.mangle(["HDEL", g.key()] + [hfield(g) for _ in range(g.rng.randint(1, 3))])


def g_hincr(g):
    if g.chance(0.5):
        return g.mangle(["HINCRBY", g.key(), hfield(g), g.intarg() if g.chance(0.9)
                         else g.pick(["9223372036854775807", "-9223372036854775808"])])
    inc = g.pick(["1", "0.5", "-1.25", "1e3", "3.0e-2", "0.1", "-0", "inf", "nan", "abc",
                  "1e308", "10.50", "5"])
    return g.mangle(["HINCRBYFLOAT", g.key(), hfield(g), inc])


def g_hrand(g):
    a = ["HRANDFIELD", g.key()]
    if g.chance(0.75):
        a.append(g.count() if g.chance(0.97) else "-9223372036854775807")
        if g.chance(0.5) or a[-1] == "-9223372036854775807":
            a.append("WITHVALUES")
    elif g.chance(0.1):
        a.append("-9223372036854775808")
    # (no mangling with the huge count: without WITHVALUES it would ask for 2^63 fields)
    return (a if "-9223372036854775807" in a else g.mangle(a)), ("random", "hash")


def g_hscan(g):
    return scan_args(g, "HSCAN"), ("scan", "hash")


def scan_args(g, cmd):
    a = [cmd, g.key(), "0" if g.chance(0.9) else g.pick(["abc", "-", "1.5"])]
    if g.chance(0.3):
        a += ["MATCH", g.pick(["*", "a*", "1*", "*e*", "[a-c]", "x*"])]
    if g.chance(0.3):
        a += ["COUNT", g.pick(["1", "2", "10", "0", "-1", "abc"])]
    if g.chance(0.03):
        a += ["NOVALUES"]
    return a


# --- sets

def g_sadd(g):
    kind = g.pick(["int", "int", "any"])
    return g.mangle(["SADD", g.key()] + g.members(1, 6, kind))


def g_sread(g):
    r = g.rng.random()
    k = g.key()
    if r < 0.25:
        return g.mangle(["SREM", k] + g.members(1, 3))
    if r < 0.4:
        return ["SISMEMBER", k, g.member()]
    if r < 0.5:
        return ["SMISMEMBER", k] + g.members(1, 4)
    if r < 0.65:
        return ["SCARD", k]
    if r < 0.85:
        return ["SMEMBERS", k], ("set", "members", [k])
    return g.mangle(["SMOVE", g.key(), g.key(), g.member()])


def g_salg(g):
    c = g.pick(["SINTER", "SUNION", "SDIFF", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE",
                "SINTERCARD"])
    keys = [g.key() for _ in range(g.rng.randint(1, 3))]
    if c == "SINTERCARD":
        n = str(len(keys)) if g.chance(0.9) else g.pick(["0", "-1", "abc", "9"])
        a = [c, n] + keys
        if g.chance(0.5):
            a += ["LIMIT", g.pick(["0", "1", "2", "5", "-1", "abc"])]
        return g.mangle(a)
    if c.endswith("STORE"):
        return g.mangle([c, g.key()] + keys)
    return [c] + keys, ("set", c, keys)


def g_srand(g):
    if g.chance(0.4):
        a = ["SPOP", g.key()]
        if g.chance(0.7):
            a.append(g.pick(["0", "1", "2", "3", "5", "100", "-1", "abc"]))
        return g.mangle(a), ("spop",)
    a = ["SRANDMEMBER", g.key()]
    if g.chance(0.75):
        a.append(g.count())
    return g.mangle(a), ("random", "set")


def g_sscan(g):
    return scan_args(g, "SSCAN"), ("scan", "set")


# --- sorted sets

def zmember(g):
    return g.member() if g.chance(0.9) else g.longval("zset-max-listpack-value")


def g_zadd(g):
    a = ["ZADD", g.key()]
    for o in ["NX", "XX", "GT", "LT", "CH", "INCR"]:
        if g.chance(0.1):
            a.append(o)
    for _ in range(g.rng.randint(1, 4) if "INCR" not in a or g.chance(0.2) else 1):
        a += [g.score(), zmember(g)]
    return g.mangle(a)


def g_zmisc(g):
    r = g.rng.random()
    k = g.key()
    if r < 0.12:
        return g.mangle(["ZINCRBY", k, g.score(), zmember(g)])
    if r < 0.24:
        return g.mangle(["ZREM", k] + [zmember(g) for _ in range(g.rng.randint(1, 3))])
    if r < 0.3:
        return ["ZCARD", k]
    if r < 0.4:
        return g.mangle(["ZCOUNT", k, g.range_score(), g.range_score()])
    if r < 0.48:
        return g.mangle(["ZLEXCOUNT", k, g.lex(), g.lex()])
    if r < 0.58:
        return ["ZSCORE", k, zmember(g)]
    if r < 0.66:
        return ["ZMSCORE", k] + [zmember(g) for _ in range(g.rng.randint(1, 3))]
    if r < 0.8:
        a = [g.pick(["ZRANK", "ZREVRANK"]), k, zmember(g)]
        return g.mangle(a)
    if r < 0.9:
        c = g.pick(["ZPOPMIN", "ZPOPMAX"])
        a = [c, k]
        if g.chance(0.6):
            a.append(g.count())
        return g.mangle(a)
    n = g.rng.randint(1, 3)
    a = ["ZMPOP", g.pick([str(n)] * 8 + ["0", "-1", "abc"])] + [g.key() for _ in range(n)]
    a.append(g.pick(["MIN", "MAX", "min", "MID"]))
    if g.chance(0.5):
        a += ["COUNT", g.count()]
    return g.mangle(a)


def g_zrange(g):
    k = g.key()
    r = g.rng.random()
    if r < 0.35:
        a = ["ZRANGE", k]
        by = g.pick([None, None, "BYSCORE", "BYLEX"])
        if by == "BYSCORE":
            a += [g.range_score(), g.range_score(), by]
        elif by == "BYLEX":
            a += [g.lex(), g.lex(), by]
        else:
            a += [g.intarg(), g.intarg()]
        if g.chance(0.3):
            a.append("REV")
        if g.chance(0.3):
            a += ["LIMIT", g.intarg(), g.intarg()]
        if g.chance(0.4):
            a.append("WITHSCORES")
        return g.mangle(a)
    if r < 0.45:
        a = ["ZRANGESTORE", g.key(), k]
        by = g.pick([None, "BYSCORE", "BYLEX"])
        if by == "BYSCORE":
            a += [g.range_score(), g.range_score(), by]
        elif by == "BYLEX":
            a += [g.lex(), g.lex(), by]
        else:
            a += [g.intarg(), g.intarg()]
        if g.chance(0.3):
            a.append("REV")
        if g.chance(0.3):
            a += ["LIMIT", g.intarg(), g.intarg()]
        return g.mangle(a)
    if r < 0.6:
        c = g.pick(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"])
        a = [c, k, g.range_score(), g.range_score()]
        if g.chance(0.4):
            a.append("WITHSCORES")
        if g.chance(0.3):
            a += ["LIMIT", g.intarg(), g.intarg()]
        return g.mangle(a)
    if r < 0.72:
        c = g.pick(["ZRANGEBYLEX", "ZREVRANGEBYLEX"])
        a = [c, k, g.lex(), g.lex()]
        if g.chance(0.3):
            a += ["LIMIT", g.intarg(), g.intarg()]
        return g.mangle(a)
    if r < 0.8:
        a = ["ZREVRANGE", k, g.intarg(), g.intarg()]
        if g.chance(0.4):
            a.append("WITHSCORES")
        return g.mangle(a)
    c = g.pick(["ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX"])
    if c == "ZREMRANGEBYRANK":
        return g.mangle([c, k, g.intarg(), g.intarg()])
    if c == "ZREMRANGEBYSCORE":
        return g.mangle([c, k, g.range_score(), g.range_score()])
    return g.mangle([c, k, g.lex(), g.lex()])


def g_zrand(g):
    a = ["ZRANDMEMBER", g.key()]
    if g.chance(0.75):
        a.append(g.count() if g.chance(0.97) else "-9223372036854775807")
        if g.chance(0.5) or a[-1] == "-9223372036854775807":
            a.append("WITHSCORES")
    return (a if "-9223372036854775807" in a else g.mangle(a)), ("random", "zset")


def g_zalg(g):
    c = g.pick(["ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE",
                "ZINTERCARD"])
    n = g.rng.randint(1, 3)
    keys = [g.key() for _ in range(n)]
    ns = str(n) if g.chance(0.92) else g.pick(["0", "-1", "abc", "5"])
    a = [c]
    if c.endswith("STORE"):
        a.append(g.key())
    a += [ns] + keys
    if c == "ZINTERCARD":
        if g.chance(0.5):
            a += ["LIMIT", g.pick(["0", "1", "2", "-1", "abc"])]
        return g.mangle(a)
    if c not in ("ZDIFF", "ZDIFFSTORE"):
        if g.chance(0.3):
            a.append("WEIGHTS")
            a += [g.pick(["1", "2", "0", "-1", "0.5", "inf", "-inf", "abc"]) for _ in range(n)]
        if g.chance(0.3):
            a += ["AGGREGATE", g.pick(["SUM", "MIN", "MAX", "sum", "AVG"])]
    if not c.endswith("STORE") and g.chance(0.4):
        a.append("WITHSCORES")
    return g.mangle(a)


def g_zscan(g):
    return scan_args(g, "ZSCAN"), ("scan", "zset")


# --- SORT

def g_sort_setup(g):
    # Weight keys for BY/GET patterns: strings w_<m> and hashes h_<m>.
    m = g.pick(SMALL_INTS[:8] + WORDS[:6])
    if g.chance(0.6):
        return ["SET", "w_" + m, g.pick(SMALL_INTS + ["1.5", "x", "-inf", "b", "a"])]
    return ["HSET", "h_" + m, g.pick(["f", "g"]), g.pick(SMALL_INTS + ["x", "2.5"])]


def g_sort(g):
    c = g.pick(["SORT", "SORT", "SORT_RO"])
    k = g.key()
    a = [c, k]
    by = None
    if g.chance(0.4):
        by = g.pick(["w_*", "h_*->f", "nosort", "w_*", "h_*->g", "x"])
        a += ["BY", by]
    if g.chance(0.3):
        a += ["LIMIT", g.intarg(), g.intarg()]
    for _ in range(g.rng.randint(0, 2) if g.chance(0.3) else 0):
        a += ["GET", g.pick(["#", "w_*", "h_*->f", "h_*->", "x"])]
    if g.chance(0.3):
        a.append(g.pick(["ASC", "DESC", "desc"]))
    if g.chance(0.4):
        a.append("ALPHA")
    if c == "SORT" and g.chance(0.2):
        a += ["STORE", g.key()]
    return g.mangle(a), ("sort", k, by, "STORE" in a)


GENERATORS = [
    ("config", g_config, 2), ("generic", g_generic, 4), ("del", lambda g: ["DEL", g.key()], 3),
    ("lpush", g_lpush, 7), ("lpop", g_lpop, 3), ("lrange", g_lrange, 3),
    ("lmisc", g_lmisc, 6), ("lpos", g_lpos, 2), ("lmove", g_lmove, 3),
    ("hset", g_hset, 7), ("hread", g_hread, 6), ("hdel", g_hdel, 2),
    ("hincr", g_hincr, 3), ("hrand", g_hrand, 3), ("hscan", g_hscan, 2),
    ("sadd", g_sadd, 7), ("sread", g_sread, 7), ("salg", g_salg, 4),
    ("srand", g_srand, 4), ("sscan", g_sscan, 2),
    ("zadd", g_zadd, 8), ("zmisc", g_zmisc, 8), ("zrange", g_zrange, 8),
    ("zrand", g_zrand, 2), ("zalg", g_zalg, 4), ("zscan", g_zscan, 2),
    ("sortsetup", g_sort_setup, 2), ("sort", g_sort, 4),
]
TOTAL_WEIGHT = sum(w for _n, _f, w in GENERATORS)
FAMILY = {n: f for f, names in {
    "list": ["lpush", "lpop", "lrange", "lmisc", "lpos", "lmove"],
    "hash": ["hset", "hread", "hdel", "hincr", "hrand", "hscan"],
    "set": ["sadd", "sread", "salg", "srand", "sscan"],
    "zset": ["zadd", "zmisc", "zrange", "zrand", "zalg", "zscan"]}.items() for n in names}
HOME_KEYS = {"list": ["k1", "k5"], "hash": ["k2", "k5"], "set": ["k3", "k5"], "zset": ["k4", "k5"]}


# ------------------------------------------------------------------ comparison

def is_canonical_int(m):
    try:
        v = int(m)
    except ValueError:
        return False
    return -2**63 <= v < 2**63 and str(v).encode() == m


class Mismatch(Exception):
    pass


class Fuzzer:
    def __init__(self, a, b, seed, ncmds, verbose):
        self.a, self.b = a, b  # a: redis (the reference), b: redsim
        self.seed = seed
        self.ncmds = ncmds
        self.verbose = verbose
        self.rng = random.Random(seed)
        self.g = Gen(self.rng, wide=seed % 3 == 2)
        self.index = 0
        self.args = None
        self.enc = {k: None for k in KEYS + ["nokey"]}

    # Both servers get the same commands; replies come back as (redis, redsim).
    def both(self, *cmds):
        self.a.send_many(cmds)
        self.b.send_many(cmds)
        ra = [self.a.reply() for _ in cmds]
        rb = [self.b.reply() for _ in cmds]
        return ra, rb

    def fail(self, what, ra, rb):
        encs = " ".join(f"{k}={v}" for k, v in self.enc.items() if v)
        raise Mismatch(f"{what}\n  redis:  {show(ra)}\n  redsim: {show(rb)}\n"
                       f"  encodings before the command: {encs or '(empty keyspace)'}")

    def run(self):
        self.both(["FLUSHALL"])
        for name, _vals in CONFIG_CHOICES[:7]:
            v = self.g.pick(_vals[:-1]) if self.g.chance(0.8) else _vals[-1]
            ra, rb = self.both(["CONFIG", "SET", name, v])
            self.g.cfg[name] = v
        for self.index in range(self.ncmds):
            args, mode = self.g.gen()
            self.args = args
            self.step(args, mode)
            self.check_encodings()
            if self.index % 25 == 24:
                self.check_keyspace()
        self.check_keyspace()

    def step(self, args, mode):
        kind = mode if isinstance(mode, str) else mode[0]
        if kind == "scan":
            return self.scan(args, mode[1])
        pre = self.enc
        lex_dst = self.unspecified_lex(args)
        if kind == "sort":
            # Redis 7.0's SORT tests errno == ERANGE after strtod without clearing errno
            # first, so a "1e400" parsed by any earlier command makes it fail with "One
            # or more scores can't be converted into double". INCRBYFLOAT clears errno
            # (string2ld sets it to 0), so the SORT sees a clean errno, as redsim does.
            (_, ra), (_, rb) = self.both(["INCRBYFLOAT", "fz:errno", "0"], args)
        else:
            (ra,), (rb,) = self.both(args)
        if STATS is not None:
            st = STATS.setdefault(args[0].upper(), [0, 0, 0])
            st[0] += 1
            if isinstance(ra, Err):
                st[1 if ra.startswith(b"WRONGTYPE") else 2] += 1
        if self.verbose:
            print(f"{self.index}: {cmdline(args)} -> {show(ra)}")
        if lex_dst is not False and not isinstance(ra, Err) and not isinstance(rb, Err):
            # Unspecified in Redis: only the reply's type is compared, and what the
            # command wrote is copied from Redis to redsim.
            if type(ra) is not type(rb):
                self.fail("reply type (lex range over a skiplist with mixed scores)", ra, rb)
            if lex_dst:
                self.copy_zset(lex_dst)
            return
        if isinstance(ra, Err) or isinstance(rb, Err) or kind == "exact":
            if ra != rb or type(ra) is not type(rb):
                self.fail("reply", ra, rb)
            return
        if kind == "config":
            if ra != rb or type(ra) is not type(rb):
                self.fail("reply", ra, rb)
            if isinstance(ra, Status):
                name = mode[1].replace("ziplist", "listpack")
                self.g.cfg[name] = mode[2] or "0"
            return
        if kind == "hash":
            _, what, k = mode
            if pre[k] == "hashtable":
                if what == "pairs":
                    ra, rb = sorted(pairs(ra)), sorted(pairs(rb))
                else:
                    ra, rb = sorted(ra), sorted(rb)
            self.same("reply", ra, rb)
            return
        if kind == "set":
            _, c, keys = mode
            ordered = all(pre.get(k) in ("intset", None) for k in keys)
            if c in ("SUNION", "SDIFF"):
                # The result is built in a fresh set that is an intset while it can be.
                n = int(self.g.cfg.get("set-max-intset-entries", 512))
                ordered = isinstance(ra, list) and len(ra) <= n and all(
                    is_canonical_int(m) for m in ra)
            if not ordered and isinstance(ra, list) and isinstance(rb, list):
                ra, rb = sorted(ra), sorted(rb)
            self.same("reply", ra, rb)
            return
        if kind == "sort":
            return self.sort_reply(args, mode, pre, ra, rb)
        if kind == "random":
            return self.random_reply(args, mode[1], pre, ra, rb)
        if kind == "spop":
            return self.spop(args, pre, ra, rb)
        raise AssertionError(mode)

    def sort_reply(self, args, mode, pre, ra, rb):
        _, k, by, store = mode
        up = [x.upper() for x in args]
        enc = pre.get(k)
        limit = "LIMIT" in up
        unordered = False
        if by is not None and "*" not in by:
            # BY without '*': no sorting, a set keeps its hash order (STORE sorts it).
            unordered = enc == "hashtable" and not store
        elif by is not None and "ALPHA" in up:
            # ALPHA BY: equal sort keys (e.g. two missing weights) compare equal, so they
            # come out in the order the elements were loaded: hash order for a
            # hashtable set or any sorted set (SORT walks the zset's dict).
            unordered = enc in ("hashtable", "skiplist", "listpack")
        if not unordered:
            self.same("reply", ra, rb)
            return
        if isinstance(ra, list) and isinstance(rb, list):
            if limit:
                ra, rb = len(ra), len(rb)
            else:
                ra, rb = sorted(ra, key=repr), sorted(rb, key=repr)
        self.same("reply (order-free: equal ALPHA sort keys or hash order)", ra, rb)
        if store and not isinstance(ra, Err):
            dst = args[up.index("STORE") + 1]
            la = self.a.call("LRANGE", dst, 0, -1)
            lb = self.b.call("LRANGE", dst, 0, -1)
            if (len(la) if limit else sorted(la)) != (len(lb) if limit else sorted(lb)):
                self.fail("stored list (order-free)", la, lb)
            # Make both stored lists identical again (Redis's order).
            self.b.call("DEL", dst)
            if la:
                self.b.call("RPUSH", dst, *la)

    def unspecified_lex(self, args):
        """Lex ranges assume all scores are equal. On a listpack Redis scans from the
        head, which is deterministic, but on a skiplist with different scores the
        result depends on the random node levels: Redis documents it as unspecified.
        Returns False when the command is not such a case, else the key it writes
        (None for read-only commands)."""
        up = [x.upper() for x in args]
        c = up[0]
        if c in ("ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT", "ZREMRANGEBYLEX"):
            src, dst = 1, (1 if c == "ZREMRANGEBYLEX" else None)
        elif c == "ZRANGE" and "BYLEX" in up:
            src, dst = 1, None
        elif c == "ZRANGESTORE" and "BYLEX" in up:
            src, dst = 2, 1
        else:
            return False
        if len(args) <= src or self.enc.get(args[src]) != "skiplist":
            return False
        lo = self.a.call("ZRANGE", args[src], 0, 0, "WITHSCORES")
        hi = self.a.call("ZRANGE", args[src], -1, -1, "WITHSCORES")
        if lo[1] == hi[1]:
            return False
        return args[dst] if dst is not None else None

    def copy_zset(self, k):
        """Gives redsim's key k Redis's content and encoding (a zset or nothing)."""
        t = self.a.call("TYPE", k)
        if t != b"zset":
            self.b.call("DEL", k)
            return
        ttl = self.a.call("PTTL", k)
        data = self.a.call("ZRANGE", k, 0, -1, "WITHSCORES")
        enc = self.encoding(k)
        big = "1000000" if enc == "listpack" else "0"
        self.b.call("DEL", k)
        self.b.send_many([["CONFIG", "SET", "zset-max-listpack-entries", big,
                      "zset-max-listpack-value", big],
                     ["ZADD", k] + [x for m, sc in pairs(data) for x in (sc, m)],
                     ["CONFIG", "SET", "zset-max-listpack-entries",
                      self.g.cfg.get("zset-max-listpack-entries", "128"),
                      "zset-max-listpack-value", self.g.cfg.get("zset-max-listpack-value", "64")]])
        for _ in range(3):
            r = self.b.reply()
            if isinstance(r, Err):
                raise Mismatch(f"copying {k} to redsim: {show(r)}")
        if ttl > 0:
            self.b.call("PEXPIRE", k, ttl)

    def same(self, what, ra, rb):
        if ra != rb or type(ra) is not type(rb) or (
                isinstance(ra, list) and [type(x) for x in ra] != [type(x) for x in rb]):
            self.fail(what, ra, rb)

    def encoding(self, k):
        r = self.a.call("OBJECT", "ENCODING", k)
        return None if r is None else r.decode()

    def check_encodings(self):
        ra, rb = self.both(*[["OBJECT", "ENCODING", k] for k in KEYS + ["nokey"]])
        for k, x, y in zip(KEYS + ["nokey"], ra, rb):
            if x != y:
                self.fail(f"OBJECT ENCODING {k} after the command", x, y)
        # What the next command starts from (the reply normalisations depend on it).
        self.enc = {k: (None if x is None else x.decode()) for k, x in zip(KEYS + ["nokey"], ra)}

    def content(self, cl, k):
        """(type, normalised content) of key k on one server."""
        t = cl.call("TYPE", k)
        if t == b"list":
            return t, cl.call("LRANGE", k, 0, -1)
        if t == b"hash":
            return t, sorted(pairs(cl.call("HGETALL", k)))
        if t == b"set":
            return t, sorted(cl.call("SMEMBERS", k))
        if t == b"zset":
            return t, cl.call("ZRANGE", k, 0, -1, "WITHSCORES")
        if t == b"string":
            return t, cl.call("GET", k)
        return t, None

    def check_keyspace(self):
        for k in KEYS + ["nokey"]:
            x, y = self.content(self.a, k), self.content(self.b, k)
            if x != y:
                self.fail(f"content of {k}", x, y)
        ka = sorted(self.a.call("KEYS", "*"))
        kb = sorted(self.b.call("KEYS", "*"))
        if ka != kb:
            self.fail("KEYS *", ka, kb)

    # --- random commands: the shape of each reply, and its elements against the data

    def random_reply(self, args, typ, pre, ra, rb):
        k = args[1]
        up = [x.upper() for x in args]
        withv = "WITHVALUES" in up or "WITHSCORES" in up
        has_count = len(args) >= 3
        if type(ra) is not type(rb):
            self.fail("reply type", ra, rb)
        ca, cb = self.content(self.a, k), self.content(self.b, k)
        if ca != cb:
            self.fail(f"content of {k}", ca, cb)
        t, data = ca
        if typ == "set":
            universe = {m: None for m in (data or [])}
        elif typ == "hash":
            universe = dict(data or [])
        else:
            universe = dict(pairs(data or []))
        if not has_count:
            if ra is None or rb is None:
                self.same("reply", ra, rb)
                return
            if ra not in universe or rb not in universe:
                self.fail("random member not in the collection", ra, rb)
            return
        count = int(args[2])
        size = len(universe)
        for r in (ra, rb):
            items = pairs(r) if withv else [(m, None) for m in r]
            want = min(count, size) if count >= 0 else (-count if size else 0)
            if len(items) != want:
                self.fail(f"reply length (want {want})", ra, rb)
            for m, v in items:
                if m not in universe or (withv and universe[m] != v):
                    self.fail(f"element {m!r} not in the collection", ra, rb)
            if count >= 0 and len({m for m, _ in items}) != len(items):
                self.fail("repeated elements with a positive count", ra, rb)
        if count >= size and count > 0:
            # Redis returns the whole collection in its own iteration order.
            if pre.get(k) in ("listpack", "intset"):
                self.same("reply (whole collection, ordered encoding)", ra, rb)
            else:
                self.same("reply (whole collection)", sorted(ra), sorted(rb))

    def spop(self, args, pre, ra, rb):
        k = args[1]
        if type(ra) is not type(rb):
            self.fail("reply type", ra, rb)
        if ra is None:
            self.same("reply", ra, rb)
            return
        ta, da = self.content(self.a, k)
        tb, db = self.content(self.b, k)
        la = ra if isinstance(ra, list) else [ra]
        lb = rb if isinstance(rb, list) else [rb]
        if len(la) != len(lb) or len(set(la)) != len(la) or len(set(lb)) != len(lb):
            self.fail("SPOP reply shape", ra, rb)
        if set(la) & set(da or []) or set(lb) & set(db or []):
            self.fail("SPOP: a popped member is still in the set", ra, rb)
        if set(la) | set(da or []) != set(lb) | set(db or []):
            self.fail("SPOP: popped + remaining differ", (la, da), (lb, db))
        n = int(self.g.cfg.get("set-max-intset-entries", 512))
        if not da and isinstance(ra, list) and len(ra) <= n and all(map(is_canonical_int, ra)):
            # Everything popped at once: Redis replies with the union of the set alone,
            # built as an intset (sorted) while it can be.
            self.same("SPOP of the whole set (as SUNION)", ra, rb)
        # Even out the two pops: each side also removes what the other popped.
        only_b = [m for m in lb if m not in set(la)]
        only_a = [m for m in la if m not in set(lb)]
        if only_b:
            self.a.call("SREM", k, *only_b)
        if only_a:
            self.b.call("SREM", k, *only_a)
        ca, cb = self.content(self.a, k), self.content(self.b, k)
        if ca != cb:
            self.fail("content after evening out SPOP", ca, cb)

    # --- SCAN family: iterate to cursor 0 on both, compare the union

    def scan(self, args, typ):
        k = args[1]
        enc = self.enc.get(k)
        (ra,), (rb,) = self.both(args)
        if self.verbose:
            print(f"{self.index}: {cmdline(args)} -> {show(ra)}")
        if isinstance(ra, Err) or isinstance(rb, Err) or enc != "hashtable" and enc != "skiplist":
            self.same("reply", ra, rb)
            if not isinstance(ra, Err) and isinstance(ra, list) and isinstance(rb, list):
                self.same("cursor", ra[0], rb[0])
            return
        results = []
        for cl, first in ((self.a, ra), (self.b, rb)):
            seen = []
            r = first
            for _ in range(10000):
                if not isinstance(r, list) or len(r) != 2:
                    self.fail("scan reply shape", ra, rb)
                seen += r[1]
                if r[0] == b"0":
                    break
                r = cl.call(args[0], k, r[0], *args[3:])
            else:
                self.fail("scan did not end", ra, rb)
            if typ == "set":
                results.append(sorted(set(seen)))
            else:
                results.append(sorted(set(pairs(seen))))
        self.same("scan union", results[0], results[1])


def pairs(flat):
    if not isinstance(flat, list):
        return flat
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat) - 1, 2)]


STATS = None  # --stats: command -> [sent, WRONGTYPE replies, other errors]


def parse_seeds(text):
    out = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            out += range(int(lo), int(hi) + 1)
        else:
            out.append(int(part))
    return out


def main():
    install_signal_exit()
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    ap.add_argument("--seeds", default="1-4")
    ap.add_argument("--commands", type=int, default=2500)
    ap.add_argument("--all-cases", action="store_true",
                    help="also generate the known zset mismatches")
    ap.add_argument("--keep-going", action="store_true", help="report every failing seed")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--stats", action="store_true", help="per command: sent, errors")
    ap.add_argument("--self-check", action="store_true",
                    help="a second redis-server in redsim's place: checks that the "
                         "normalisations hide nothing but hash order and randomness")
    opts = ap.parse_args()
    if opts.stats:
        global STATS
        STATS = {}
    if opts.all_cases:
        KNOWN_ZSET_MISMATCHES.clear()
    opts.redsim = os.path.abspath(opts.redsim)
    seeds = parse_seeds(opts.seeds)
    start = time.monotonic()
    failed = []
    total = 0
    other = Server(opts.redis_server, real=True) if opts.self_check else Server(opts.redsim)
    with Server(opts.redis_server, real=True) as real, other as sim:
        for seed in seeds:
            a, b = Client(real.port), Client(sim.port)
            f = Fuzzer(a, b, seed, opts.commands, opts.verbose)
            try:
                f.run()
                total += opts.commands
            except Mismatch as e:
                total += f.index + 1
                failed.append(seed)
                print(f"MISMATCH seed {seed} command #{f.index}: {cmdline(f.args)}\n{e}", flush=True)
                print(f"  replay: {sys.argv[0]} --redsim {opts.redsim} --redis-server "
                      f"{opts.redis_server} --seeds {seed} --commands {f.index + 1} "
                      f"{'--all-cases ' if opts.all_cases else ''}--verbose")
                if not opts.keep_going:
                    break
                # Restart from a clean connection state for the next seed.
            except (EOFError, ConnectionError, socket.timeout) as e:
                failed.append(seed)
                print(f"CONNECTION LOST seed {seed} command #{f.index}: {cmdline(f.args)}: {e}")
                print(f"redsim alive: {sim.alive()}; its log:\n{sim.log_text()[-2000:]}")
                break
            finally:
                a.sock.close()
                b.sock.close()
    took = time.monotonic() - start
    if STATS:
        for name, (n, wt, er) in sorted(STATS.items()):
            print(f"  {name:18} {n:7} sent {wt:6} WRONGTYPE {er:6} other errors")
    print(f"diff_fuzz: {len(seeds)} seeds, {total} commands, {len(failed)} failing "
          f"{failed if failed else ''} in {took:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
