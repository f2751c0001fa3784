#!/usr/bin/env python3
"""PUBLISH throughput with 1, 100 and 1 000 subscribers: redsim serve vs redis-server.

For each subscriber count both servers are started on free loopback ports, N sockets
SUBSCRIBE to one channel and are drained by one reader thread (selectors), and
redis-benchmark sends `PUBLISH news <16 bytes>` (-c 50, pipeline 1) to each server in
turn (A B A B, ROUNDS rounds); the table shows the median req/s and redsim/redis.
The request count shrinks with N so that every subscriber receives about the same
number of bytes in all.

Environment: REDSIM_BIN (build/release/redsim), REDIS_SERVER, REDIS_BENCHMARK (PATH),
ROUNDS (3). Not a ctest test: numbers depend on the machine.
"""

import os
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REDSIM = os.environ.get("REDSIM_BIN", os.path.join(ROOT, "build/release/redsim"))
REDIS = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
BENCH = os.environ.get("REDIS_BENCHMARK") or shutil.which("redis-benchmark")
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(real, tmp):
    port = free_port()
    if real:
        argv = [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", tmp]
    else:
        argv = [REDSIM, "serve", "--port", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("server did not start")


class Subscribers:
    def __init__(self, port, n):
        self.socks = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nnews\r\n")
            s.recv(64)
            s.setblocking(False)
            self.socks.append(s)
        self.stop = False
        self.thread = threading.Thread(target=self.drain, daemon=True)
        self.thread.start()

    def drain(self):
        sel = selectors.DefaultSelector()
        for s in self.socks:
            sel.register(s, selectors.EVENT_READ)
        while not self.stop:
            for key, _ in sel.select(0.1):
                try:
                    key.fileobj.recv(1 << 20)
                except BlockingIOError:
                    pass

    def close(self):
        self.stop = True
        self.thread.join()
        for s in self.socks:
            s.close()


def bench(port, requests):
    out = subprocess.run([BENCH, "-p", str(port), "-n", str(requests), "-c", "50", "--csv",
                          "PUBLISH", "news", "0123456789abcdef"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith('"PUBLISH'):
            return float(line.split(",")[1].strip('"'))
    return float("nan")


def main():
    for b in (REDSIM, REDIS, BENCH):
        if not b or not os.path.exists(b):
            sys.exit(f"missing {b!r}: set REDSIM_BIN / REDIS_SERVER / REDIS_BENCHMARK")
    print("| subscribers | requests | redsim req/s | redis req/s | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for n in (1, 100, 1000):
        requests = max(2000, 200000 // n)
        with tempfile.TemporaryDirectory() as tmp:
            servers = [start(False, tmp), start(True, tmp)]
            subs = [Subscribers(port, n) for _, port in servers]
            results = ([], [])
            for _ in range(ROUNDS):
                for k, (_, port) in enumerate(servers):
                    results[k].append(bench(port, requests))
            for s in subs:
                s.close()
            for proc, _ in servers:
                proc.terminate()
                proc.wait()
        a, b = statistics.median(results[0]), statistics.median(results[1])
        print(f"| {n} | {requests} | {a:.0f} | {b:.0f} | {a / b:.2f} |", flush=True)


if __name__ == "__main__":
    main()
