#!/usr/bin/env python3
"""`redsim serve` against redis-py (4.3.x): basic commands, a 1000-command pipeline,
RESP3 via HELLO 3, CLIENT SETNAME/GETNAME/ID/LIST, and AUTH with requirepass.

Usage: redis_py_test.py --redsim BIN
"""

import argparse
import inspect
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import redis  # noqa: E402
from serverutil import HOST, Checker, Conn, Server, main_wrapper  # noqa: E402


def basics(c, r):
    c.equal("ping", r.ping(), True)
    c.equal("set", r.set("greeting", "hello"), True)
    c.equal("get", r.get("greeting"), b"hello")
    c.equal("get missing", r.get("nokey"), None)
    c.equal("set nx on existing", r.set("greeting", "x", nx=True), None)
    c.equal("incr", r.incr("counter"), 1)
    c.equal("incrby", r.incrby("counter", 41), 42)
    c.equal("incrbyfloat", r.incrbyfloat("float", 1.5), 1.5)
    c.equal("expire", r.expire("greeting", 100), True)
    ttl = r.ttl("greeting")
    c.check("ttl in (0, 100]", 0 < ttl <= 100, f"ttl {ttl}")
    c.equal("ttl without expire", r.ttl("counter"), -1)
    c.equal("ttl missing", r.ttl("nokey"), -2)
    c.equal("mset", r.mset({"m1": "a", "m2": "b", "m3": "c"}), True)
    c.equal("mget", r.mget(["m1", "m2", "nokey", "m3"]), [b"a", b"b", None, b"c"])
    c.equal("exists", r.exists("m1", "m2", "nokey"), 2)
    c.equal("type string", r.type("m1"), b"string")
    c.equal("type none", r.type("nokey"), b"none")
    c.equal("delete", r.delete("m1", "nokey"), 1)
    for i in range(300):
        r.set(f"scan:{i}", i)
    keys = set(r.scan_iter(match="scan:*", count=50))
    c.equal("scan_iter sees every key once", keys, {f"scan:{i}".encode() for i in range(300)})
    c.equal("dbsize", r.dbsize(), 300 + 5)
    info = r.info()
    c.check("info() parses to a dict with redis_version 7.0.x",
            str(info.get("redis_version", "")).startswith("7.0"), repr(info)[:200])
    c.check("info('clients') has connected_clients", "connected_clients" in r.info("clients"))
    c.equal("config_get maxmemory", r.config_get("maxmemory"), {"maxmemory": "0"})
    c.equal("config_set hz", r.config_set("hz", 20), True)
    c.equal("config_get hz", r.config_get("hz"), {"hz": "20"})
    r.config_set("hz", 10)
    c.equal("echo", r.echo("hi"), b"hi")
    c.equal("decode_responses client", redis.Redis(
        host=HOST, port=r.connection_pool.connection_kwargs["port"], decode_responses=True).get("m2"), "b")
    try:
        r.execute_command("NOSUCHCMD", "x")
        c.check("unknown command raises ResponseError", False)
    except redis.exceptions.ResponseError as e:
        c.check("unknown command raises ResponseError", str(e).startswith("unknown command"),
                str(e))
    r.set("str", "x")
    try:
        r.incr("str")
        c.check("incr on non-integer raises", False)
    except redis.exceptions.ResponseError as e:
        c.equal("incr on non-integer raises", str(e), "value is not an integer or out of range")
    c.equal("flushall", r.flushall(), True)


def pipeline(c, r):
    p = r.pipeline(transaction=False)
    for i in range(500):
        p.set(f"p:{i}", i)
        p.incr("p:counter")
    res = p.execute()
    c.equal("pipeline of 1000 commands: reply count", len(res), 1000)
    c.check("pipeline replies in order",
            res[0::2] == [True] * 500 and res[1::2] == list(range(1, 501)))
    c.equal("pipeline effect", r.get("p:counter"), b"500")
    c.equal("pipeline effect (keys)", r.get("p:499"), b"499")


def read_resp3(conn):
    """One RESP3 reply from a serverutil.Conn (maps as dicts, sets as sets)."""
    line = conn._line()
    t, rest = line[:1], line[1:]
    if t in (b"+", b"("):
        return rest
    if t in (b"-", b"!"):
        return ("error", rest if t == b"-" else conn._exact(int(rest)))
    if t == b":":
        return int(rest)
    if t == b",":
        return float(rest)
    if t == b"#":
        return rest == b"t"
    if t == b"_":
        return None
    if t in (b"$", b"="):
        n = int(rest)
        return None if n < 0 else conn._exact(n)
    if t in (b"*", b">", b"~"):
        items = [read_resp3(conn) for _ in range(int(rest))]
        return set(items) if t == b"~" else items
    if t in (b"%", b"|"):
        n = int(rest)
        return {read_resp3(conn): read_resp3(conn) for _ in range(n)}
    raise ValueError(f"bad RESP3 line {line!r}")


def resp3(c, r, port):
    if "protocol" in inspect.signature(redis.Redis.__init__).parameters:
        r3 = redis.Redis(host=HOST, port=port, protocol=3)
        c.equal("redis-py protocol=3 GET", (r3.set("k3", "v"), r3.get("k3")), (True, b"v"))
        c.check("redis-py protocol=3 HELLO map", isinstance(r3.execute_command("HELLO", 3), dict))
    else:
        print(f"note: redis-py {redis.__version__} has no protocol=3; checking HELLO 3 raw")
        # redis-py 4.3's parser knows RESP2 only: HELLO 3 through it must fail cleanly
        # (InvalidResponse/ProtocolError), not hang.
        r3 = redis.Redis(host=HOST, port=port, socket_timeout=5)
        try:
            r3.execute_command("HELLO", 3)
            c.check("redis-py 4.3 rejects the RESP3 map cleanly", False, "no error")
        except (redis.exceptions.InvalidResponse, redis.exceptions.ResponseError,
                redis.exceptions.ConnectionError) as e:
            c.check("redis-py 4.3 rejects the RESP3 map cleanly", True, repr(e))
        # HELLO 2 through redis-py gives the same fields as a flat RESP2 array.
        h2 = r3.execute_command("HELLO", 2)
        h2d = dict(zip(h2[0::2], h2[1::2]))
        c.equal("HELLO 2 via redis-py: proto", h2d.get(b"proto"), 2)
        c.equal("HELLO 2 via redis-py: server", h2d.get(b"server"), b"redis")
    conn = Conn(port)
    try:
        conn.send(b"*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n")
        hello = read_resp3(conn)
        c.check("HELLO 3 reply is a RESP3 map", isinstance(hello, dict), repr(hello))
        c.equal("HELLO 3 map keys", sorted(hello.keys()),
                sorted([b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"]))
        c.equal("HELLO 3 proto", hello.get(b"proto"), 3)
        c.equal("HELLO 3 server", hello.get(b"server"), b"redis")
        c.check("HELLO 3 version 7.0.x", hello.get(b"version", b"").startswith(b"7.0"))
        c.equal("HELLO 3 modules is an empty array", hello.get(b"modules"), [])
        conn.send(b"*2\r\n$3\r\nGET\r\n$6\r\nnokey3\r\n")
        c.equal("RESP3 nil is '_'", conn._line(), b"_")
        conn.send(b"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$2\r\nhz\r\n")
        c.equal("RESP3 CONFIG GET is a map", read_resp3(conn), {b"hz": b"10"})
        conn.send(b"*2\r\n$5\r\nHELLO\r\n$1\r\n2\r\n")
        c.check("HELLO 2 goes back to arrays", isinstance(conn.reply(), list))
        conn.send(b"*2\r\n$3\r\nGET\r\n$6\r\nnokey3\r\n")
        c.equal("RESP2 nil again", conn._line(), b"$-1")
    finally:
        conn.close()


def client_cmds(c, r):
    c.equal("client_setname", r.client_setname("py-client"), True)
    c.equal("client_getname", r.client_getname(), "py-client")
    cid = r.client_id()
    c.check("client_id is a positive int", isinstance(cid, int) and cid > 0, repr(cid))
    lst = r.client_list()
    me = [e for e in lst if e.get("name") == "py-client"]
    c.check("client_list has our entry", len(me) == 1, repr(lst))
    if me:
        c.equal("client_list id matches client_id", me[0].get("id"), str(cid))
        c.check("client_list addr is loopback", me[0].get("addr", "").startswith("127.0.0.1:"))
    c.equal("client_info name", r.client_info().get("name"), "py-client")
    try:
        r.client_setname("bad name")
        c.check("client_setname with space rejected", False)
    except redis.exceptions.ResponseError:
        c.check("client_setname with space rejected", True)


def auth(c, redsim_bin):
    with Server(redsim_bin, "--requirepass", "s3cret") as srv:
        r = redis.Redis(host=HOST, port=srv.port)
        try:
            r.get("k")
            c.check("unauthenticated command -> NOAUTH", False, "no error")
        except redis.exceptions.AuthenticationError as e:
            c.check("unauthenticated command -> NOAUTH (AuthenticationError)",
                    "Authentication required" in str(e), str(e))
        conn = Conn(srv.port)
        conn.send(b"GET k\r\n")
        c.equal("NOAUTH error text", conn.reply(), b"NOAUTH Authentication required.")
        conn.close()
        try:
            redis.Redis(host=HOST, port=srv.port, password="wrong").ping()
            c.check("AUTH wrong password -> WRONGPASS", False, "no error")
        except (redis.exceptions.AuthenticationError, redis.exceptions.ResponseError) as e:
            # redis-py 4.3 raises ResponseError for WRONGPASS (as with a real Redis 7.0).
            c.check("AUTH wrong password -> WRONGPASS",
                    "invalid username-password pair" in str(e), str(e))
        try:
            r.execute_command("AUTH", "wrong")
            c.check("AUTH wrong raw", False, "no error")
        except redis.exceptions.ResponseError as e:
            c.check("AUTH wrong raw -> WRONGPASS",
                    str(e).startswith("WRONGPASS") or "invalid username-password" in str(e),
                    str(e))
        ok = redis.Redis(host=HOST, port=srv.port, password="s3cret")
        c.equal("AUTH right (password=) then SET", ok.set("k", "v"), True)
        c.equal("AUTH right then GET", ok.get("k"), b"v")
        ok_user = redis.Redis(host=HOST, port=srv.port, username="default", password="s3cret")
        c.equal("AUTH default s3cret (username=)", ok_user.get("k"), b"v")
        c.equal("raw AUTH s3cret", r.execute_command("AUTH", "s3cret"), True)
        c.equal("after raw AUTH", r.get("k"), b"v")
        fresh = redis.Redis(host=HOST, port=srv.port)
        h = fresh.execute_command("HELLO", 2, "AUTH", "default", "s3cret")
        hd = dict(zip(h[0::2], h[1::2]))
        c.equal("HELLO 2 AUTH default s3cret", hd.get(b"proto"), 2)
        c.equal("works after HELLO AUTH", fresh.get("k"), b"v")
        try:
            redis.Redis(host=HOST, port=srv.port).execute_command("HELLO", 2, "AUTH", "default", "no")
            c.check("HELLO 2 AUTH wrong", False, "no error")
        except redis.exceptions.ResponseError as e:
            c.check("HELLO 2 AUTH wrong -> WRONGPASS", "invalid username-password" in str(e),
                    str(e))
        c.check("auth server alive", srv.alive(), srv.log_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", required=True)
    a = ap.parse_args()
    c = Checker("redis_py_test")
    print(f"redis-py {redis.__version__}")
    with Server(a.redsim) as srv:
        r = redis.Redis(host=HOST, port=srv.port, socket_timeout=10)
        c.run("basics", basics, c, r)
        c.run("pipeline", pipeline, c, r)
        c.run("RESP3", resp3, c, r, srv.port)
        c.run("CLIENT commands", client_cmds, c, r)
        c.check("server still alive", srv.alive(), srv.log_text())
    c.run("AUTH / requirepass", auth, c, a.redsim)
    return c.finish()


if __name__ == "__main__":
    main_wrapper(main)
