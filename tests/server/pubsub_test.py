#!/usr/bin/env python3
"""Pub/Sub through `redsim serve` with several real sockets: subscribers receive what
another connection publishes without sending anything themselves, in order, in RESP2
and RESP3; a subscriber that goes away stops counting; a slow subscriber that never
reads is disconnected by the pubsub class of client-output-buffer-limit (checked
against a real redis-server started the same way); redis-py's PubSub works.

Usage: pubsub_test.py --redsim BIN --redis-server BIN
"""

import argparse
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from serverutil import Checker, Conn, Server, encode, main_wrapper  # noqa: E402


def read_replies(conn, n, timeout=5.0):
    """n RESP2 replies, or as many as arrive within `timeout`."""
    conn.sock.settimeout(timeout)
    out = []
    try:
        for _ in range(n):
            out.append(conn.reply())
    except (socket.timeout, EOFError):
        pass
    conn.sock.settimeout(10.0)
    return out


def numsub(port, channel):
    c = Conn(port)
    try:
        return c.call("PUBSUB", "NUMSUB", channel)[1]
    finally:
        c.close()


def wait_for(fn, want, timeout=5.0):
    deadline = time.monotonic() + timeout
    have = fn()
    while have != want and time.monotonic() < deadline:
        time.sleep(0.05)
        have = fn()
    return have


def delivery(c, srv):
    port = srv.port
    a, b, p, pub = Conn(port), Conn(port), Conn(port), Conn(port)
    c.equal("SUBSCRIBE confirms", a.call("SUBSCRIBE", "news"), [b"subscribe", b"news", 1])
    c.equal("second subscriber", b.call("SUBSCRIBE", "news"), [b"subscribe", b"news", 1])
    c.equal("PSUBSCRIBE confirms", p.call("PSUBSCRIBE", "n*"), [b"psubscribe", b"n*", 1])
    counts = [pub.call("PUBLISH", "news", f"m{i}") for i in range(200)]
    c.equal("PUBLISH counts channel and pattern subscribers", set(counts), {3})
    want = [[b"message", b"news", f"m{i}".encode()] for i in range(200)]
    c.equal("subscriber a got every message in order", read_replies(a, 200), want)
    c.equal("subscriber b got every message in order", read_replies(b, 200), want)
    pwant = [[b"pmessage", b"n*", b"news", f"m{i}".encode()] for i in range(200)]
    c.equal("pattern subscriber got every message", read_replies(p, 200), pwant)
    # A message published later arrives without the subscriber sending anything.
    t0 = time.monotonic()
    pub.call("PUBLISH", "news", "late")
    c.equal("a late message arrives promptly", read_replies(a, 1, 2.0), [[b"message", b"news", b"late"]])
    c.check("within a second", time.monotonic() - t0 < 1.0)
    # RESP3: a push.
    r3 = Conn(port)
    r3.send(encode("HELLO", "3"))
    r3.sock.settimeout(5.0)
    while b"modules" not in r3.buf:
        r3._fill()
    r3.buf = r3.buf[r3.buf.index(b"*0\r\n") + 4:]
    r3.send(encode("SUBSCRIBE", "news"))
    while r3.buf.count(b"\r\n") < 6:
        r3._fill()
    c.equal("RESP3 confirmation is a push", r3.buf, b">3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n")
    r3.buf = b""
    pub.call("PUBLISH", "news", "pushed")
    want3 = b">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$6\r\npushed\r\n"
    while len(r3.buf) < len(want3):
        r3._fill()
    c.equal("RESP3 message is a push", r3.buf, want3)
    # Subscribers that go away stop counting.
    for conn in (a, b, r3):
        conn.close()
    c.equal("NUMSUB after the subscribers left", wait_for(lambda: numsub(port, "news"), 0), 0)
    c.equal("PUBLISH now reaches the pattern only", pub.call("PUBLISH", "news", "x"), 1)
    p.close()
    pub.close()


def slow_subscriber(c, binary, real):
    """A subscriber with a tiny receive buffer that never reads: the server piles the
    messages up in its output buffer until the pubsub hard limit (1 MB here)."""
    results = {}
    for name, is_real in (("redsim", False), ("redis", True)):
        with Server(binary if not is_real else real, real=is_real) as srv:
            port = srv.port
            admin = Conn(port)
            c.equal(f"{name}: CONFIG SET pubsub limit",
                    admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 60"), b"OK")
            slow = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            slow.connect(("127.0.0.1", port))
            slow.sendall(encode("SUBSCRIBE", "firehose"))
            fast = Conn(port)
            fast.call("SUBSCRIBE", "firehose")
            # The fast subscriber reads all the time, in a thread.
            fast_bytes = bytearray()
            marker = b"$7\r\nmessage\r\n$8\r\nfirehose\r\n"

            def drain():
                fast.sock.settimeout(10.0)
                try:
                    while fast_bytes.count(marker) < 400:
                        chunk = fast.sock.recv(1 << 20)
                        if not chunk:
                            return
                        fast_bytes.extend(chunk)
                except OSError:
                    return

            reader = threading.Thread(target=drain)
            reader.start()
            pub = Conn(port)
            payload = "x" * 16384
            received = []
            for _ in range(400):  # 6.4 MB in all
                received.append(pub.call("PUBLISH", "firehose", payload))
            # The fast subscriber reads everything; the slow one is cut off.
            left = wait_for(lambda: numsub(port, "firehose"), 1, 10.0)
            results[name] = left
            c.equal(f"{name}: the slow subscriber was disconnected", left, 1)
            c.check(f"{name}: PUBLISH reached 2, then 1", received[0] == 2 and received[-1] == 1,
                    f"first {received[0]}, last {received[-1]}")
            reader.join(15.0)
            c.equal(f"{name}: the fast subscriber got every message", fast_bytes.count(marker), 400)
            # The slow socket ends with EOF once what was buffered is read.
            slow.settimeout(5.0)
            eof = False
            try:
                while True:
                    chunk = slow.recv(1 << 20)
                    if not chunk:
                        eof = True
                        break
            except (socket.timeout, ConnectionResetError):
                eof = False
            c.check(f"{name}: the slow subscriber's connection was closed", eof)
            c.check(f"{name}: server alive", srv.alive())
            if not is_real:
                c.check("redsim logged the output-limit close",
                        "overcoming of output buffer limits" in srv.log_text(), srv.log_text()[-500:])
            for conn in (admin, fast, pub):
                conn.close()
            slow.close()
    c.equal("redsim and redis agree", results.get("redsim"), results.get("redis"))


def redis_py(c, srv):
    try:
        import redis  # noqa: PLC0415
    except ImportError:
        c.check("redis-py is installed", False, "python3-redis missing")
        return
    r = redis.Redis(host="127.0.0.1", port=srv.port)
    ps = r.pubsub()
    ps.subscribe("news")
    ps.psubscribe("n*")
    first = ps.get_message(timeout=2.0)
    c.equal("redis-py subscribe confirmation", (first or {}).get("type"), "subscribe")
    ps.get_message(timeout=2.0)
    c.equal("redis-py PUBLISH count", r.publish("news", "hello"), 2)
    got = [ps.get_message(timeout=2.0) for _ in range(2)]
    c.equal("redis-py message", (got[0] or {}).get("data"), b"hello")
    c.equal("redis-py pmessage", ((got[1] or {}).get("type"), (got[1] or {}).get("pattern")), ("pmessage", b"n*"))
    c.equal("redis-py PUBSUB NUMSUB", r.pubsub_numsub("news"), [(b"news", 1)])
    ps.unsubscribe()
    ps.punsubscribe()
    ps.close()
    c.equal("redis-py NUMSUB after close", wait_for(lambda: r.pubsub_numsub("news")[0][1], 0), 0)
    r.close()


def idle_timeout(c, binary):
    """`timeout` closes idle clients, but never subscribers (they wait by design)."""
    with Server(binary, "--timeout", "1") as srv:
        sub, idle = Conn(srv.port), Conn(srv.port)
        c.equal("subscribe", sub.call("SUBSCRIBE", "news"), [b"subscribe", b"news", 1])
        c.equal("idle client answers", idle.call("PING"), b"PONG")
        time.sleep(3.0)
        c.check("the idle normal client was closed", idle.closed_by_peer(3.0))
        pub = Conn(srv.port)
        c.equal("the idle subscriber is still there", pub.call("PUBLISH", "news", "still"), 1)
        c.equal("and receives", read_replies(sub, 1, 3.0), [[b"message", b"news", b"still"]])
        for conn in (sub, idle, pub):
            conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", required=True)
    a = ap.parse_args()
    c = Checker("pubsub_test")
    with Server(a.redsim) as srv:
        c.run("delivery to several subscribers", delivery, c, srv)
        c.run("redis-py PubSub", redis_py, c, srv)
        c.check("server still alive", srv.alive(), srv.log_text()[-2000:])
    c.run("slow subscriber over the pubsub output limit", slow_subscriber, c, a.redsim, a.redis_server)
    c.run("idle timeout spares subscribers", idle_timeout, c, a.redsim)
    return c.finish()


if __name__ == "__main__":
    main_wrapper(main)
