"""The memory model against Redis 7.0: the same data loaded into `redsim serve` and a real
redis-server, then
  - MEMORY USAGE of ~30 shapes (every type and encoding) must be within 15 % of Redis's
    (ratio redsim/redis in [0.85, 1.15]), with the default SAMPLES and SAMPLES 0;
  - INFO memory's used_memory growth for the standard datasets (small strings; hashes,
    sets, zsets, lists of 10 elements) must be within 15 % of Redis's.

    memory_usage_test.py --redsim BIN --redis-server BIN [--scale N] [--report]
--scale multiplies the dataset sizes (1 = 200k strings and 20k collections of each type;
bench/memory-compare.sh runs the full sizes with --scale 5). Exit 77 when redis-py is
missing."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, Server, install_signal_exit  # noqa: E402

try:
    import redis
except ImportError:
    print("redis-py missing: skipped")
    sys.exit(77)

SETTINGS = ["--list-compress-depth", "0"]


def shapes(r):
    """Returns the keys built, each a distinct shape."""
    p = r.pipeline(transaction=False)
    p.set("str:int", "1234567")
    p.set("str:sharedint", "42")
    p.set("str:embstr:short", "v")
    p.set("str:embstr:44", "e" * 44)
    p.set("str:raw:45", "r" * 45)
    p.set("str:raw:300", "x" * 300)
    p.set("str:raw:70k", "y" * 70000)
    p.set("key" + "k" * 40, "longer key name")
    p.rpush("list:small", *[f"item{i}" for i in range(5)])
    p.rpush("list:ints", *range(100))
    p.rpush("list:large", *[f"element-{i}" for i in range(5000)])
    p.rpush("list:bigitems", *["z" * 1000 for i in range(50)])
    p.hset("hash:lp:small", mapping={f"f{i}": f"v{i}" for i in range(3)})
    p.hset("hash:lp:128", mapping={f"field{i}": f"value{i}" for i in range(128)})
    p.hset("hash:ht:200", mapping={f"field{i}": f"value{i}" for i in range(200)})
    p.hset("hash:ht:5000", mapping={f"f{i}": f"v{i}" * 3 for i in range(5000)})
    p.hset("hash:ht:longval", mapping={"a": "b", "big": "q" * 100})
    p.sadd("set:intset:small", *range(10))
    p.sadd("set:intset:64bit", *[2**40 + i for i in range(100)])
    p.sadd("set:intset:512", *range(512))
    p.sadd("set:ht:small", *[f"m{i}" for i in range(10)])
    p.sadd("set:ht:5000", *[f"member-{i}" for i in range(5000)])
    p.zadd("zset:lp:small", {f"m{i}": i for i in range(10)})
    p.zadd("zset:lp:128", {f"member{i}": i * 1.5 for i in range(128)})
    p.zadd("zset:sl:200", {f"member{i}": i for i in range(200)})
    p.zadd("zset:sl:5000", {f"m{i}": i for i in range(5000)})
    p.zadd("zset:sl:longmember", {"a" * 70: 1, "b": 2})
    for i in range(1, 301):
        p.xadd("stream:plain", {"field": f"value{i}", "n": i}, id=f"{i}-0")
    for i in range(1, 51):
        p.xadd("stream:groups", {"f": i}, id=f"{i}-0")
    p.xgroup_create("stream:groups", "g1", id="0")
    p.xgroup_create("stream:groups", "g2", id="0")
    p.execute()
    # Inner nodes LZF-compressed (list-compress-depth 1), then back to the default.
    r.config_set("list-compress-depth", 1)
    r.rpush("list:compressed", *[f"compressible-element-{i % 50:04d}" for i in range(3000)])
    r.config_set("list-compress-depth", 0)
    r.xreadgroup("g1", "alice", {"stream:groups": ">"}, count=20)
    r.xreadgroup("g1", "bob", {"stream:groups": ">"}, count=10)
    r.xreadgroup("g2", "carol", {"stream:groups": ">"})
    return sorted(k.decode() for k in r.keys("*"))


def fill(r, n_strings, n_coll):
    """The standard datasets, pipelined."""
    p = r.pipeline(transaction=False)
    for i in range(n_strings):
        p.set(f"key:{i:07d}", f"val:{i:07d}")
        if i % 10000 == 9999:
            p.execute()
    for i in range(n_coll):
        p.hset(f"h:{i}", mapping={f"f{j}": f"v{j}" for j in range(10)})
        p.sadd(f"s:{i}", *[f"m{j}" for j in range(10)])
        p.zadd(f"z:{i}", {f"m{j}": j for j in range(10)})
        p.rpush(f"l:{i}", *[f"e{j}" for j in range(10)])
        if i % 2000 == 1999:
            p.execute()
    p.execute()


def used(r):
    return int(r.info("memory")["used_memory"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args()
    install_signal_exit()
    check = Checker("server.memory_usage")
    with Server(args.redsim, *SETTINGS) as rs, Server(args.redis_server, *SETTINGS, real=True) as real:
        a, b = redis.Redis(port=rs.port), redis.Redis(port=real.port)
        keys = shapes(a)
        check.equal("same keys", keys, shapes(b))
        for samples in (None, 0):
            for k in keys:
                args_ = [] if samples is None else ["SAMPLES", samples]
                ours = a.execute_command("MEMORY", "USAGE", k, *args_)
                theirs = b.execute_command("MEMORY", "USAGE", k, *args_)
                ratio = ours / theirs
                label = f"MEMORY USAGE {k}" + ("" if samples is None else f" SAMPLES {samples}")
                # A skiplist sampled 5 nodes extrapolates their random levels: Redis's own
                # answer varies by run (up to ~25 %), so only SAMPLES 0 is held to 15 %.
                lo, hi = (0.7, 1.3) if k.startswith("zset:sl:") and samples is None else (0.85, 1.15)
                check.check(f"{label}: {ours} vs {theirs} ratio {ratio:.3f}", lo <= ratio <= hi)
        a.flushall()
        b.flushall()

        datasets = [
            ("strings", int(200000 * args.scale), 0),
            ("collections", 0, int(20000 * args.scale)),
        ]
        for name, ns, nc in datasets:
            base_a, base_b = used(a), used(b)
            fill(a, ns, nc)
            fill(b, ns, nc)
            grow_a, grow_b = used(a) - base_a, used(b) - base_b
            ratio = grow_a / grow_b
            check.check(f"used_memory growth, {name} ({ns} strings, {nc} x 4 collections): "
                     f"{grow_a} vs {grow_b} ratio {ratio:.3f}", 0.85 <= ratio <= 1.15)
            tot = used(a) / used(b)
            check.check(f"used_memory total, {name}: {used(a)} vs {used(b)} ratio {tot:.3f}", 0.85 <= tot <= 1.15)
            a.flushall()
            b.flushall()
    return check.finish()


if __name__ == "__main__":
    sys.exit(main())
