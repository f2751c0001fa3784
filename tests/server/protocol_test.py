#!/usr/bin/env python3
"""`redsim serve` over raw sockets: inline commands, deep pipelining, truncated and
random input, abandoned pipelines, 1 000 concurrent clients, fd and RSS leaks,
maxclients, client-query-buffer-limit, protocol errors (byte-exact against a real
redis-server started the same way), idle timeout, CLIENT KILL, SHUTDOWN and SIGTERM.

Usage: protocol_test.py --redsim BIN --redis-server BIN
"""

import argparse
import os
import random
import resource
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from serverutil import (Checker, Conn, Error, Server, encode, main_wrapper,  # noqa: E402
                        port_is_free)

SEED = 20240607  # every random byte in this file comes from this seed


def info_field(port, section, field):
    c = Conn(port)
    try:
        text = c.call("INFO", section).decode()
    finally:
        c.close()
    for line in text.split("\r\n"):
        if line.startswith(field + ":"):
            return line.split(":", 1)[1]
    return None


def wait_clients(port, want, timeout=5.0):
    """Polls INFO clients until connected_clients == want (our probe included)."""
    deadline = time.monotonic() + timeout
    have = None
    while time.monotonic() < deadline:
        have = int(info_field(port, "clients", "connected_clients"))
        if have == want:
            return have
        time.sleep(0.05)
    return have


def read_until(conn, done, timeout=3.0):
    """Reads until done(data) or EOF or timeout; returns (data, eof)."""
    conn.sock.settimeout(0.2)
    data, conn.buf = conn.buf, b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done(data):
        try:
            chunk = conn.sock.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def alive_and_pinging(c, srv, what):
    conn = Conn(srv.port)
    try:
        ok = conn.call("PING") == b"PONG"
    except OSError as e:
        ok = False
        what += f" ({e})"
    finally:
        conn.close()
    c.check(f"{what}: server alive and answers PING", ok and srv.alive(), srv.log_text()[-2000:])


# ---------------------------------------------------------------- groups

def inline(c, srv):
    conn = Conn(srv.port)
    conn.send(b"PING\r\n")
    c.equal("inline PING", conn._line(), b"+PONG")
    conn.send(b'SET a "b c"\r\n')
    c.equal('inline SET a "b c"', conn._line(), b"+OK")
    conn.send(b"GET a\r\n")
    c.equal("inline GET a", conn.reply(), b"b c")
    conn.send(b"\r\n\r\nPING\n")
    c.equal("empty inline lines ignored, LF-only line accepted", conn._line(), b"+PONG")
    conn.send(b"ECHO 'it\\'s'\r\nECHO \"\\x41\\n\"\r\n")
    c.equal("inline single quotes", conn.reply(), b"it's")
    c.equal("inline \\x escapes", conn.reply(), b"A\n")
    conn.close()


def pipelining(c, srv):
    conn = Conn(srv.port, timeout=30)
    n = 10_000
    payload = b"".join(encode("INCR", "pipe:counter") if i % 2 == 0 else encode("ECHO", i)
                       for i in range(n))
    conn.send(payload)
    bad = None
    for i in range(n):
        r = conn.reply()
        want = i // 2 + 1 if i % 2 == 0 else str(i).encode()
        if r != want:
            bad = (i, r, want)
            break
    c.check("10 000 pipelined commands in one send, replies in order", bad is None, repr(bad))
    conn.close()


def truncated(c, srv):
    a = Conn(srv.port)
    a.send(b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$10\r\nhalf")
    other = Conn(srv.port)
    c.equal("other client served while one is mid-command", other.call("PING"), b"PONG")
    a.close()
    time.sleep(0.1)
    c.equal("after the half command's client dropped", other.call("GET", "key"), None)
    other.close()
    alive_and_pinging(c, srv, "truncated command")


def random_bytes(c, srv, real):
    """Random input on several connections at once; output must frame as RESP, and if
    the server closes, the last reply is a protocol error. The same bytes are sent to a
    real redis-server and the outputs compared."""
    rng = random.Random(SEED)
    payloads = []
    for k in range(8):
        body = bytes(rng.randrange(256) for _ in range(4096))
        if k % 2:
            body = b"*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n" + body  # start in multibulk mode
        payloads.append(body)

    def run(port):
        conns = [Conn(port) for _ in payloads]
        outs = []
        for conn, p in zip(conns, payloads):
            try:
                conn.send(p)
            except OSError:
                pass
        for conn in conns:
            data, eof = read_until(conn, lambda d: False, timeout=1.0)
            outs.append((data, eof))
            conn.close()
        return outs

    mine = run(srv.port)
    for k, (data, eof) in enumerate(mine):
        c.check(f"random bytes #{k}: output frames as RESP", frames_ok(data), data[:200])
        if eof and data:
            last = data.rstrip(b"\r\n").split(b"\r\n")[-1]
            c.check(f"random bytes #{k}: closed after a protocol error",
                    last.startswith(b"-ERR Protocol error"), last[:120])
    alive_and_pinging(c, srv, "random bytes")
    theirs = run(real.port)
    for k, ((d1, e1), (d2, e2)) in enumerate(zip(mine, theirs)):
        c.check(f"random bytes #{k}: same bytes and close as redis-server", (d1, e1) == (d2, e2),
                f"\nredsim: {d1[:300]!r} eof={e1}\nredis:  {d2[:300]!r} eof={e2}")


def frames_ok(data):
    class Buf(Conn):
        def __init__(self, d):
            self.buf = d

        def _fill(self):
            raise EOFError

    b = Buf(data)
    try:
        while b.buf:
            b.reply()
        return True
    except (EOFError, ValueError):
        return False


def abandoned_pipeline(c, srv):
    conn = Conn(srv.port)
    conn.call("SET", "blob", "x" * 1024)
    conn.send(encode("GET", "blob") * 50_000)  # ~50 MB of replies nobody reads
    conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()  # RST
    conn = Conn(srv.port)
    conn.send(encode("GET", "blob") * 50_000)
    conn.close()  # FIN
    time.sleep(0.3)
    alive_and_pinging(c, srv, "pipeline abandoned without reading")


def many_clients(c, srv, fds_at_start):
    n = 1000
    conns = [Conn(srv.port, timeout=30) for _ in range(n)]
    c.equal("1 000 connections open at once (connected_clients, probe included)",
            wait_clients(srv.port, n + 1), n + 1)
    for i, conn in enumerate(conns):
        conn.send(encode("SET", f"cc:{i}", i) + encode("GET", f"cc:{i}") +
                  encode("INCR", "cc:shared"))
    bad = []
    for i, conn in enumerate(conns):
        r = (conn.reply(), conn.reply(), conn.reply())
        if r[0] != b"OK" or r[1] != str(i).encode() or not isinstance(r[2], int):
            bad.append((i, r))
    c.check("each of 1 000 clients got its replies", not bad, repr(bad[:3]))
    probe = Conn(srv.port)
    c.equal("INCR from 1 000 clients", probe.call("GET", "cc:shared"), b"1000")
    probe.close()
    for conn in conns:
        conn.close()
    c.equal("connected_clients back to 1 after they close", wait_clients(srv.port, 1), 1)
    time.sleep(0.2)
    fds = srv.fd_count()
    c.check(f"no fd leak (fds {fds_at_start} before, {fds} after)",
            abs(fds - fds_at_start) <= 3)


def rss_rounds(c, srv):
    def round_():
        conns = [Conn(srv.port, timeout=30) for _ in range(50)]
        for i, conn in enumerate(conns):
            conn.send(b"".join(encode("SET", f"r:{i}:{j}", "v" * 100) for j in range(200)) +
                      encode("DEL", *[f"r:{i}:{j}" for j in range(200)]))
        for conn in conns:
            for _ in range(201):
                conn.reply()
            conn.close()
        wait_clients(srv.port, 1)
    for _ in range(3):
        round_()
    base = srv.rss_kb()
    for _ in range(12):
        round_()
    after = srv.rss_kb()
    # An AddressSanitizer build keeps freed memory in quarantine, so its RSS grows by
    # design; there LeakSanitizer (at exit) and the fd check above cover leaks instead.
    with open(f"/proc/{srv.pid}/maps") as maps:
        if "libasan" in maps.read():
            c.check(f"RSS not checked under AddressSanitizer ({base} kB -> {after} kB)", True)
            return
    c.check(f"RSS bounded over 12 more rounds ({base} kB -> {after} kB)",
            after - base < max(16 * 1024, base // 2))


def maxclients(c, binary, real_bin):
    def run(srv):
        conns = []
        conns.append(Conn(srv.port))
        conns[0].call("PING")
        wait_clients(srv.port, 2)  # earlier probes gone: ours + the INFO probe
        for _ in range(4):
            conns.append(Conn(srv.port))
            conns[-1].call("PING")
        sixth = Conn(srv.port)
        data, eof = read_until(sixth, lambda d: False, timeout=2.0)
        still = conns[0].call("PING")
        for x in conns + [sixth]:
            x.close()
        return data, eof, still
    with Server(binary, "--maxclients", "5") as srv:
        data, eof, still = run(srv)
    c.equal("6th client with maxclients 5 gets the error", data,
            b"-ERR max number of clients reached\r\n")
    c.check("6th client is then closed", eof)
    c.equal("the first 5 keep working", still, b"PONG")
    with Server(real_bin, "--maxclients", "5", real=True) as real:
        c.equal("maxclients: same bytes as redis-server", run(real)[:2], (data, eof))


def query_buffer_limit(c, binary, real_bin):
    def run(srv):
        conn = Conn(srv.port)
        conn.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n")
        sent = 0
        try:
            chunk = b"x" * 65536
            while sent < 2 * 1024 * 1024:
                conn.send(chunk)
                sent += len(chunk)
        except OSError:
            pass  # closed under us: what we want
        data, eof = read_until(conn, lambda d: False, timeout=3.0)
        conn.close()
        return data, eof
    with Server(binary, "--client-query-buffer-limit", "1mb") as srv:
        data, eof = run(srv)
        c.check("2 MB of an unfinished bulk with a 1mb limit: connection closed", eof, repr(data))
        alive_and_pinging(c, srv, "query buffer limit")
    with Server(real_bin, "--client-query-buffer-limit", "1mb", real=True) as real:
        c.equal("query buffer limit: same as redis-server", run(real), (data, eof))


PROTOCOL_CASES = [
    ("*abc", b"*abc\r\n"),
    ("multibulk too long", b"*1048577\r\n"),
    ("bulk length not a number", b"*1\r\n$abc\r\n"),
    ("bulk length too big", b"*1\r\n$536870913\r\n"),
    ("expected '$'", b"*1\r\nPING\r\n"),
    ("negative bulk length", b"*1\r\n$-1\r\n"),
    ("unbalanced quotes", b'SET a "b\r\n'),
    ("*-1 is ignored", b"*-1\r\n"),
    ("*0 is ignored", b"*0\r\n"),
    ("inline without args", b"   \r\n"),
    ("commands before an error", b"PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n"),
    ("big inline", b"A" * (70 * 1024)),
]


def protocol_errors(c, srv, real):
    def run(port, payload):
        conn = Conn(port)
        conn.send(payload + b"\r\nPING\r\n")
        data, eof = read_until(conn, lambda d: d.endswith(b"+PONG\r\n"), timeout=3.0)
        conn.close()
        return data, eof
    have = run(srv.port, b"*abc\r\n"[:-2])
    c.equal("*abc -> invalid multibulk length, then EOF", have,
            (b"-ERR Protocol error: invalid multibulk length\r\n", True))
    for name, payload in PROTOCOL_CASES:
        mine, theirs = run(srv.port, payload[:-2] if payload.endswith(b"\r\n") else payload), \
            run(real.port, payload[:-2] if payload.endswith(b"\r\n") else payload)
        c.check(f"protocol case '{name}': byte-exact with redis-server", mine == theirs,
                f"\nredsim: {mine!r}\nredis:  {theirs!r}")
    alive_and_pinging(c, srv, "protocol errors")


def idle_timeout(c, binary):
    with Server(binary, "--timeout", "1") as srv:
        idle, active = Conn(srv.port), Conn(srv.port)
        idle.call("PING")
        start = time.monotonic()
        closed_at = None
        active_ok = True
        idle.sock.settimeout(0.05)
        while time.monotonic() - start < 3.5:
            try:
                if closed_at is None and idle.sock.recv(1) == b"":
                    closed_at = time.monotonic() - start
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed_at = time.monotonic() - start
            try:
                active_ok = active_ok and active.call("PING") == b"PONG"
            except (OSError, EOFError):
                active_ok = False
            time.sleep(0.2)
        c.check(f"idle client closed within ~3 s with timeout 1 (at {closed_at})",
                closed_at is not None and 0.9 <= closed_at <= 3.5)
        c.check("active client kept", active_ok)
        idle.close()
        active.close()


def client_kill(c, srv):
    a, b = Conn(srv.port), Conn(srv.port)
    aid = a.call("CLIENT", "ID")
    c.equal("CLIENT KILL ID <other>", b.call("CLIENT", "KILL", "ID", aid), 1)
    data, eof = read_until(a, lambda d: False, timeout=2.0)
    c.check("killed connection is closed", eof and data == b"", repr(data))
    c.equal("CLIENT KILL ID unknown (new form counts)", b.call("CLIENT", "KILL", "ID", 999999), 0)
    c.equal("CLIENT KILL addr unknown (old form errors)",
            b.call("CLIENT", "KILL", "127.0.0.1:1"), Error(b"ERR No such client"))
    c.equal("killer still served", b.call("PING"), b"PONG")
    b.close()


def shutdown(c, binary):
    with Server(binary) as srv:
        port = srv.port
        conn = Conn(port)
        conn.send(encode("SHUTDOWN"))
        data, eof = read_until(conn, lambda d: False, timeout=5.0)
        conn.close()
        status = srv.wait_exit(10)
        c.check("SHUTDOWN: connection closed without a reply", eof and data == b"", repr(data))
        c.equal("SHUTDOWN: exit status", status, 0)
        c.check("SHUTDOWN: port free again", port_is_free(port))
        c.check("SHUTDOWN: logged", "User requested shutdown" in srv.log_text(), srv.log_text())
    with Server(binary) as srv:
        port = srv.port
        os.kill(srv.pid, signal.SIGTERM)
        status = srv.wait_exit(10)
        c.equal("SIGTERM: exit status", status, 0)
        c.check("SIGTERM: port free again", port_is_free(port))
        c.check("SIGTERM: logged", "SIGTERM" in srv.log_text(), srv.log_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 8192) if hard != resource.RLIM_INFINITY else 8192
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))  # inherited by servers
    c = Checker("protocol_test")
    with Server(a.redsim) as srv, Server(a.redis_server, real=True) as real:
        fds_at_start = srv.fd_count()
        c.run("inline commands", inline, c, srv)
        c.run("pipelining", pipelining, c, srv)
        c.run("truncated command", truncated, c, srv)
        c.run("random bytes", random_bytes, c, srv, real)
        c.run("abandoned pipeline", abandoned_pipeline, c, srv)
        c.run("protocol errors", protocol_errors, c, srv, real)
        c.run("CLIENT KILL", client_kill, c, srv)
        c.run("1 000 concurrent clients, fd leak", many_clients, c, srv, fds_at_start)
        c.run("RSS over rounds", rss_rounds, c, srv)
        c.check("main server still alive", srv.alive(), srv.log_text()[-2000:])
    c.run("maxclients", maxclients, c, a.redsim, a.redis_server)
    c.run("client-query-buffer-limit", query_buffer_limit, c, a.redsim, a.redis_server)
    c.run("timeout", idle_timeout, c, a.redsim)
    c.run("SHUTDOWN and SIGTERM", shutdown, c, a.redsim)
    return c.finish()


if __name__ == "__main__":
    main_wrapper(main)
