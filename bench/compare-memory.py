#!/usr/bin/env python3
"""compare-memory.py — bytes per element of each encoding, redsim next to Redis 7.0.

For every dataset in bench/memory_datasets.txt, builds key "k" in a fresh real
redis-server (pipelined, 100 elements per command, as redsim_memory does) and asks
MEMORY USAGE k SAMPLES 0 (every element counted) and OBJECT ENCODING k; then runs
redsim_memory, which measures redsim's real heap for the same value. Prints a
Markdown table with the ratio redsim/Redis (lower is better; the goal is <= 1.1).

MEMORY USAGE includes the key and its dict entry (a few dozen bytes), which is
negligible at these sizes. Usage:
  bench/compare-memory.py [--redsim-memory build/release/bench/redsim_memory]
                          [--redis-server redis-server]
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
DATASETS = os.path.join(ROOT, "bench", "memory_datasets.txt")


def datasets():
    out = []
    for line in open(DATASETS):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        out.append((parts[0], parts[1], int(parts[2]), parts[3], parts[4] if len(parts) > 4 else ""))
    return out


def encode(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.f = self.s.makefile("rb")

    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t in (b"+", b":"):
            return rest.decode()
        if t == b"-":
            raise RuntimeError(rest.decode())
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self.f.read(n + 2)[:-2].decode()
        raise RuntimeError("unexpected reply " + repr(line))

    def pipeline(self, commands):
        self.s.sendall(b"".join(encode(c) for c in commands))
        return [self.read() for _ in commands]


def build_commands(command, n, member, value):
    cmds, i = [], 0
    if command == "xadd":
        # One entry per XADD: `*` id, fields "a" and "b" with the two patterns as values.
        return [[command, "k", "*", "a", member.replace("{}", str(i)), "b", value.replace("{}", str(i))]
                for i in range(n)]
    while i < n:
        argv = [command, "k"]
        for _ in range(100):
            if i >= n:
                break
            if command == "zadd":
                argv.append(str(i))
            argv.append(member.replace("{}", str(i)))
            if value:
                argv.append(value.replace("{}", str(i)))
            i += 1
        cmds.append(argv)
    return cmds


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim-memory", default=os.path.join(ROOT, "build", "release", "bench", "redsim_memory"))
    ap.add_argument("--redis-server", default=shutil.which("redis-server"))
    args = ap.parse_args()
    if not args.redis_server or not os.path.exists(args.redsim_memory):
        sys.exit("need redis-server and " + args.redsim_memory + " (./dev build release)")

    ours = {}
    out = subprocess.run([args.redsim_memory, DATASETS], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        name, n, nbytes, enc = line.split()
        ours[name] = (int(nbytes), enc)

    port = free_port()
    tmp = tempfile.mkdtemp()
    server = subprocess.Popen([args.redis_server, "--port", str(port), "--save", "", "--appendonly", "no",
                               "--dir", tmp], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                conn = Conn(port)
                break
            except OSError:
                time.sleep(0.05)
        print("| dataset | elements | Redis encoding | Redis bytes/elem | redsim encoding | redsim bytes/elem | ratio |")
        print("| --- | ---: | --- | ---: | --- | ---: | ---: |")
        for name, command, n, member, value in datasets():
            conn.pipeline([["flushall"]])
            cmds = build_commands(command, n, member, value)
            for i in range(0, len(cmds), 1000):
                conn.pipeline(cmds[i:i + 1000])
            usage, enc = conn.pipeline([["memory", "usage", "k", "samples", "0"], ["object", "encoding", "k"]])
            theirs = int(usage) / n
            mine = ours[name][0] / n
            print(f"| {name} | {n} | {enc} | {theirs:.1f} | {ours[name][1]} | {mine:.1f} | {mine / theirs:.2f} |")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
