#!/usr/bin/env python3
"""eviction-overhead.py — what maxmemory eviction costs per command, redsim next to Redis.

For each server (a real redis-server, then `redsim serve`) runs
  redis-benchmark -t set -n N -r 1000000 -d 100 -c 1 -P 1 -q
twice: without a limit, and with maxmemory = used_memory + ROOM under allkeys-lru,
so that once the room is full every SET evicts (random keys: nearly every SET adds one).
Prints requests per second for both runs, the slowdown each server shows, and
evicted_keys. -c 1 -P 1 keeps the measurement per command (no pipelining hides it).

Usage: bench/eviction-overhead.py [--redsim build/release/redsim] [--redis-server redis-server]
                                  [--requests 50000] [--room 1000000]
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, check=True).stdout


def info_field(port, section, name):
    for line in cli(port, "INFO", section).splitlines():
        if line.startswith(name + ":"):
            return int(line.split(":", 1)[1])
    raise KeyError(name)


def bench(port, n):
    out = subprocess.run(["redis-benchmark", "-p", str(port), "-t", "set", "-n", str(n), "-r", "1000000", "-d",
                          "100", "-c", "1", "-P", "1", "-q"], capture_output=True, text=True, check=True).stdout
    # "SET: 12345.67 requests per second, p50=..." (the last \r-separated part)
    last = out.replace("\r", "\n").strip().splitlines()[-1]
    return float(last.split(":")[1].split()[0])


def measure(argv, n, room):
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="evict-bench-")
    proc = subprocess.Popen(argv + ["--port", str(port), "--dir", tmp] if "redis-server" in argv[0]
                            else argv + ["--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=tmp)
    try:
        for _ in range(100):
            try:
                if cli(port, "PING").strip() == "PONG":
                    break
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.05)
        free = bench(port, n)
        cli(port, "FLUSHALL")
        cli(port, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
        cli(port, "CONFIG", "SET", "maxmemory", str(info_field(port, "memory", "used_memory") + room))
        cli(port, "CONFIG", "RESETSTAT")
        bench(port, n)  # fill the room first
        cli(port, "CONFIG", "RESETSTAT")
        limited = bench(port, n)
        evicted = info_field(port, "stats", "evicted_keys")
        keys = int(cli(port, "DBSIZE").strip())
        return free, limited, evicted, keys
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", default=os.path.join(ROOT, "build", "release", "redsim"))
    ap.add_argument("--redis-server", default="redis-server")
    ap.add_argument("--requests", type=int, default=50000)
    ap.add_argument("--room", type=int, default=1000000, help="bytes above the empty server's used_memory")
    a = ap.parse_args()
    rows = []
    for name, argv in (("redis-server", [a.redis_server, "--save", ""]), ("redsim serve", [a.redsim, "serve"])):
        free, limited, evicted, keys = measure(argv, a.requests, a.room)
        rows.append((name, free, limited, evicted, keys))
    print("| server | SET/s no limit | SET/s evicting | evicting / no limit | evicted_keys | keys kept |")
    print("|---|---|---|---|---|---|")
    for name, free, limited, evicted, keys in rows:
        print(f"| {name} | {free:.0f} | {limited:.0f} | {limited / free:.2f} | {evicted} | {keys} |")
    r, s = rows
    print(f"\nredsim/Redis, SET/s without limit: {s[1] / r[1]:.2f}; while evicting: {s[2] / r[2]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
