"""SAVE in `redsim serve` against Redis 7.0: the RDB file redsim writes is accepted by
redis-check-rdb, loads into a real redis-server with the same contents (type, value,
TTL, encoding of every key in every db), and each key's record is byte-for-byte what
Redis itself serializes for the same value (its DUMP payload without the footer).

    rdb_save_test.py --redsim BIN --redis-server BIN [--redis-check-rdb BIN]
Exit 77 (skipped) when redis-check-rdb or redis-py is missing."""

import argparse
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, Server, install_signal_exit  # noqa: E402

try:
    import redis
except ImportError:
    print("redis-py missing: skipped")
    sys.exit(77)

# The same settings on both sides: small nodes so a list and a stream get several,
# compressed inner list nodes.
SETTINGS = ["--list-compress-depth", "1", "--list-max-listpack-size", "4",
            "--stream-node-max-entries", "5"]


def build(r, big=True):
    """Every type in every encoding Redis 7.0 has, in db 0..2. Hashtable-encoded
    values (whose element order depends on a per-process hash seed) only when big."""
    r.select(0)
    r.set("s:int8", "12")
    r.set("s:int16", "-1234")
    r.set("s:int32", "123456789")
    r.set("s:int64", "12345678901234")
    r.set("s:short", "hello")
    r.set("s:notint", "0123")
    r.set("s:lzf", "a" * 200)
    r.set("s:incompressible", "".join(chr(33 + (i * 7919) % 90) for i in range(60)))
    r.set("s:big", "".join(str(i) for i in range(3000)))
    r.set("s:ttl", "v", px=500000)
    r.rpush("l:small", "a", "1", "-300", "x" * 30)
    r.rpush("l:nodes", *[f"element-{i}-" + "y" * 20 for i in range(40)])
    r.rpush("l:plain", "p" * 10000, "q")  # a PLAIN node needs > 8 KB with fill -2; fill 4: packed
    r.hset("h:lp", mapping={"f1": "v1", "n": "123", "long": "z" * 40})
    r.sadd("set:int", 1, 2, 3, -5, 100000, 5000000000)
    r.zadd("z:lp", {"a": 1, "b": 2.5, "c": -3, "d": 1e300})
    r.zadd("z:skip", {f"m{i:03}" + "k" * 70: i / 3 for i in range(20)})
    r.pexpire("z:skip", 900000)
    # A stream with several nodes, deletions, and no groups (its bytes hold no times).
    for i in range(1, 14):
        r.xadd("x:plain", {"f": str(i), "g": "v" * (i % 3)}, id=f"{i}-{i % 2}")
    r.xdel("x:plain", "3-1", "8-0")
    r.xadd("x:plain", {"other": "fields"}, id="20-0")
    r.select(2)
    r.set("db2:key", "in db 2")
    r.lpush("db2:list", "a", "b")
    if big:
        r.select(0)
        r.hset("h:table", mapping={f"field{i}": f"value{i}" * (i % 5 + 1) for i in range(600)})
        r.sadd("set:table", *[f"member{i}" for i in range(100)])
        r.sadd("set:bigint", *range(600))  # more than set-max-intset-entries
        for i in range(1, 30):
            r.xadd("x:groups", {"n": str(i)}, id=f"{1000 + i}-0")
        r.xdel("x:groups", "1005-0")
        r.xgroup_create("x:groups", "g1", id="0")
        r.xgroup_create("x:groups", "g2", id="1010-0")
        r.xreadgroup("g1", "alice", {"x:groups": ">"}, count=3)
        r.xreadgroup("g1", "bob", {"x:groups": ">"}, count=2)
        r.xreadgroup("g2", "carol", {"x:groups": ">"}, count=4)
        r.xack("x:groups", "g1", "1002-0")
        r.select(5)
        r.set("db5:ttl", "x", ex=1000)
        r.set("db5:n", 7)


def rdb_string(s):
    """rdbSaveRawString for a short key name (no int or LZF form: test names only)."""
    b = s.encode()
    assert len(b) < 64 and not b.lstrip(b"-").isdigit()
    return bytes([len(b)]) + b


def snapshot(r):
    """Everything a client can read: per db, per key (type, value, ttl bucket, encoding)."""
    out = {}
    for db in range(16):
        r.select(db)
        for key in sorted(r.keys("*")):
            t = r.type(key).decode()
            if t == "string":
                v = r.get(key)
            elif t == "list":
                v = r.lrange(key, 0, -1)
            elif t == "hash":
                v = sorted(r.hgetall(key).items())
            elif t == "set":
                v = sorted(r.smembers(key))
            elif t == "zset":
                v = r.zrange(key, 0, -1, withscores=True)
            else:
                info = r.execute_command("XINFO", "STREAM", key, "FULL")
                v = (r.xrange(key), scrub(info))
            pttl = r.pttl(key)
            out[(db, key)] = (t, v, -1 if pttl < 0 else round(pttl / 10000), r.object("encoding", key))
    return out


def scrub(x):
    """XINFO STREAM FULL without clock readings (seen-time, delivery-time) that differ
    between two processes by design."""
    if isinstance(x, list):
        res, i = [], 0
        while i < len(x):
            if isinstance(x[i], bytes) and x[i] in (b"seen-time", b"active-time") and i + 1 < len(x):
                i += 2
                continue
            res.append(scrub(x[i]))
            i += 1
        # PEL rows: [id, consumer?, delivery-time, count] -> drop the time
        if len(res) in (3, 4) and isinstance(res[0], bytes) and res[0].count(b"-") == 1 and \
                all(isinstance(e, int) for e in res[-2:]):
            res = res[:-2] + [res[-1]]
        return res
    if isinstance(x, dict):
        return {k: scrub(v) for k, v in x.items() if k not in (b"seen-time", b"active-time")}
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    ap.add_argument("--redis-check-rdb", default=shutil.which("redis-check-rdb"))
    args = ap.parse_args()
    if not args.redis_check_rdb or not os.path.exists(args.redis_check_rdb):
        print("redis-check-rdb missing: skipped")
        return 77
    install_signal_exit()
    ck = Checker("server.rdb_save")

    with Server(args.redsim, *SETTINGS) as rs, Server(args.redis_server, *SETTINGS, real=True) as real:
        r = redis.Redis(port=rs.port)

        def full():
            build(r)
            ck.equal("SAVE", r.save(), True)
            ck.check("LASTSAVE after SAVE", abs(r.lastsave().timestamp() - __import__("time").time()) < 5)
            d = r.config_get("dir")["dir"]
            path = os.path.join(d, r.config_get("dbfilename")["dbfilename"])
            ck.check("the file exists", os.path.exists(path), path)
            ck.check("no temp file left", not [f for f in os.listdir(d) if f.startswith("temp-")])
            chk = __import__("subprocess").run([args.redis_check_rdb, path], capture_output=True, text=True)
            ck.check("redis-check-rdb accepts it", chk.returncode == 0, chk.stdout[-2000:])
            want = snapshot(r)
            ck.check("dataset has every type", {v[3] for v in want.values()} >= {
                b"int", b"embstr", b"raw", b"quicklist", b"listpack", b"hashtable", b"intset",
                b"skiplist", b"stream"}, str({v[3] for v in want.values()}))
            loader_dir = os.path.join(real.tmp.name, "load")
            os.makedirs(loader_dir)
            shutil.copy(path, os.path.join(loader_dir, "from-redsim.rdb"))
            with Server(args.redis_server, "--dir", loader_dir, "--dbfilename", "from-redsim.rdb",
                        *SETTINGS, real=True) as loaded:
                have = snapshot(redis.Redis(port=loaded.port))
                ck.equal("key set after loading into redis-server", sorted(have), sorted(want))
                for k in sorted(want):
                    ck.equal(f"db{k[0]} {k[1]!r}", have.get(k), want[k])

        def bytes_equal():
            r.flushall()
            rr = redis.Redis(port=real.port)
            build(r, big=False)
            build(rr, big=False)
            ck.equal("SAVE (small dataset)", r.save(), True)
            path = os.path.join(r.config_get("dir")["dir"], r.config_get("dbfilename")["dbfilename"])
            data = open(path, "rb").read()
            for db in range(16):
                rr.select(db)
                for key in sorted(rr.keys("*")):
                    dump = rr.dump(key)
                    body = dump[:-10]
                    record = body[:1] + rdb_string(key.decode()) + body[1:]
                    ck.check(f"db{db} {key!r}: Redis's serialization appears in redsim's file",
                             record in data, f"redis {body.hex()}")
                    ck.equal(f"db{db} {key!r}: DUMP footer is RDB 10", dump[-10:-8], b"\x0a\x00")
                    if key in (b"s:lzf", b"l:nodes"):  # LZF string, compressed quicklist nodes
                        ck.check(f"{key!r} holds LZF data", b"\xc3" in body[1:], body.hex())
            ck.equal("file starts with REDIS0010", data[:9], b"REDIS0010")

        def policies():
            # LRU idle times (opcode IDLE) and LFU counters (FREQ) precede each key
            # under those maxmemory policies; Redis must read them back.
            for policy in ("allkeys-lru", "allkeys-lfu"):
                r.flushall()
                r.config_set("maxmemory-policy", policy)
                build(r, big=False)
                ck.equal(f"SAVE under {policy}", r.save(), True)
                d = r.config_get("dir")["dir"]
                path = os.path.join(d, "dump.rdb")
                data = open(path, "rb").read()
                op = b"\xf8" if policy == "allkeys-lru" else b"\xf9"
                ck.check(f"{policy}: opcode {op.hex()} before keys", op + b"\x00" in data or op in data)
                chk = __import__("subprocess").run([args.redis_check_rdb, path], capture_output=True, text=True)
                ck.check(f"{policy}: redis-check-rdb accepts it", chk.returncode == 0, chk.stdout[-2000:])
                want = snapshot(r)
                loader_dir = os.path.join(real.tmp.name, policy)
                os.makedirs(loader_dir)
                shutil.copy(path, os.path.join(loader_dir, "dump.rdb"))
                with Server(args.redis_server, "--dir", loader_dir, "--maxmemory-policy", policy,
                            *SETTINGS, real=True) as loaded:
                    lr = redis.Redis(port=loaded.port)
                    if policy == "allkeys-lfu":  # before any read: a read may raise it
                        ck.equal("LFU counter of a new key survives", lr.object("freq", "s:short"), 5)
                    else:
                        ck.check("LRU idle time survives", lr.object("idletime", "s:short") < 100)
                    have = snapshot(lr)
                    ck.equal(f"{policy}: same contents in redis-server", have, want)
                r.config_set("maxmemory-policy", "noeviction")

        ck.run("every type, check-rdb and load into redis-server", full)
        ck.run("LRU and LFU metadata", policies)
        ck.run("byte-for-byte per key against DUMP", bytes_equal)
    return ck.finish()


if __name__ == "__main__":
    sys.exit(main())
