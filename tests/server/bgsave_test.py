"""BGSAVE, LASTSAVE, INFO persistence, MISCONF, DEBUG RELOAD, SHUTDOWN SAVE and SIGTERM
in `redsim serve`, side by side with a real redis-server 7.0 run the same way; the RDB
files each side writes load into the other with the same contents.

    bgsave_test.py --redsim BIN --redis-server BIN
Exit 77 (skipped) when redis-py is missing."""

import argparse
import os
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, Server, install_signal_exit  # noqa: E402

try:
    import redis
except ImportError:
    print("redis-py missing: skipped")
    sys.exit(77)

# redis-server's test setup passes --save "" first; a second --save adds the point.
SETTINGS = ["--save", "", "--save", "3600 1", "--enable-debug-command", "local"]


def info(r):
    return r.info("persistence")


def info_names(r):
    return list(info(r).keys())  # redis-py keeps the server's order


def wait_idle(r, timeout=20):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if info(r)["rdb_bgsave_in_progress"] == 0:
            return True
        time.sleep(0.05)
    return False


def child_pid(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = f.read().split()
        return int(kids[0]) if kids else None
    except OSError:
        return None


def fill(r):
    r.flushall()
    r.set("s", "hello")
    r.set("n", 12345)
    r.rpush("l", *[f"e{i}" for i in range(50)])
    r.hset("h", mapping={f"f{i}": f"v{i}" for i in range(10)})
    r.sadd("set", 1, 2, 3)
    r.zadd("z", {"a": 1, "b": 2})
    r.set("ttl", "x", ex=1000)
    r.xadd("x", {"f": "v"}, id="1-1")


def snapshot(r):
    out = {}
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
            v = r.xrange(key)
        out[key] = (t, v, r.ttl(key) > 0)
    return out


def scenario(ck, srv, label):
    """The same steps on one server; returns what must agree between the two."""
    r = redis.Redis(port=srv.port)
    seen = {}
    seen["save config"] = r.config_get("save")["save"]
    seen["info fields"] = info_names(r)
    fill(r)
    before = r.lastsave()
    time.sleep(1.1)  # LASTSAVE has one-second resolution
    seen["BGSAVE"] = r.execute_command("BGSAVE")
    ck.check(f"{label}: BGSAVE finishes", wait_idle(r))
    i = info(r)
    seen["status after BGSAVE"] = (i["rdb_last_bgsave_status"], i["rdb_saves"], i["rdb_changes_since_last_save"])
    ck.check(f"{label}: LASTSAVE moved", r.lastsave() > before, f"{r.lastsave()} vs {before}")
    path = os.path.join(r.config_get("dir")["dir"], "dump.rdb")
    ck.check(f"{label}: dump.rdb written", os.path.exists(path))
    ck.check(f"{label}: no temp file", not [f for f in os.listdir(os.path.dirname(path)) if f.startswith("temp-")])

    # A slow save (5 keys * 200 ms): the replies while it runs.
    r.config_set("rdb-key-save-delay", 200000)
    r.flushall()
    for k in range(5):
        r.set(f"k{k}", k)
    errs = []
    for cmd in (["BGSAVE"], ["BGSAVE"], ["BGSAVE", "SCHEDULE"], ["SAVE"], ["BGSAVE", "x"]):
        try:
            errs.append(r.execute_command(*cmd))
        except redis.ResponseError as e:
            errs.append("ERR:" + str(e))
    seen["while saving"] = errs
    seen["in progress"] = info(r)["rdb_bgsave_in_progress"]
    seen["keys total"] = info(r)["current_save_keys_total"]
    # MISCONF: the child dies of SIGKILL.
    child = child_pid(srv.pid)
    ck.check(f"{label}: a child process runs", child is not None)
    if child:
        os.kill(child, signal.SIGKILL)
    ck.check(f"{label}: the killed save ends", wait_idle(r))
    r.config_set("rdb-key-save-delay", 0)
    seen["status after kill"] = info(r)["rdb_last_bgsave_status"]
    out = []
    for cmd in (["SET", "a", "1"], ["PING"], ["GET", "k1"]):
        try:
            out.append(r.execute_command(*cmd))
        except redis.ResponseError as e:
            out.append("ERR:" + str(e))
    seen["misconf"] = out
    seen["SAVE clears it"] = (r.execute_command("SAVE"), r.execute_command("SET", "a", "1"))

    # DEBUG RELOAD keeps the data; NOSAVE goes back to the file.
    fill(r)
    want = snapshot(r)
    seen["DEBUG RELOAD"] = r.execute_command("DEBUG", "RELOAD")
    ck.equal(f"{label}: data after DEBUG RELOAD", snapshot(r), want)
    seen["keys loaded"] = info(r)["rdb_last_load_keys_loaded"]
    r.set("extra", "1")
    seen["DEBUG RELOAD NOSAVE"] = r.execute_command("DEBUG", "RELOAD", "NOSAVE")
    ck.equal(f"{label}: NOSAVE reverts to the file", snapshot(r), want)
    try:
        r.execute_command("DEBUG", "RELOAD", "BAD")
    except redis.ResponseError as e:
        seen["DEBUG RELOAD BAD"] = str(e)
    return seen, want, path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    args = ap.parse_args()
    install_signal_exit()
    ck = Checker("server.bgsave")

    with Server(args.redsim, *SETTINGS) as rs, Server(args.redis_server, *SETTINGS, real=True) as real:
        # redsim's serve runs in its temp dir, as redis-server with --dir.
        mine, want_mine, path_mine = scenario(ck, rs, "redsim")
        theirs, want_theirs, path_theirs = scenario(ck, real, "redis")
        for k in theirs:
            ck.equal(f"same as Redis: {k}", mine.get(k), theirs[k])

        # Each side's file loads into the other (DEBUG RELOAD NOSAVE reads dir/dump.rdb).
        r_mine, r_real = redis.Redis(port=rs.port), redis.Redis(port=real.port)
        r_mine.execute_command("SAVE")
        r_real.execute_command("SAVE")
        tmp = path_mine + ".swap"
        shutil.copy(path_mine, tmp)
        shutil.copy(path_theirs, path_mine)
        shutil.move(tmp, path_theirs)
        ck.equal("redsim loads Redis's file", r_mine.execute_command("DEBUG", "RELOAD", "NOSAVE"), b"OK")
        ck.equal("Redis loads redsim's file", r_real.execute_command("DEBUG", "RELOAD", "NOSAVE"), b"OK")
        ck.equal("redsim has Redis's data", snapshot(r_mine), want_theirs)
        ck.equal("Redis has redsim's data", snapshot(r_real), want_mine)

        # SHUTDOWN SAVE: the final snapshot, exit 0, and a restart finds the data.
        for name, srv in (("redsim", rs), ("redis", real)):
            r = redis.Redis(port=srv.port)
            r.config_set("save", "")
            r.set("last-words", name)
            try:
                r.execute_command("SHUTDOWN", "SAVE")
            except redis.ConnectionError:
                pass
            ck.equal(f"{name}: SHUTDOWN SAVE exits with 0", srv.wait_exit(), 0)
            ck.check(f"{name}: log says it saved", "DB saved on disk" in srv.log_text(), srv.log_text()[-1500:])
            srv.start()  # same directory: loads dump.rdb
            ck.equal(f"{name}: the restarted server has the data", redis.Redis(port=srv.port).get("last-words"),
                     name.encode())

        # SIGTERM with save points: saves, then exits 0.
        for name, srv in (("redsim", rs), ("redis", real)):
            r = redis.Redis(port=srv.port)
            r.config_set("save", "3600 1")
            r.set("sigterm", "yes")
            os.kill(srv.pid, signal.SIGTERM)
            ck.equal(f"{name}: SIGTERM exits with 0", srv.wait_exit(), 0)
            srv.start()
            ck.equal(f"{name}: SIGTERM saved first", redis.Redis(port=srv.port).get("sigterm"), b"yes")
    return ck.finish()


if __name__ == "__main__":
    sys.exit(main())
