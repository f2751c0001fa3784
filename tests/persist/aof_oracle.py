#!/usr/bin/env python3
"""Ask a real Redis what it writes into its AOF for some commands.

The expectations in tests/persist/propagate_test.cpp come from this script. It needs a
scratch redis-server of your own with the AOF on (never the shared oracle):

    mkdir -p /tmp/prop && redis-server --port 6411 --dir /tmp/prop --daemonize yes \
        --enable-debug-command yes --appendonly yes --appendfsync always --save ''

Then each argument is one command line, optionally prefixed by a client name and '>'
(several clients matter for blocking commands), or '#sleep MS' to let time pass:

    tests/persist/aof_oracle.py 'SET k v EX 10' 'b> BLPOP l 0' 'a> RPUSH l x'

It prints, one per line, the operations appended to the incremental AOF file while the
commands ran, as `db<N>: ARGV...` (the SELECT lines are folded into the db number).
Numbers within a day of the time the run started are printed as `NOW+<delta ms>` or
`NOWs+<delta s>` so two runs compare equal. The script FLUSHALLs first (and drops that
FLUSHALL from the result) and turns active expiry off unless --active-expire is given.
"""
import argparse
import glob
import os
import socket
import time


def encode(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(b), b)
    return out


def split_line(line):
    """Splits a command line like redis-cli: spaces separate, double quotes group, \\" escapes."""
    args, cur, quoted, had = [], "", False, False
    chars = iter(line)
    for ch in chars:
        if ch == "\\" and quoted:
            cur += next(chars)
        elif ch == '"':
            quoted = not quoted
            had = True
        elif ch == " " and not quoted:
            if cur or had:
                args.append(cur)
            cur, had = "", False
        else:
            cur += ch
    if cur or had:
        args.append(cur)
    return args


def parse_aof(data):
    """The RESP arrays of an AOF file, as lists of strings."""
    ops, i = [], 0
    while i < len(data):
        assert data[i : i + 1] == b"*", data[i : i + 20]
        j = data.index(b"\r\n", i)
        n = int(data[i + 1 : j])
        i = j + 2
        argv = []
        for _ in range(n):
            j = data.index(b"\r\n", i)
            ln = int(data[i + 1 : j])
            i = j + 2
            argv.append(data[i : i + ln].decode("latin-1"))
            i += ln + 2
        ops.append(argv)
    return ops


def incr_file(d):
    files = sorted(glob.glob(os.path.join(d, "appendonlydir", "*.incr.aof")), key=os.path.getmtime)
    return files[-1]


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.settimeout(0.05)

    def send(self, args):
        self.s.sendall(encode(args))

    def drain(self):
        data = b""
        try:
            while True:
                chunk = self.s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        return data


def normalize(tok, now_ms):
    if tok.lstrip("-").isdigit() and len(tok) < 20:
        v = int(tok)
        if abs(v - now_ms) < 86400000 * 400:
            return "NOW%+d" % (v - now_ms)
        if abs(v - now_ms // 1000) < 86400 * 400:
            return "NOWs%+d" % (v - now_ms // 1000)
    return tok


def run(port, directory, lines, active_expire, raw):
    conns = {}

    def conn(name):
        if name not in conns:
            conns[name] = Conn(port)
        return conns[name]

    ctl = conn("_ctl")
    ctl.send(["FLUSHALL"])
    ctl.send(["DEBUG", "SET-ACTIVE-EXPIRE", "1" if active_expire else "0"])
    time.sleep(0.1)
    ctl.drain()
    path = incr_file(directory)
    start = os.path.getsize(path)
    now_ms = int(time.time() * 1000)
    replies = []
    for line in lines:
        if line.startswith("#sleep"):
            time.sleep(int(line.split()[1]) / 1000)
            continue
        name = "a"
        if ">" in line.split(" ", 1)[0]:
            name, line = line.split(">", 1)
            name = name.strip()
        c = conn(name)
        c.send(split_line(line.strip()))
        time.sleep(0.03)
        replies.append((name, c.drain()))
    time.sleep(0.1)
    for name, c in conns.items():
        c.drain()
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read()
    db, out = 0, []
    for argv in parse_aof(data):
        if argv[0].upper() == "SELECT":
            db = int(argv[1])
            continue
        if raw:
            out.append("db%d: %s" % (db, " ".join(argv)))
        else:
            out.append("db%d: %s" % (db, " ".join(normalize(t, now_ms) for t in argv)))
    return out, replies


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=6411)
    ap.add_argument("--dir", default="/tmp/prop")
    ap.add_argument("--active-expire", action="store_true")
    ap.add_argument("--raw", action="store_true", help="do not replace times by NOW+delta")
    ap.add_argument("--replies", action="store_true")
    ap.add_argument("lines", nargs="+")
    a = ap.parse_args()
    ops, replies = run(a.port, a.dir, a.lines, a.active_expire, a.raw)
    if a.replies:
        for name, r in replies:
            print("  %s< %r" % (name, r))
    for op in ops:
        print(op)


if __name__ == "__main__":
    main()
