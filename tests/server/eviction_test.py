#!/usr/bin/env python3
"""maxmemory eviction under `redsim serve`, side by side with a real redis-server
(redis-py): the OOM error texts (a denyoom command, MULTI/EXEC, a script), CONFIG SET and
GET of every eviction parameter, OBJECT FREQ after N reads, and a fill past maxmemory
under allkeys-lru, volatile-ttl and allkeys-lfu (evicted_keys > 0, used_memory under
maxmemory, keys without a TTL kept by volatile-ttl).

The two servers model memory differently, so each limit is set relative to the
server's own used_memory; the observations compared are those that must not depend on
that (texts, flags, which kind of key survives).

Usage: eviction_test.py --redsim BIN --redis-server BIN
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import redis  # noqa: E402
from serverutil import HOST, Checker, Server, main_wrapper  # noqa: E402

VALUE = "v" * 100


def err(fn):
    try:
        return ("ok", fn())
    except redis.exceptions.ResponseError as e:
        return ("err", str(e))


def used(r):
    return int(r.info("memory")["used_memory"])


def limit(r, room):
    r.config_set("maxmemory", max(1, used(r) + room))
    return int(r.config_get("maxmemory")["maxmemory"])


def scenario(port):
    seen, facts = {}, {}
    r = redis.Redis(host=HOST, port=port, socket_timeout=20, decode_responses=True)
    r.flushall()

    # Every parameter, set and read back, and a bad value of each.
    for name, value in (("maxmemory-samples", "7"), ("maxmemory-eviction-tenacity", "20"),
                        ("lfu-log-factor", "3"), ("lfu-decay-time", "4"), ("maxmemory", "100mb"),
                        ("maxmemory-policy", "volatile-ttl"), ("maxmemory-policy", "allkeys-lfu")):
        seen[f"set {name} {value}"] = (r.config_set(name, value), r.config_get(name))
    for name, value in (("maxmemory-samples", "0"), ("maxmemory-eviction-tenacity", "101"),
                        ("lfu-log-factor", "-1"), ("lfu-decay-time", "x"), ("maxmemory", "-1"),
                        ("maxmemory-policy", "lru")):
        seen[f"bad {name} {value}"] = err(lambda: r.config_set(name, value))
    for name, value in (("maxmemory-samples", "5"), ("maxmemory-eviction-tenacity", "10"),
                        ("lfu-log-factor", "10"), ("lfu-decay-time", "1"), ("maxmemory", "0")):
        r.config_set(name, value)

    # OBJECT FREQ after N reads (the counter is random: a range).
    r.config_set("maxmemory-policy", "allkeys-lfu")
    r.set("f", "x")
    seen["freq new"] = r.object("freq", "f")
    for _ in range(100):
        r.get("f")
    facts["freq after 100 reads"] = r.object("freq", "f")
    seen["idletime under lfu"] = err(lambda: r.object("idletime", "f"))
    r.config_set("maxmemory-policy", "noeviction")
    seen["freq under noeviction"] = err(lambda: r.object("freq", "f"))

    # noeviction: the OOM refusals.
    for i in range(50):
        r.set(f"k:{i}", VALUE)
    limit(r, -5000)
    seen["set"] = err(lambda: r.set("new", "v"))
    seen["get"] = err(lambda: r.get("k:1"))
    seen["lpush"] = err(lambda: r.lpush("l", "a"))
    p = r.pipeline(transaction=True)
    p.set("a", "b")
    p.get("k:1")
    seen["multi"] = err(lambda: p.execute())
    seen["eval write"] = err(lambda: r.eval("return redis.call('set','x','y')", 0))
    seen["eval read"] = err(lambda: r.eval("return redis.call('get','k:2')", 0))
    seen["eval shebang"] = err(lambda: r.eval("#!lua\nreturn redis.call('set','x','y')", 0))
    seen["eval allow-oom"] = err(lambda: r.eval("#!lua flags=allow-oom\nreturn redis.call('set','x','y')", 0))
    seen["errorstats oom"] = r.info("errorstats").get("errorstat_OOM")
    r.config_set("maxmemory", 0)
    r.flushall()

    # allkeys-lru: a fill past the limit.
    r.config_set("maxmemory-policy", "allkeys-lru")
    r.config_resetstat()
    max_ = limit(r, 200000)
    for i in range(3000):
        try:
            r.set(f"lru:{i}", VALUE)
        except redis.exceptions.ResponseError as e:
            raise RuntimeError(f"lru:{i} {e} used={used(r)} max={max_} keys={r.dbsize()}")
    info = r.info()
    facts["lru evicted"] = int(info["evicted_keys"])
    facts["lru used"] = int(info["used_memory"])
    facts["lru max"] = max_
    seen["lru last key kept"] = r.exists("lru:2999")
    r.config_set("maxmemory", 0)
    r.flushall()

    # volatile-ttl: keys without a TTL stay; the soonest deadlines go first.
    r.config_set("maxmemory-policy", "volatile-ttl")
    for i in range(300):
        r.set(f"keep:{i}", VALUE)
    for i in range(300):
        r.set(f"ttl:{i}", VALUE, ex=10000 + i)
    limit(r, -15000)
    r.ping()
    seen["ttl persistent kept"] = sum(r.exists(f"keep:{i}") for i in range(300))
    gone = [i for i in range(300) if not r.exists(f"ttl:{i}")]
    facts["ttl evicted"] = len(gone)
    # Deadlines grow with i: a random choice would average i = 149.5.
    facts["ttl mean index evicted"] = sum(gone) / max(1, len(gone))
    r.config_set("maxmemory", 0)
    r.flushall()

    # allkeys-lfu: hot keys survive.
    r.config_set("maxmemory-policy", "allkeys-lfu")
    for i in range(50):
        r.set(f"hot:{i}", VALUE)
    for _ in range(10):
        for i in range(50):
            r.get(f"hot:{i}")
    limit(r, 200000)
    for i in range(3000):
        r.set(f"cold:{i}", VALUE)
    seen["lfu hot kept"] = sum(r.exists(f"hot:{i}") for i in range(50)) >= 48
    facts["lfu evicted"] = int(r.info("stats")["evicted_keys"])
    r.config_set("maxmemory", 0)
    r.config_set("maxmemory-policy", "noeviction")
    return seen, facts


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    a = ap.parse_args()
    c = Checker("eviction_test")
    results = {}
    for label, binary, real in (("redis", a.redis_server, True), ("redsim", a.redsim, False)):
        with Server(binary, real=real) as srv:
            results[label] = scenario(srv.port)
    (want, wfacts), (have, hfacts) = results["redis"], results["redsim"]
    for key in want:
        c.equal(key, have.get(key), want[key])
    for label, f in (("redis", wfacts), ("redsim", hfacts)):
        c.check(f"{label}: OBJECT FREQ after 100 reads in 7..14", 7 <= f["freq after 100 reads"] <= 14,
                f["freq after 100 reads"])
        c.check(f"{label}: allkeys-lru evicted keys", f["lru evicted"] > 0, f)
        # Redis checks before each command; its INFO reply and client buffers add a little.
        c.check(f"{label}: used_memory under maxmemory", f["lru used"] <= f["lru max"] * 1.02, f)
        c.check(f"{label}: volatile-ttl evicted", f["ttl evicted"] > 0, f)
        c.check(f"{label}: volatile-ttl took the soonest deadlines", f["ttl mean index evicted"] < 110, f)
        c.check(f"{label}: allkeys-lfu evicted", f["lfu evicted"] > 0, f)
    c.check("redsim: used_memory at most maxmemory exactly", hfacts["lru used"] <= hfacts["lru max"], hfacts)
    print(f"eviction_test: redis {wfacts}\neviction_test: redsim {hfacts}")
    return c.finish()


if __name__ == "__main__":
    main_wrapper(main)
