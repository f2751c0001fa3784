#!/usr/bin/env python3
"""RDB loading: a real redis-server builds a dataset of every type and encoding, SAVEs
it, and `redsim serve` starts on a copy of the dump. Every key is compared through both
servers: TYPE, the value, PTTL (roughly), OBJECT ENCODING, DEBUG OBJECT's
serializedlength (and quicklist node counts), XINFO STREAM FULL. Then a truncated and a
corrupted copy must stop redsim at start with exit status 1 and a message naming the
file and the offset.

Usage: rdb_load_test.py --redsim BIN --redis-server BIN
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from serverutil import Checker, Conn, Server, free_port, main_wrapper  # noqa: E402

# Both servers hold lists in small compressed nodes, so the dump has many quicklist
# nodes, some LZF-compressed.
SETTINGS = ["--list-max-listpack-size", "8", "--list-compress-depth", "1", "--enable-debug-command", "yes"]


LIBRARY = ("#!lua name=greet\n"
           "redis.register_function('hello', function(keys, args) return 'hello ' .. args[1] end)\n"
           "redis.register_function{function_name='peek', callback=function(keys) return redis.call('GET', keys[1]) end,"
           " flags={'no-writes'}}")


def build(c):
    """The dataset, written through redis-server."""
    c.call("SET", "int:small", "42")
    c.call("SET", "int:big", "123456789012")
    c.call("SET", "int:neg", "-9000000")
    c.call("SET", "str:embstr", "hello world")
    c.call("SET", "str:raw", "".join(chr(33 + (i * 7919) % 90) for i in range(60)))
    c.call("SET", "str:lzf", "abcd" * 300)
    c.call("SET", "str:bin", bytes(range(256)))
    c.call("SET", "str:empty", "")
    c.call("SET", "str:ttl", "soon", "PX", "100000000")
    c.call("RPUSH", "list:small", "a", "1", "-5", "c")
    c.call("RPUSH", "list:big", *[f"element-{i:05d}-padding-padding" for i in range(300)])
    c.call("RPUSH", "list:ints", *[str(i * 1000) for i in range(100)])
    c.call("LPUSH", "list:ttl", "x")
    c.call("PEXPIRE", "list:ttl", "50000000")
    c.call("HSET", "hash:lp", "f1", "v1", "f2", "22", "f3", "")
    c.call("HSET", "hash:ht:many", *[x for i in range(600) for x in (f"field{i}", f"value{i}")])
    c.call("HSET", "hash:ht:long", "f", "x" * 100)
    c.call("SADD", "set:intset", "1", "2", "-3", "4000000000")
    c.call("SADD", "set:ht:many", *[str(i) for i in range(600)])
    c.call("SADD", "set:ht:str", "a", "b", "c")
    c.call("ZADD", "zset:lp", "1", "a", "2.5", "b", "-inf", "c", "inf", "d")
    c.call("ZADD", "zset:sl:many", *[x for i in range(200) for x in (str(i / 3), f"m{i}")])
    c.call("ZADD", "zset:sl:long", "1", "m" * 100, "2", "short")
    for i in range(1, 251):
        c.call("XADD", "stream:big", f"{i}-1", "field", str(i), "name", f"v{i}")
    c.call("XADD", "stream:big", "300-0", "other", "fields", "here", "1")
    for i in (2, 3, 50, 120, 121):
        c.call("XDEL", "stream:big", f"{i}-1")
    c.call("XGROUP", "CREATE", "stream:big", "g1", "0")
    c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "stream:big", ">")
    c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "stream:big", ">")
    c.call("FUNCTION", "LOAD", LIBRARY)
    c.call("XACK", "stream:big", "g1", "1-1")
    c.call("XGROUP", "CREATECONSUMER", "stream:big", "g1", "idle")
    c.call("XGROUP", "CREATE", "stream:big", "g2", "$")
    c.call("XADD", "stream:small", "*", "a", "1")
    c.call("XADD", "stream:empty", "5-5", "a", "1")
    c.call("XDEL", "stream:empty", "5-5")
    c.call("XGROUP", "CREATE", "stream:empty", "g", "0")
    c.call("SELECT", "2")
    c.call("SET", "db2:key", "two")
    c.call("HSET", "db2:hash", "a", "b")
    c.call("SELECT", "15")
    c.call("SET", "db15:key", "fifteen", "EX", "100000")
    c.call("SELECT", "0")


def value(c, key, typ):
    if typ == b"string":
        return c.call("GET", key)
    if typ == b"list":
        return c.call("LRANGE", key, "0", "-1")
    if typ == b"hash":
        h = c.call("HGETALL", key)
        return sorted(zip(h[::2], h[1::2]))
    if typ == b"set":
        return sorted(c.call("SMEMBERS", key))
    if typ == b"zset":
        return c.call("ZRANGE", key, "0", "-1", "WITHSCORES")
    if typ == b"stream":
        return [c.call("XRANGE", key, "-", "+"), c.call("XINFO", "STREAM", key, "FULL")]
    return None


def debug_fields(c, key):
    d = c.call("DEBUG", "OBJECT", key)
    fields = dict(re.findall(rb"(\w+):(\S+)", d))
    return {k: fields.get(k) for k in (b"serializedlength", b"ql_nodes", b"ql_compressed")}


def function_list(c):
    libs = c.call("FUNCTION", "LIST", "WITHCODE")
    out = []
    for lib in libs:
        fields = dict(zip(lib[::2], lib[1::2]))
        fields[b"functions"] = sorted(repr(f) for f in fields[b"functions"])
        out.append(sorted(fields.items()))
    return out


def compare(chk, redis, redsim):
    for db in range(16):
        redis.call("SELECT", str(db))
        redsim.call("SELECT", str(db))
        keys = sorted(redis.call("KEYS", "*"))
        chk.equal(f"db{db} keys", sorted(redsim.call("KEYS", "*")), keys)
        for k in keys:
            name = f"db{db} {k.decode(errors='replace')}"
            typ = redis.call("TYPE", k)
            chk.equal(f"{name} TYPE", redsim.call("TYPE", k), typ)
            chk.equal(f"{name} value", value(redsim, k, typ), value(redis, k, typ))
            chk.equal(f"{name} OBJECT ENCODING", redsim.call("OBJECT", "ENCODING", k),
                      redis.call("OBJECT", "ENCODING", k))
            want = debug_fields(redis, k)
            chk.check(f"{name} DEBUG OBJECT has serializedlength", want[b"serializedlength"] is not None, want)
            chk.equal(f"{name} DEBUG OBJECT", debug_fields(redsim, k), want)
            ta, tb = redis.call("PTTL", k), redsim.call("PTTL", k)
            chk.check(f"{name} PTTL", (ta < 0 and ta == tb) or (ta >= 0 and abs(ta - tb) < 5000), f"{tb} vs {ta}")


def refused(chk, binary, dump, what):
    srv = Server(binary, *SETTINGS)
    with open(os.path.join(srv.tmp.name, "dump.rdb"), "wb") as f:
        f.write(dump)
    # The server must not come up: run it and wait for its exit.
    with open(srv.log_path, "ab") as log:
        proc = subprocess.Popen(srv.argv(free_port()), cwd=srv.tmp.name, stdout=log, stderr=subprocess.STDOUT)
    try:
        rc = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = None
    text = srv.log_text()
    chk.equal(f"{what}: exit status", rc, 1)
    chk.check(f"{what}: message", re.search(r"Fatal error loading the DB: '[^']*dump\.rdb' at offset \d+: ", text),
              text)
    srv.tmp.cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    args = ap.parse_args()
    chk = Checker("server.rdb_load")
    with Server(args.redis_server, *SETTINGS, real=True) as real:
        rc = Conn(real.port)
        build(rc)
        chk.equal("SAVE", rc.call("SAVE"), b"OK")
        with open(os.path.join(real.tmp.name, "dump.rdb"), "rb") as f:
            dump = f.read()
        srv = Server(args.redsim, *SETTINGS)
        shutil.copy(os.path.join(real.tmp.name, "dump.rdb"), os.path.join(srv.tmp.name, "dump.rdb"))
        with srv:
            chk.check("redsim logs the load", "DB loaded from disk" in srv.log_text(), srv.log_text())
            chk.run("every key", compare, chk, rc, Conn(srv.port))
            sc = Conn(srv.port)
            # Redis lists a library's functions in its dict's order (seeded per process):
            # compare them sorted.
            chk.equal("FUNCTION LIST WITHCODE", function_list(sc), function_list(rc))
            chk.equal("FCALL a loaded function", sc.call("FCALL", "hello", "0", "you"), b"hello you")
            chk.equal("FCALL_RO a loaded function", sc.call("FCALL_RO", "peek", "1", "str:embstr"), b"hello world")
    chk.run("truncated dump", refused, chk, args.redsim, dump[: len(dump) // 2], "truncated")
    bad = bytearray(dump)
    bad[-1] ^= 0x55
    chk.run("bad checksum", refused, chk, args.redsim, bytes(bad), "checksum")
    return chk.finish()


if __name__ == "__main__":
    main_wrapper(main)
