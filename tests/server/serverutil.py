"""Shared helpers for the `redsim serve` tests: start a server on a free loopback
port, wait until it answers PING, always stop it; a PASS/FAIL checker; a tiny RESP2
reader for raw-socket tests.  Python 3 standard library only.

    with Server(redsim_bin, "--maxclients", "5") as srv:
        ... srv.port, srv.pid, srv.log_text() ...
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

HOST = "127.0.0.1"


def free_port():
    """A loopback port that was free a moment ago (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_is_free(port):
    """True if `port` can be bound on the loopback address right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def ping(port, timeout=0.5):
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            reply = s.recv(64)  # with requirepass, PING answers NOAUTH: up all the same
            return reply.startswith(b"+PONG") or reply.startswith(b"-NOAUTH")
    except OSError:
        return False


class Server:
    """A redsim (or, with real=True, a redis-server) process on a free port.

    `directives` are extra `--name value` arguments.  The process's stdout/stderr go
    to a log file in a temporary directory that also serves as its working directory.
    stop() is idempotent and always leaves no process behind."""

    def __init__(self, binary, *directives, real=False, start_timeout=10.0):
        self.binary = binary
        self.directives = [str(d) for d in directives]
        self.real = real
        self.start_timeout = start_timeout
        self.proc = None
        self.port = None
        self.tmp = tempfile.TemporaryDirectory(prefix="redsim-server-test-")
        self.log_path = os.path.join(self.tmp.name, "server.log")

    def argv(self, port):
        if self.real:
            return [self.binary, "--port", str(port), "--bind", HOST, "--save", "",
                    "--appendonly", "no", "--daemonize", "no", "--dir", self.tmp.name,
                    *self.directives]
        return [self.binary, "serve", "--port", str(port), "--bind", HOST, *self.directives]

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self):
        for _attempt in range(3):
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(self.argv(self.port), stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT,
                                             cwd=self.tmp.name)
            limit = time.monotonic() + self.start_timeout
            while time.monotonic() < limit:
                if self.proc.poll() is not None:
                    break  # died (port taken by a racer?): try another port
                if ping(self.port):
                    return self
                time.sleep(0.05)
            self.stop()
        raise RuntimeError(f"{self.binary} did not answer PING; its log:\n{self.log_text()}")

    def wait_exit(self, timeout=10.0):
        """Waits for the process to exit on its own; its status, or None on timeout."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def fd_count(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def rss_kb(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        self.tmp.cleanup()
        return False


class Checker:
    """Prints one PASS/FAIL line per check and remembers failures."""

    def __init__(self, name):
        self.name = name
        self.failures = 0
        self.passes = 0

    def check(self, what, ok, detail=""):
        if ok:
            self.passes += 1
            print(f"PASS {what}", flush=True)
        else:
            self.failures += 1
            print(f"FAIL {what}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    def equal(self, what, have, want):
        return self.check(what, have == want, f"have {have!r}, want {want!r}")

    def run(self, what, fn, *args):
        """Runs one group of checks; an exception inside counts as a failure and the
        remaining groups still run."""
        print(f"--- {what}", flush=True)
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 - report and go on with the next group
            self.failures += 1
            print(f"FAIL {what}: exception\n{traceback.format_exc()}", flush=True)

    def finish(self):
        print(f"{self.name}: {self.passes} passed, {self.failures} failed", flush=True)
        return 1 if self.failures else 0


def install_signal_exit():
    """Turns SIGTERM (ctest timeout) into SystemExit so `with Server` still cleans up."""
    def on_term(signum, _frame):
        raise SystemExit(f"killed by signal {signum}")
    signal.signal(signal.SIGTERM, on_term)


# ---------------------------------------------------------------- raw RESP

class Conn:
    """A raw socket with a buffered RESP2 reply reader."""

    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed by the server")
        self.buf += chunk

    def _line(self):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 2:]
                return line
            self._fill()

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        """One reply: bytes for +/$, int for :, Error for -, list for *, None for nil
        (and RESP3's types, see below)."""
        line = self._line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return rest
        if t == b"-":
            return Error(rest)
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        # RESP3: null, boolean, double and big number (as their text), map (dict), set and
        # push (lists), verbatim (its text after the 4-byte format).
        if t == b"_":
            return None
        if t == b"#":
            return rest == b"t"
        if t in (b",", b"("):
            return rest
        if t == b"%":
            return {self._key(): self.reply() for _ in range(int(rest))}
        if t in (b"~", b">"):
            return [self.reply() for _ in range(int(rest))]
        if t == b"=":
            return self._exact(int(rest))[4:]
        raise ValueError(f"unexpected reply line {line!r}")

    def _key(self):
        k = self.reply()
        return tuple(k) if isinstance(k, list) else k

    def call(self, *args):
        self.send(encode(*args))
        return self.reply()

    def read_all(self, timeout=5.0):
        """Everything until EOF (or `timeout` seconds), as bytes; the buffer first."""
        self.sock.settimeout(timeout)
        data, self.buf = self.buf, b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return data, True
                data += chunk
        except socket.timeout:
            return data, False
        except ConnectionResetError:
            return data, True

    def closed_by_peer(self, timeout=5.0):
        """True if the server closes the connection within `timeout` seconds."""
        _data, eof = self.read_all(timeout)
        return eof

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Error(bytes):
    """An error reply's text (without the leading '-')."""


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if not isinstance(a, bytes):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def run_on_both(name, run, *real_directives):
    """The shape of the tests that compare redsim with redis-server: parses --redsim and
    --redis-server, runs run(port) against a real redis-server (with `real_directives`)
    and then against `redsim serve`, and returns (opts, redis's result, redsim's result).
    Returns None, after printing the skip line, when redis-server is missing (exit 77)."""
    install_signal_exit()
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", default="")
    opts = ap.parse_args()
    if not opts.redis_server or not os.path.exists(opts.redis_server):
        print(f"{name}: redis-server not found: skipped")
        return None
    with Server(opts.redis_server, *real_directives, real=True) as real, \
            Server(os.path.abspath(opts.redsim)) as sim:
        want, have = run(real.port), run(sim.port)
    return opts, want, have


def report_scenarios(name, want, have, what):
    """Compares (title, observations) lists scenario by scenario; prints the differences
    and a summary line; returns the exit status."""
    bad = 0
    for (title, w), (_, h) in zip(want, have):
        if w != h:
            bad += 1
            print(f"FAIL {title}\n  redis:  {w}\n  redsim: {h}")
    if bad:
        print(f"{name}: {bad} of {len(want)} scenarios differ")
        return 1
    print(f"{name}: {len(want)} scenarios, {what}")
    return 0


def main_wrapper(fn):
    """Runs fn() -> exit status; turns an uncaught exception into status 1."""
    install_signal_exit()
    try:
        sys.exit(fn())
    except SystemExit:
        raise
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        print("FAIL: uncaught exception")
        sys.exit(1)


class Pair:
    """Two connections, a real redis-server's (`a`) and redsim's (`b`): every command goes
    to both, and same() requires equal replies (differential tests). With a list in
    `trace`, every command sent is appended to it."""

    trace = None

    def __init__(self, a, b):
        self.a, self.b = a, b

    def call(self, *args):
        """Sends to both; returns (redis reply, redsim reply)."""
        if self.trace is not None:
            self.trace.append(args)
        data = encode(*args)
        self.a.send(data)
        self.b.send(data)
        return self.a.reply(), self.b.reply()

    def same(self, what, *args):
        ra, rb = self.call(*args)
        if ra != rb:
            shown = lambda r: r if not isinstance(r, bytes) or len(r) < 200 else f"<{len(r)} bytes> {r[:64]!r}…"
            line = " ".join(a if len(a) < 40 else f"<{len(a)} bytes>" for a in map(str, args))
            raise SystemExit(f"FAIL {what}: {line[:300]}\n  redis:  {shown(ra)}\n  redsim: {shown(rb)}")
        return ra
