"""appendfsync always survives kill -9: a client writes and records every write the
server acknowledged; the server is killed (SIGKILL) at a random moment, 20 times
(seeded), restarted on the same AOF directory each time, and every acknowledged write
must be there.

    aof_crash_test.py --redsim BIN [--rounds 20] [--seed 7]"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, free_port, install_signal_exit, ping  # noqa: E402


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Client:
    """A minimal pipelining-free client: one command, one reply line."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def call(self, *args):
        self.sock.sendall(encode(*args))
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        if line.startswith(b"$"):  # a bulk reply (GET)
            n = int(line[1:])
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed")
                self.buf += chunk
            v, self.buf = self.buf[:n], self.buf[n + 2:]
            return v
        return line

    def close(self):
        self.sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    args.redsim = os.path.abspath(args.redsim)
    install_signal_exit()
    ck = Checker("server.aof_crash")
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="redsim-aof-crash-")
    acked = {}       # key -> value the server acknowledged last
    acked_list = []  # list elements acknowledged, in order
    counter = 0      # INCRs acknowledged
    proc = None
    try:
        for rnd in range(args.rounds):
            port = free_port()
            log = open(os.path.join(work, "server.log"), "ab")
            proc = subprocess.Popen([args.redsim, "serve", "--port", str(port), "--bind", "127.0.0.1",
                                     "--dir", work, "--appendonly", "yes", "--appendfsync", "always",
                                     "--auto-aof-rewrite-min-size", "64kb", "--auto-aof-rewrite-percentage", "50"],
                                    stdout=log, stderr=subprocess.STDOUT, cwd=work)
            limit = time.monotonic() + 10
            while time.monotonic() < limit and not ping(port):
                if proc.poll() is not None:
                    break
                time.sleep(0.02)
            if not ck.check(f"round {rnd}: server started", proc.poll() is None and ping(port),
                            open(os.path.join(work, "server.log"), "rb").read()[-2000:].decode("utf-8", "replace")):
                return ck.finish()
            c = Client(port)
            # Everything acknowledged before the last kill is there.
            missing = [k for k, v in acked.items() if c.call("GET", k) != v]
            ck.check(f"round {rnd}: every acknowledged SET survived", not missing, f"missing {missing[:5]}")
            n = int(c.call("GET", "counter") or b"0")
            ck.check(f"round {rnd}: counter >= acknowledged INCRs", n >= counter, f"{n} < {counter}")
            counter = n  # an INCR may have landed without its reply reaching us
            length = int(c.call("LLEN", "list")[1:])
            ck.check(f"round {rnd}: list holds every acknowledged RPUSH", length >= len(acked_list),
                     f"{length} < {len(acked_list)}")
            c.close()

            # Write until the kill.
            stop = threading.Event()

            def writer(my_rnd=rnd):
                nonlocal counter
                try:
                    w = Client(port)
                    i = 0
                    while not stop.is_set():
                        key = f"k:{my_rnd}:{i}"
                        val = f"v{i}-" + "x" * (i % 50)
                        if w.call("SET", key, val) == b"+OK":
                            acked[key] = val.encode()
                        r = w.call("INCR", "counter")
                        if r.startswith(b":"):
                            counter = int(r[1:])
                        r = w.call("RPUSH", "list", key)
                        if r.startswith(b":"):
                            acked_list.append(key)
                        i += 1
                except (ConnectionError, OSError):
                    pass

            t = threading.Thread(target=writer)
            t.start()
            time.sleep(rng.uniform(0.05, 0.6))
            os.kill(proc.pid, signal.SIGKILL)
            stop.set()
            t.join(timeout=10)
            proc.wait(timeout=10)
            log.close()
        ck.check("some writes were acknowledged", len(acked) > 100, str(len(acked)))
        print(f"acknowledged: {len(acked)} SETs, {counter} INCRs, {len(acked_list)} RPUSHes; "
              f"rewrites seen in the log: {open(os.path.join(work, 'server.log'), 'rb').read().count(b'rewrite terminated with success')}")
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    return ck.finish()


if __name__ == "__main__":
    sys.exit(main())
