"""The multi-part AOF against Redis 7.0, both ways.

redsim -> Redis: `redsim serve --appendonly yes` runs a workload of every type (with
and without aof-use-rdb-preamble, before and after BGREWRITEAOF); redis-check-aof
accepts the directory's manifest and a real redis-server started on a copy of the
directory has the same contents (every key, type, value, TTL, encoding).
Redis -> redsim: the same with the roles swapped.

    aof_test.py --redsim BIN --redis-server BIN [--redis-check-aof BIN]
Exit 77 (skipped) when redis-check-aof or redis-py is missing."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, Conn, Error, Server, encode, install_signal_exit  # noqa: E402

try:
    import redis
except ImportError:
    print("redis-py missing: skipped")
    sys.exit(77)

from rdb_save_test import SETTINGS, build, snapshot  # noqa: E402


def wait_rewrite(r, timeout=20.0):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        info = r.info("persistence")
        if not info["aof_rewrite_in_progress"] and not info.get("aof_rewrite_scheduled"):
            return True
        time.sleep(0.05)
    return False


def more_writes(r):
    """Writes after a rewrite: they land in the new incr file (SELECT first)."""
    r.select(3)
    r.set("after:rewrite", "yes")
    r.incrby("after:counter", 5)
    r.select(0)
    r.rpush("l:small", "tail")
    r.hset("h:lp", "added", "later")
    r.delete("s:int8")
    pipe = r.pipeline(transaction=True)
    pipe.set("tx:a", 1)
    pipe.sadd("tx:set", "m1", "m2")
    pipe.execute()


def manifest_of(d):
    return os.path.join(d, "appendonlydir", "appendonly.aof.manifest")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    ap.add_argument("--redis-check-aof", default=shutil.which("redis-check-aof"))
    args = ap.parse_args()
    if not args.redis_check_aof or not os.path.exists(args.redis_check_aof):
        print("redis-check-aof missing: skipped")
        return 77
    install_signal_exit()
    ck = Checker("server.aof")

    def check_aof(what, d):
        chk = subprocess.run([args.redis_check_aof, manifest_of(d)], capture_output=True, text=True)
        ck.check(f"{what}: redis-check-aof accepts the manifest", chk.returncode == 0 and "is valid" in chk.stdout,
                 chk.stdout[-1500:] + chk.stderr[-500:])

    def one_way(writer_bin, writer_real, reader_bin, reader_real, preamble, rewrite):
        tag = (f"{'redis' if writer_real else 'redsim'}->{'redis' if reader_real else 'redsim'} "
               f"preamble={preamble} rewrite={rewrite}")
        opts = [*SETTINGS, "--appendonly", "yes", "--aof-use-rdb-preamble", preamble]
        with Server(writer_bin, *opts, real=writer_real) as w:
            r = redis.Redis(port=w.port)
            ck.check(f"{tag}: initial base written", wait_rewrite(r))
            build(r)
            if rewrite:
                # redis-py turns the status line into True (the text is checked in
                # tests/persist/aof_test.cpp and below over a raw socket).
                ck.equal(f"{tag}: BGREWRITEAOF", r.execute_command("BGREWRITEAOF"), True)
                ck.check(f"{tag}: rewrite finished", wait_rewrite(r))
                info = r.info("persistence")
                ck.equal(f"{tag}: aof_last_bgrewrite_status", info["aof_last_bgrewrite_status"], "ok")
                more_writes(r)
            want = snapshot(r)
            # With everysec a write may wait (up to 2 s) behind a running fsync, as in
            # Redis: copy the files once the buffer is empty.
            limit = time.monotonic() + 5
            while r.info("persistence").get("aof_buffer_length", 0) and time.monotonic() < limit:
                time.sleep(0.05)
            wdir = w.tmp.name
            files = sorted(os.listdir(os.path.join(wdir, "appendonlydir")))
            ext = "rdb" if preamble == "yes" else "aof"
            seq = 2 if rewrite else 1
            if not writer_real:
                ck.equal(f"{tag}: files in appendonlydir", files,
                         sorted([f"appendonly.aof.{seq}.base.{ext}", f"appendonly.aof.{seq}.incr.aof",
                                 "appendonly.aof.manifest"]))
            check_aof(tag, wdir)
            with tempfile.TemporaryDirectory(prefix="redsim-aof-copy-") as copy:
                shutil.copytree(os.path.join(wdir, "appendonlydir"), os.path.join(copy, "appendonlydir"))
                with Server(reader_bin, *SETTINGS, "--appendonly", "yes", "--dir", copy, real=reader_real) as rd:
                    have = snapshot(redis.Redis(port=rd.port))
                    ck.equal(f"{tag}: key set", sorted(have), sorted(want))
                    bad = [k for k in want if have.get(k) != want[k]]
                    ck.check(f"{tag}: every key equal", not bad,
                             "; ".join(f"{k}: have {have.get(k)!r} want {want[k]!r}" for k in bad[:3]))

    for preamble in ("yes", "no"):
        for rewrite in (False, True):
            ck.run(f"redsim -> redis preamble={preamble} rewrite={rewrite}", one_way, args.redsim, False,
                   args.redis_server, True, preamble, rewrite)
            ck.run(f"redis -> redsim preamble={preamble} rewrite={rewrite}", one_way, args.redis_server, True,
                   args.redsim, False, preamble, rewrite)

    def runtime_enable():
        # CONFIG SET appendonly yes on a server with data: a rewrite creates the base.
        with Server(args.redsim, *SETTINGS) as w:
            r = redis.Redis(port=w.port)
            build(r, big=False)
            ck.equal("CONFIG SET appendonly yes", r.config_set("appendonly", "yes"), True)
            ck.check("rewrite finished", wait_rewrite(r))
            r.set("after:enable", "1")
            info = r.info("persistence")
            ck.equal("aof_enabled", info["aof_enabled"], 1)
            ck.equal("aof_rewrites", info["aof_rewrites"], 1)
            conn = Conn(w.port)
            conn.send(encode("BGREWRITEAOF"))
            ck.equal("BGREWRITEAOF reply", conn.reply(), b"Background append only file rewriting started")
            conn.send(encode("BGREWRITEAOF"))
            ck.equal("BGREWRITEAOF while one runs", conn.reply(),
                     Error(b"ERR Background append only file rewriting already in progress"))
            conn.close()
            ck.check("second rewrite finished", wait_rewrite(r))
            want = snapshot(r)
            check_aof("runtime enable", w.tmp.name)
            with tempfile.TemporaryDirectory(prefix="redsim-aof-copy-") as copy:
                shutil.copytree(os.path.join(w.tmp.name, "appendonlydir"), os.path.join(copy, "appendonlydir"))
                with Server(args.redis_server, *SETTINGS, "--appendonly", "yes", "--dir", copy, real=True) as rd:
                    ck.equal("runtime enable: redis-server sees the same", snapshot(redis.Redis(port=rd.port)), want)

    ck.run("CONFIG SET appendonly yes at runtime", runtime_enable)
    return ck.finish()


if __name__ == "__main__":
    sys.exit(main())
