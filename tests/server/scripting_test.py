#!/usr/bin/env python3
"""Scripts under `redsim serve`, side by side with a real redis-server (redis-py 4.3.x):
EVAL/EVALSHA through register_script, and a busy script seen from a second connection
(BUSY replies, FUNCTION STATS, SCRIPT KILL, UNKILLABLE, FUNCTION KILL, SHUTDOWN NOSAVE).
Every observation is collected from both servers and must be equal.

Usage: scripting_test.py --redsim BIN --redis-server BIN
"""

import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import redis  # noqa: E402
from serverutil import HOST, Checker, Server, main_wrapper  # noqa: E402

SPIN = "local i = 0 while true do i = i + 1 end"
# Writes, then runs for 0.6 s of wall-clock time (TIME inside the script).
WRITE_THEN_WAIT = (
    "redis.call('set', 'w', '1') "
    "local t = redis.call('time') local t0 = t[1] * 1000000 + t[2] "
    "repeat t = redis.call('time') until t[1] * 1000000 + t[2] - t0 > 600000 "
    "return 'done'")


def outcome(fn):
    try:
        return ("ok", fn())
    except redis.exceptions.ResponseError as e:
        return ("err", str(e))
    except redis.exceptions.ConnectionError:
        return ("closed", None)


def in_background(fn):
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("r", outcome(fn)))
    t.start()
    return t, box


def scenario(port):
    seen = {}
    a = redis.Redis(host=HOST, port=port, socket_timeout=20)
    b = redis.Redis(host=HOST, port=port, socket_timeout=20)
    a.flushall()
    a.script_flush()
    a.function_flush()
    hello = a.register_script("return {KEYS[1], ARGV[1], redis.call('incr', KEYS[1])}")
    seen["register_script"] = hello(keys=["n"], args=["x"])
    seen["evalsha again"] = hello(keys=["n"], args=["y"])
    seen["script exists"] = a.script_exists(hello.sha)
    a.config_set("busy-reply-threshold", 100)

    # A read-only busy script: others get BUSY, SCRIPT KILL stops it.
    t, box = in_background(lambda: a.eval(SPIN, 0))
    time.sleep(0.4)
    seen["busy get"] = outcome(lambda: b.get("x"))
    seen["busy function stats"] = outcome(lambda: b.execute_command("FUNCTION", "STATS"))
    seen["busy function kill"] = outcome(lambda: b.execute_command("FUNCTION", "KILL"))
    seen["busy script kill"] = outcome(lambda: b.script_kill())
    t.join(10)
    seen["killed script"] = box.get("r")
    seen["after kill"] = outcome(lambda: b.script_kill())

    # A script that wrote cannot be killed; it finishes on its own.
    t, box = in_background(lambda: a.eval(WRITE_THEN_WAIT, 0))
    time.sleep(0.3)
    seen["unkillable"] = outcome(lambda: b.script_kill())
    t.join(10)
    seen["unkillable result"] = box.get("r")
    seen["its write"] = b.get("w")

    # A busy function: FUNCTION KILL, and SCRIPT KILL refuses it.
    a.function_load("#!lua name=spinlib\nredis.register_function('spin', function() " + SPIN + " end)")
    t, box = in_background(lambda: a.fcall("spin", 0))
    time.sleep(0.4)
    seen["fn busy get"] = outcome(lambda: b.get("x"))
    seen["fn script kill"] = outcome(lambda: b.script_kill())
    stats = outcome(lambda: b.execute_command("FUNCTION", "STATS"))
    seen["fn stats names the function"] = stats[0] == "ok" and b"spin" in repr(stats[1]).encode()
    seen["fn kill"] = outcome(lambda: b.execute_command("FUNCTION", "KILL"))
    t.join(10)
    seen["killed function"] = box.get("r")
    seen["ping after"] = b.ping()

    # SHUTDOWN NOSAVE is allowed while a script is busy, and stops the server.
    t, box = in_background(lambda: a.eval("redis.call('set', 'z', '1') " + SPIN, 0))
    time.sleep(0.4)
    seen["shutdown"] = outcome(lambda: b.shutdown(nosave=True))
    t.join(10)
    seen["caller after shutdown"] = box.get("r")
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    a = ap.parse_args()
    c = Checker("scripting_test")
    results = {}
    for label, binary, real in (("redis", a.redis_server, True), ("redsim", a.redsim, False)):
        with Server(binary, real=real) as srv:
            try:
                results[label] = scenario(srv.port)
            except Exception as e:  # noqa: BLE001
                results[label] = {"exception": repr(e)}
            deadline = time.time() + 5
            while srv.alive() and time.time() < deadline:
                time.sleep(0.05)
            c.check(f"{label} exited after SHUTDOWN NOSAVE", not srv.alive())
    want, have = results["redis"], results["redsim"]
    for key in want:
        c.equal(key, have.get(key), want[key])
    c.check("redis side ran", "exception" not in want, repr(want)[:300])
    return c.finish()


if __name__ == "__main__":
    main_wrapper(main)
