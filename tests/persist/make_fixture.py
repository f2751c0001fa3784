#!/usr/bin/python3
"""Writes tests/persist/fixtures/small.rdb: a dump of every type and encoding written
by a real redis-server 7.0 (the doctest in rdb_load_test.cpp loads, truncates and
fuzzes it). Run once by hand: python3 tests/persist/make_fixture.py"""
import os, shutil, socket, subprocess, tempfile, time
import redis

here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp()
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
proc = subprocess.Popen(["redis-server", "--port", str(port), "--dir", tmp, "--save", "",
                         "--list-max-listpack-size", "4", "--list-compress-depth", "1"],
                        stdout=subprocess.DEVNULL)
try:
    r = redis.Redis(port=port)
    for _ in range(100):
        try:
            r.ping(); break
        except Exception:
            time.sleep(0.05)
    r.set("int", 12345); r.set("neg", -70000); r.set("str", "hello")
    r.set("lzf", "a" * 60); r.set("ttl", "x", px=10**9)
    r.rpush("list", *[f"e{i}" for i in range(13)])
    # Nodes of 4 long elements: with list-compress-depth 1 the middle ones are LZF blocks.
    r.rpush("clist", *[f"compressible-{i % 3}-" + "x" * 30 for i in range(16)])
    r.hset("hsmall", mapping={"f1": "v1", "f2": 2})
    r.hset("hbig", mapping={"f": "x" * 80})
    r.sadd("sint", 1, 2, 300000); r.sadd("sstr", "a", "b")
    r.zadd("zsmall", {"a": 1, "b": 2.5}); r.zadd("zbig", {"m" * 70: 3, "n": -1})
    for i in range(5):
        r.xadd("stream", {"f": i, "g": "v"}, id=f"{i + 1}-0")
    r.xadd("stream", {"other": 1}, id="9-0")
    r.xdel("stream", "2-0")
    r.xgroup_create("stream", "grp", id="0")
    r.xreadgroup("grp", "alice", {"stream": ">"}, count=2)
    r.select(3); r.set("in3", "three")
    r.save()
    os.makedirs(os.path.join(here, "fixtures"), exist_ok=True)
    shutil.copy(os.path.join(tmp, "dump.rdb"), os.path.join(here, "fixtures", "small.rdb"))
finally:
    proc.terminate(); proc.wait(); shutil.rmtree(tmp)
