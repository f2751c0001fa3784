#!/usr/bin/env python3
"""Generates tests/notify/events.fixture: the keyspace events Redis 7.0 publishes.

For every family, a fixed sequence of commands runs on a fresh redis-server with
`notify-keyspace-events KEAnm` while a second connection is PSUBSCRIBEd to '*'. After
each command the script PUBLISHes a marker and reads the subscriber up to it, so it
knows exactly which (channel, message) pairs that one command caused, in order.
The fixture lists, per command, those pairs; tests/notify/notify_fixture_test.cpp runs
the same commands on the engine and compares the events it taps.

Lines of the sequences that start with '@' are directives, not commands:
  @sleep MS   time passes (MS milliseconds) with no active expiry: only lazy expiry
              can remove keys (real Redis: DEBUG SET-ACTIVE-EXPIRE 0 then sleep);
  @tick MS    time passes with the active expire cycle running (real Redis: active
              expiry on for MS ms; the engine: Engine::advanceTime).
The sequences avoid anything random or time-dependent in what they publish.

  gen_fixture.py --redis-server BIN [--out FILE]
  gen_fixture.py --redis-server BIN --check     regenerate into a temporary file and
                                                fail (with a diff) if it differs from
                                                the checked-in fixture (ctest notify.fixture_fresh)
Exit status 77 (skipped) without redis-server.
"""
import argparse
import difflib
import os
import shlex
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))

from serverutil import Conn, Server, encode  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# family -> command lines. Each family starts on an empty server, in db 0.
SEQUENCES = {
    "strings": """
SET s1 hello
SET s1 world
SET s1 again NX
SET s1 v2 XX
SET s1 v3 GET
SET s2 v XX
SET s3 v KEEPTTL
SET s3 v EX 100
SET s3 v PX 100000
SET s3 bad EX 0
GETSET s3 newval
GETSET s4 created
GETDEL s4
GETDEL s4
GETEX s3 EX 200
GETEX s3 PERSIST
GETEX s3
GETEX s3 PERSIST
GETEX nokey EX 10
SETNX s5 v
SETNX s5 v
SETEX s6 100 v
PSETEX s7 100000 v
SETEX s6 0 v
MSET m1 a m2 b m1 c
MSETNX m3 a m4 b
MSETNX m3 x m5 y
MGET m1 nokey m2
INCR n1
INCR n1
DECR n1
INCRBY n1 10
DECRBY n1 3
INCRBY s1 1
INCRBYFLOAT f1 1.5
INCRBYFLOAT f1 abc
APPEND a1 hello
APPEND a1 world
APPEND a1 ""
STRLEN a1
GET nokey
GETRANGE nokey 0 1
SETRANGE r1 0 hi
SETRANGE r1 5 x
SETRANGE r1 0 ""
SETRANGE r2 0 ""
SETRANGE r2 3 ""
LCS a1 r1
LCS a1 nokey
SUBSTR a1 0 2
SET s8 v GET
SET s8 w GET
SET s8 x GET NX
SET str2 v EXAT 4000000000
SET str2 v PXAT 4000000000000
SET str2 v PXAT 1
SETRANGE nokey 2 ab
STRLEN nokey
LCS nokey nokey2
MSETNX s8 x
INCRBYFLOAT s8 1
APPEND s8 x
SETEX s8 100 again
GETEX s8 PXAT 1
""",
    "bitmaps": """
SETBIT b1 7 1
SETBIT b1 7 1
SETBIT b1 7 0
SETBIT b1 100 0
GETBIT b1 7
GETBIT nokey 7
BITCOUNT b1
BITCOUNT nokey
BITPOS nokey 1
SET b2 abc
BITOP AND d1 b1 b2
BITOP OR d1 b1 nokey
BITOP XOR d1 nokey nokey2
BITOP NOT d2 b2
BITOP NOT d2 nokey
BITFIELD bf1 SET u8 0 255
BITFIELD bf1 GET u8 0
BITFIELD bf1 INCRBY u8 0 1
BITFIELD bf1 OVERFLOW FAIL INCRBY u8 0 255
BITFIELD bf2 GET u8 0
BITFIELD_RO bf1 GET u8 0
BITFIELD_RO nokey GET u8 0
SETBIT b2 -1 1
SETBIT b3 0 0
SETBIT b3 0 0
BITFIELD b3 GET u8 0 SET u8 8 0
BITFIELD b4 OVERFLOW FAIL SET u8 0 300
BITOP AND b1 b1
BITPOS nokey 0
BITFIELD_RO nokey GET u8 0
BITFIELD nokey GET u8 0
BITOP AND d3 nokey
BITFIELD b5 SET u8 0 5 SET u8 8 5
BITFIELD b5 SET u8 0 5
BITFIELD b5 SET u8 0 5 SET u8 24 1
BITFIELD b5 INCRBY u8 0 256
BITFIELD b5 OVERFLOW SAT SET u8 0 300
BITFIELD b5 OVERFLOW SAT SET u8 0 300
BITFIELD b5 SET i8 0 -1 SET i8 0 -1
BITFIELD b6 SET u8 0 0
BITFIELD b6 OVERFLOW FAIL SET u8 16 300
""",
    "hyperloglog": """
PFADD h1 a b c
PFADD h1 a
PFADD h1
PFADD h2
PFADD h2
PFCOUNT h1
PFCOUNT h1 h2
PFCOUNT nokey
PFMERGE h3 h1 h2
PFMERGE h3
PFMERGE h4 nokey
SET notahll x
PFADD notahll a
PFMERGE h5 notahll
PFCOUNT nokey nokey2
PFCOUNT h1 nokey
PFADD h6 a
PFCOUNT h6
PFCOUNT h6
""",
    "keys": """
SET k1 v
SET k2 v
SET k3 v
DEL k1 nokey k2
DEL nokey
UNLINK k3 nokey
EXISTS k3 nokey
TYPE nokey
TOUCH nokey
SET k4 v
TOUCH k4 nokey
RENAME k4 k5
RENAME k5 k5
RENAME nokey k6
SET k6 v
RENAME k5 k6
RENAMENX k6 k7
SET k8 v
RENAMENX k7 k8
RENAMENX k7 k7
EXPIRE k7 100
RENAME k7 k9
COPY k9 k10
COPY k9 k10
COPY k9 k10 REPLACE
COPY nokey k11
COPY k9 k10 DB 1 REPLACE
MOVE k9 1
MOVE k10 1
MOVE nokey 1
SELECT 1
DEL k9 k10
SELECT 0
OBJECT ENCODING nokey
OBJECT ENCODING k8
RANDOMKEY
KEYS k*
SCAN 0 COUNT 100 MATCH zz*
RENAMENX nokey x
OBJECT FREQ nokey
OBJECT IDLETIME nokey
SORT_RO nokey
TTL k8
EXISTS k8 k8
COPY k8 k8
COPY k8 k8copy DB 0
UNLINK k8 k8copy
""",
    "expire": """
SET e1 v
EXPIRE e1 100
EXPIRE e1 50 NX
EXPIRE e1 50 XX
EXPIRE e1 200 GT
EXPIRE e1 10 LT
EXPIRE nokey 100
PEXPIRE e1 100000
EXPIREAT e1 4000000000
PEXPIREAT e1 4000000000000
PERSIST e1
PERSIST e1
PERSIST nokey
EXPIRE e1 0
SET e2 v
EXPIRE e2 -1
SET e3 v
PEXPIREAT e3 1
SET e4 v
TTL e4
TTL nokey
PTTL nokey
EXPIRETIME nokey
PEXPIRETIME nokey
SET e5 v PX 50
@sleep 120
GET e5
SET e6 v PX 50
@sleep 120
EXISTS e6
SET e7 v PX 50
@sleep 120
SET e7 new
SET e8 v PX 50
@sleep 120
TTL e8
SET e9 v PX 50
@sleep 120
LPUSH e9 x
SET e10 v PX 50
@tick 600
EXISTS e10
SET e11 v PX 50
@sleep 120
DEL e11
SET e12 v PX 50
@sleep 120
EXPIRE e12 100
SET e13 v PX 50
@sleep 120
RENAME e13 e14
SET e15 v PX 50
@sleep 120
MOVE e15 1
SET e16 v PX 50
@sleep 120
COPY e16 e17
SET e18 v PX 50
@sleep 120
SETNX e18 v
SET e19 v PX 50
@sleep 120
OBJECT ENCODING e19
SET e20 v PX 50
@sleep 120
TYPE e20
SET e21 v PX 50
@sleep 120
SCAN 0 COUNT 1000
SELECT 4
SET e22 v PX 50
@sleep 120
RANDOMKEY
SELECT 0
SET e23 v PX 50
@sleep 120
KEYS *
SCAN 0 COUNT 1000
SET e24 v PX 50
@sleep 120
PERSIST e24
SET e25 v PX 50
@sleep 120
INCR e25
SET e26 v PX 50
@sleep 120
GETDEL e26
SELECT 2
SET e27 v PX 50
SELECT 0
@tick 600
SELECT 2
DBSIZE
SELECT 0
SET e28 v
PEXPIRE e28 50
@sleep 120
SET e28 v XX
SADD sx a
RPUSH lx 1
ZADD zx 1 a
SET e29 v PX 50
SET e30 v PX 50
SET e31 v PX 50
SET e32 v PX 50
SET e33 v PX 50
SET e34 v PX 50
SET e35 v PX 50
SET e36 v PX 50
SET e37 v PX 50
SET e38 v PX 50
SET e39 v PX 50
SET e40 v PX 50
@sleep 120
MSET e29 x
SUNIONSTORE e30 sx
SINTERSTORE e31 nokey
BITOP NOT e32 e4
SORT lx STORE e33
ZUNIONSTORE e34 1 zx
RENAME e4 e35
COPY e35 e36
ZRANGESTORE e37 zx 0 -1
GEOSEARCHSTORE e38 zx FROMLONLAT 0 0 BYRADIUS 1 m
PFMERGE e39 nokey
SMOVE sx e40 a
""",
    "lists": """
LPUSH l1 a b c
RPUSH l1 d
LPUSHX l1 e
RPUSHX l1 f
LPUSHX nokey e
RPUSHX nokey f
LINSERT l1 BEFORE a x
LINSERT l1 AFTER zz y
LINSERT nokey AFTER a y
LSET l1 0 first
LSET nokey 0 v
LREM l1 0 x
LREM l1 0 notthere
LTRIM l1 0 3
LTRIM l1 0 -1
LPOP l1
RPOP l1
LPOP l1 2
LPOP nokey
RPOP nokey 3
LRANGE nokey 0 -1
LLEN nokey
LINDEX nokey 0
LPOS nokey a
RPUSH l2 a b
LPOP l2 5
RPUSH l3 a b
RPOP l3
RPOP l3
RPUSH l4 a b
LTRIM l4 5 10
RPUSH l5 a b
LMOVE l5 l6 LEFT RIGHT
LMOVE l5 l6 RIGHT LEFT
LMOVE l6 l6 LEFT RIGHT
LMOVE nokey l6 LEFT RIGHT
RPOPLPUSH l6 l7
RPOPLPUSH l6 l7
RPUSH l8 a b c
LMPOP 2 nokey l8 LEFT COUNT 2
LMPOP 1 l8 RIGHT
LMPOP 1 nokey RIGHT
RPUSH l9 a
LREM l9 0 a
SET str v
LPUSH str a
LPUSH str a b
RPOP str
LMOVE str l1 LEFT LEFT
SELECT 3
RPUSH l10 a b c
LPUSH l10 x y
SELECT 0
LPOS nokey a
LRANGE nokey 0 -1
LLEN nokey
LINSERT str BEFORE a b
LSET l10 0 v
RPUSH l11 a b c a
LREM l11 -1 a
LREM l11 1 a
LREM l11 0 b
LTRIM l11 1 0
""",
    "hashes": """
HSET h1 f1 v1 f2 v2
HSET h1 f1 v1
HSETNX h1 f1 x
HSETNX h1 f3 v3
HSETNX h2 f v
HMSET h1 f4 v4
HINCRBY h1 n 5
HINCRBY h1 f1 1
HINCRBYFLOAT h1 fl 1.5
HINCRBYFLOAT h1 fl abc
HDEL h1 f1 nofield
HDEL h1 nofield
HDEL nokey f
HGET nokey f
HMGET nokey f g
HGETALL nokey
HEXISTS nokey f
HLEN nokey
HKEYS nokey
HVALS nokey
HSTRLEN nokey f
HRANDFIELD nokey
HSCAN nokey 0
HSET h3 a 1
HDEL h3 a
HSET h4 a 1 b 2
HDEL h4 a b c
HSET h5 a
SET str v
HSET str a 1
HINCRBY h1 n x
HINCRBY h1 n 9223372036854775807
HINCRBYFLOAT h6 f 1.5
HINCRBY h7 f 1
HRANDFIELD nokey 5
HSETNX h8 a b
HMSET h8 a c d e
HDEL h8 a d
""",
    "sets": """
SADD s1 a b c
SADD s1 a
SADD s1 d a
SREM s1 a
SREM s1 zz
SREM nokey a
SMEMBERS nokey
SISMEMBER nokey a
SMISMEMBER nokey a
SCARD nokey
SRANDMEMBER nokey
SADD s2 x
SPOP s2
SPOP nokey
SADD s3 x y
SPOP s3 5
SPOP nokey 2
SADD s4 m n
SMOVE s4 s5 m
SMOVE s4 s5 zz
SMOVE s4 s5 n
SMOVE nokey s5 n
SADD s6 p
SMOVE s5 s6 m
SADD s7 a b c
SADD s8 b c d
SINTER s7 s8 nokey
SINTERCARD 2 s7 nokey
SINTERSTORE d1 s7 s8
SINTERSTORE d1 s7 nokey
SUNIONSTORE d2 s7 s8
SUNIONSTORE d2 nokey nokey2
SDIFFSTORE d3 s7 s8
SDIFFSTORE d3 s7 s7
SUNION nokey s7
SDIFF nokey s7
SADD d4 x
SINTERSTORE d4 s7 s8
SUNIONSTORE s7 s7 s8
SADD s9 1 2 3 4 5 6 7 8 9 10
SPOP s9 8
SPOP s9 1
SPOP s9 0
SET str v
SADD str a
SINTERSTORE d5 str s7
SDIFFSTORE s8 s8
SRANDMEMBER nokey 5
SINTER nokey
SSCAN nokey 0
SMOVE s7 nokey a
SMOVE s7 s7 b
SMOVE s7 s7 zz
SADD s10 a
SMOVE s10 s7 a
""",
    "zsets": """
ZADD z1 1 a 2 b
ZADD z1 1 a
ZADD z1 5 a
ZADD z1 NX 9 a
ZADD z1 XX 9 c
ZADD z1 INCR 2 a
ZADD z1 XX INCR 2 nomember
ZADD z1 GT CH 1 a
ZINCRBY z1 1 b
ZINCRBY z2 1 b
ZREM z1 zz
ZREM z1 a
ZREM nokey a
ZCARD nokey
ZSCORE nokey a
ZRANGE nokey 0 -1
ZRANK nokey a
ZADD z3 1 a 2 b 3 c 4 d
ZREMRANGEBYRANK z3 0 0
ZREMRANGEBYRANK z3 10 20
ZREMRANGEBYSCORE z3 2 2
ZREMRANGEBYSCORE z3 100 200
ZREMRANGEBYLEX z3 [c [c
ZREMRANGEBYLEX z3 [x [z
ZREMRANGEBYRANK z3 0 -1
ZADD z4 1 a 2 b 3 c
ZPOPMIN z4
ZPOPMAX z4
ZPOPMIN z4 5
ZPOPMIN nokey
ZADD z5 1 a 2 b
ZMPOP 2 nokey z5 MIN COUNT 1
ZMPOP 1 z5 MAX COUNT 5
ZMPOP 1 nokey MIN
ZADD z6 1 a 2 b 3 c
ZRANGESTORE d1 z6 0 1
ZRANGESTORE d1 z6 5 6
ZRANGESTORE d2 nokey 0 -1
ZRANGESTORE d3 z6 (1 +inf BYSCORE
ZADD z7 1 b 5 c 6 d
ZUNIONSTORE u1 2 z6 z7
ZINTERSTORE i1 2 z6 z7
ZINTERSTORE i1 2 z6 nokey
ZDIFFSTORE df1 2 z6 z7
ZDIFFSTORE df1 2 z6 z6
ZUNIONSTORE u2 2 nokey nokey2
ZUNION 2 z6 nokey
ZINTER 2 z6 nokey
ZDIFF 2 nokey z6
ZINTERCARD 2 z6 nokey
ZRANDMEMBER nokey
ZADD z8 nan a
ZADD z8 1 a
ZADD z8 INCR 1 a 2 b
ZINCRBY z8 nan a
ZADD z8 1 a 2 b
ZADD z8 LT 0 a 5 b
ZREMRANGEBYSCORE z8 -inf +inf
ZUNIONSTORE z9 1 z7 WEIGHTS 2
ZUNIONSTORE z9 1 z7 AGGREGATE MAX
ZINTERSTORE z9 2 z7 z7
ZSCAN nokey 0
ZRANGEBYSCORE nokey 0 1
ZREVRANGE nokey 0 1
ZRANGEBYLEX nokey - +
ZLEXCOUNT nokey - +
ZCOUNT nokey 0 1
ZMSCORE nokey a
ZREVRANK nokey a
ZRANDMEMBER nokey 5
ZREVRANGEBYSCORE nokey 1 0
ZREVRANGEBYLEX nokey + -
ZADD z10 CH 1 a
ZADD z10 CH 1 a
ZADD z10 GT 0 a
ZADD z10 LT 0 a
ZINCRBY z10 0 a
ZREMRANGEBYLEX z10 - +
""",
    "sort": """
RPUSH sl 3 1 2
SORT sl
SORT sl STORE sd
SORT nokey STORE sd
SORT nokey STORE sd2
SORT sl BY w_* GET o_* STORE sd3
SORT_RO sl
SADD ss c a b
SORT ss ALPHA STORE sd4
HSET h_1 f 10
SET o_2 x
SORT sl BY h_*->f GET h_*->f GET # GET o_*
SORT sl BY nosort GET o_* STORE sd5
SORT sl LIMIT 0 1 STORE sd5
SORT sl LIMIT 5 1 STORE sd5
SET notnum abc
RPUSH bad x y
SORT bad STORE sd6
SORT_RO sl BY w_*
""",
    "geo": """
GEOADD g1 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
GEOADD g1 13.361389 38.115556 Palermo
GEOADD g1 XX CH 13.0 38.0 Palermo
GEOADD g1 NX 13.0 38.0 Palermo
GEODIST nokey a b
GEOHASH nokey a
GEOPOS nokey a
GEORADIUS g1 15 37 200 km STORE gs1
GEORADIUS g1 15 37 1 m STORE gs1
GEORADIUS g1 15 37 200 km STOREDIST gs2
GEORADIUSBYMEMBER g1 Palermo 200 km STORE gs3
GEOSEARCHSTORE gs4 g1 FROMLONLAT 15 37 BYRADIUS 200 km ASC
GEOSEARCHSTORE gs4 g1 FROMLONLAT 15 37 BYRADIUS 200 km ASC STOREDIST
GEOSEARCHSTORE gs4 g1 FROMLONLAT 0 0 BYRADIUS 1 m
GEOSEARCHSTORE gs5 nokey FROMLONLAT 0 0 BYRADIUS 1 m
GEOSEARCH nokey FROMLONLAT 0 0 BYRADIUS 1 m
GEORADIUS nokey 0 0 1 m
GEORADIUS_RO g1 15 37 1 m
GEORADIUSBYMEMBER nokey a 1 m
GEORADIUSBYMEMBER_RO nokey a 1 m
GEORADIUSBYMEMBER g1 nosuch 1 m STORE gs6
GEOADD g2 1 1 a
GEOSEARCHSTORE g2 g1 FROMMEMBER Palermo BYBOX 400 400 km
GEOSEARCHSTORE g3 g1 FROMMEMBER Palermo BYRADIUS 1 km COUNT 1
""",
    "streams": """
XADD x1 1-1 f v
XADD x1 1-2 f v
XADD x1 MAXLEN 2 2-1 f v
XADD x1 MAXLEN 10 2-2 f v
XADD x1 0-1 f v
XADD nokey NOMKSTREAM 3-1 f v
XADD x1 NOMKSTREAM 3-1 f v
XLEN nokey
XRANGE nokey - +
XTRIM x1 MAXLEN 2
XTRIM x1 MAXLEN 10
XTRIM x1 MINID 3-1
XDEL x1 3-1
XDEL x1 9-9
XADD x2 1-1 f v
XDEL x2 1-1
XSETID x2 5-0
XSETID x2 1-0
XGROUP CREATE x2 g1 $
XGROUP CREATE x2 g1 $
XGROUP CREATE x3 g1 $ MKSTREAM
XGROUP CREATE nokey g1 $
XGROUP CREATECONSUMER x2 g1 c1
XGROUP CREATECONSUMER x2 g1 c1
XGROUP SETID x2 g1 0
XADD x2 6-1 f v
XADD x2 6-2 f v
XREADGROUP GROUP g1 c2 COUNT 1 STREAMS x2 >
XREADGROUP GROUP g1 c2 COUNT 1 STREAMS x2 0
XACK x2 g1 6-1
XACK x2 g1 6-1
XREADGROUP GROUP g1 c1 STREAMS x2 >
XCLAIM x2 g1 c3 0 6-2
XCLAIM x2 g1 c4 0 9-9
XCLAIM x2 g1 c3 0 6-2 JUSTID
XAUTOCLAIM x2 g1 c5 0 0-0
XAUTOCLAIM x2 g1 c5 0 0-0 JUSTID
XPENDING x2 g1
XGROUP DELCONSUMER x2 g1 c5
XGROUP DELCONSUMER x2 g1 nosuch
XGROUP DESTROY x2 g1
XGROUP DESTROY x2 g1
XREAD STREAMS nokey 0
XINFO STREAM nokey
XADD x4 1-1 f v
XDEL x4 1-1
XADD x5 * f v
XADD x5 MAXLEN 0 * f v
XADD x5 1-1 f v
SET str v
XADD str * f v
XGROUP CREATE str g $
XTRIM x5 MAXLEN 0
XTRIM nokey MAXLEN 0
XACK nokey g 1-1
XPENDING nokey g
XCLAIM nokey g c 0 1-1
XAUTOCLAIM nokey g c 0 0
XREADGROUP GROUP g c STREAMS nokey >
XINFO GROUPS nokey
XREVRANGE nokey + -
XGROUP CREATECONSUMER nokey g c
XGROUP DESTROY nokey g
XGROUP SETID nokey g 0
XSETID nokey 1-1
XDEL nokey 1-1
XADD x6 MAXLEN ~ 1 * f v
XADD x6 MINID 0 * f v
XADD x6 LIMIT 10 * f v
XGROUP CREATE x6 g 0 ENTRIESREAD 0
XREADGROUP GROUP g c NOACK STREAMS x6 >
XREADGROUP GROUP g c STREAMS x6 0
""",
    "server": """
SET a v
SET b v
SELECT 1
SET c v
SELECT 0
SWAPDB 0 1
SWAPDB 0 0
FLUSHDB
SELECT 1
FLUSHALL
SELECT 0
DBSIZE
SET d v
SWAPDB 0 5
SELECT 5
DEL d
FLUSHDB ASYNC
FLUSHALL SYNC
SELECT 0
""",
}


def run(server_bin, out_path, sequences=None):
    sequences = SEQUENCES if sequences is None else sequences
    lines = ["# Keyspace events of Redis 7.0 (notify-keyspace-events KEAnm), per command.",
             "# Generated by tests/notify/gen_fixture.py from a real redis-server; do not edit.",
             "# '== family' starts a family on an empty server; '> command' is one command line",
             "# ('@' lines: time directives); the lines after it are the (channel message) pairs",
             "# that command published, in order.", ""]
    with Server(server_bin, "--enable-debug-command", "yes", real=True) as srv:
        c = Conn(srv.port)
        sub = Conn(srv.port)
        assert c.call("CONFIG", "SET", "notify-keyspace-events", "KEAnm") == b"OK"
        c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        sub.send(encode("PSUBSCRIBE", "*"))
        sub.reply()
        marker = [0]

        def drain():
            marker[0] += 1
            c.call("PUBLISH", "__mark__", str(marker[0]))
            got = []
            while True:
                m = sub.reply()
                assert m[0] == b"pmessage", m
                if m[2] == b"__mark__":
                    assert m[3] == str(marker[0]).encode(), m
                    return got
                got.append((m[2].decode(), m[3].decode()))

        for family, text in sequences.items():
            c.call("SELECT", "0")
            c.call("FLUSHALL")
            drain()
            lines.append(f"== {family}")
            for cmd in (l.strip() for l in text.strip().splitlines()):
                if not cmd:
                    continue
                if cmd.startswith("@sleep"):
                    time.sleep(int(cmd.split()[1]) / 1000.0)
                elif cmd.startswith("@tick"):
                    c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")
                    time.sleep(int(cmd.split()[1]) / 1000.0)
                    c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")
                else:
                    c.call(*shlex.split(cmd))
                lines.append(f"> {cmd}")
                for ch, msg in drain():
                    lines.append(f"{ch} {msg}")
            lines.append("")
    with open(out_path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redis-server", default=shutil.which("redis-server"))
    ap.add_argument("--out", default=os.path.join(HERE, "events.fixture"))
    ap.add_argument("--check", action="store_true", help="compare a fresh fixture with --out")
    args = ap.parse_args()
    if not args.redis_server or not os.path.exists(args.redis_server):
        print("gen_fixture: redis-server not found: skipped")
        return 77
    if not args.check:
        run(args.redis_server, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="redsim-notify-") as tmp:
        fresh = os.path.join(tmp, "events.fixture")
        run(args.redis_server, fresh)
        with open(args.out) as f:
            want = f.read().splitlines()
        with open(fresh) as f:
            got = f.read().splitlines()
    if want == got:
        print(f"fixture is fresh: {len(got)} lines equal to what redis-server publishes now")
        return 0
    sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(want, got, "checked-in", "redis-server", lineterm=""))
    print("the checked-in fixture differs from redis-server: regenerate it with tests/notify/gen_fixture.py")
    return 1


if __name__ == "__main__":
    sys.exit(main())
