#!/usr/bin/env python3
"""`redsim serve` against the real redis-cli (Redis 7.0): one-shot commands, --pipe
mass insertion of 100 000 SETs, and every non-pending transcript replayed through
`redis-cli --no-raw` and compared with the file's expected output.

Usage: redis_cli_test.py --redsim BIN --redis-cli BIN
"""

import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRANSCRIPTS = os.path.join(os.path.dirname(HERE), "transcripts")
sys.path.insert(0, TRANSCRIPTS)
sys.path.insert(0, HERE)

import run_transcript as rt  # noqa: E402  (the transcript parser and differ)
from serverutil import Checker, Server, main_wrapper  # noqa: E402


def pending_transcripts():
    """Names in REDSIM_TRANSCRIPTS_PENDING, read from transcripts.cmake (one source)."""
    with open(os.path.join(TRANSCRIPTS, "transcripts.cmake")) as f:
        text = f.read()
    m = re.search(r"set\(\s*REDSIM_TRANSCRIPTS_PENDING\b([^)]*)\)", text)
    return set(m.group(1).split()) if m else set()


class Cli:
    def __init__(self, cli_bin, port, home):
        self.base = [cli_bin, "-h", "127.0.0.1", "-p", str(port)]
        self.env = rt.cli_env(home)

    def run(self, *args, stdin=b"", timeout=60):
        p = subprocess.run([*self.base, *args], input=stdin, capture_output=True,
                           env=self.env, timeout=timeout)
        return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")

    def out(self, *args, **kw):
        return self.run(*args, **kw)[1]


def one_shots(c, cli):
    c.equal("PING", cli.out("PING"), "PONG\n")
    c.equal("PING via --no-raw", cli.out("--no-raw", "PING"), "PONG\n")
    c.equal("SET", cli.out("SET", "greeting", "hello world"), "OK\n")
    c.equal("GET (raw)", cli.out("GET", "greeting"), "hello world\n")
    c.equal("GET (--no-raw)", cli.out("--no-raw", "GET", "greeting"), '"hello world"\n')
    c.equal("GET missing (--no-raw)", cli.out("--no-raw", "GET", "nokey"), "(nil)\n")
    c.equal("INCR", cli.out("INCR", "counter"), "1\n")
    c.equal("-r 3 INCR", cli.out("-r", "3", "INCR", "counter"), "2\n3\n4\n")
    c.equal("-x SET from stdin", cli.out("-x", "SET", "fromstdin", stdin=b"piped\n"), "OK\n")
    c.equal("GET of -x value", cli.out("--no-raw", "GET", "fromstdin"), '"piped\\n"\n')
    c.equal("-n 3 SET", cli.out("-n", "3", "SET", "indb3", "x"), "OK\n")
    c.equal("-n 3 DBSIZE", cli.out("-n", "3", "DBSIZE"), "1\n")
    c.equal("DBSIZE of db 0", cli.out("DBSIZE"), "3\n")
    c.equal("MSET/MGET", cli.out("MSET", "a", "1", "b", "2") + cli.out("MGET", "a", "b", "zz"),
            "OK\n1\n2\n\n")
    rc, out, _err = cli.run("--no-raw", "NOSUCHCMD", "x")
    c.equal("unknown command (--no-raw)", out,
            "(error) ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \n")
    c.equal("CLIENT SETNAME one-shot", cli.out("CLIENT", "SETNAME", "cli"), "OK\n")
    c.check("INFO server names Redis 7.0",
            "redis_version:7.0" in cli.out("INFO", "server"))
    # Reading commands from stdin, redis-cli first loads COMMAND DOCS for its hints and
    # complains on stderr about anything in them that Redis 7.0 would not send.
    rc, out, err = cli.run("--no-raw", stdin=b"PING\n")
    c.equal("stdin mode PING", out, "PONG\n")
    c.equal("redis-cli accepts COMMAND DOCS (nothing on stderr)", err, "")
    c.equal("FLUSHALL", cli.out("FLUSHALL"), "OK\n")


def mass_insert(c, cli, n=100_000):
    parts = []
    for i in range(n):
        k, v = b"key:%d" % i, b"value:%d" % i
        parts.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
    rc, out, err = cli.run("--pipe", stdin=b"".join(parts), timeout=50)
    c.equal("--pipe exit status", rc, 0)
    c.check("--pipe summary 'errors: 0, replies: 100000'",
            f"errors: 0, replies: {n}" in out, f"stdout {out!r} stderr {err!r}")
    c.equal("DBSIZE after --pipe", cli.out("DBSIZE"), f"{n}\n")
    for i in (0, 1, 4242, 99_999):
        c.equal(f"GET key:{i}", cli.out("GET", f"key:{i}"), f"value:{i}\n")
    c.equal("GET key:100000 (not inserted)", cli.out("--no-raw", "GET", "key:100000"), "(nil)\n")


def transcripts(c, redsim_bin, cli_bin):
    pending = pending_transcripts()
    files = sorted(glob.glob(os.path.join(TRANSCRIPTS, "*.redis")))
    c.check("transcripts found", len(files) > 0, TRANSCRIPTS)
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        if name in pending:
            print(f"SKIP transcript {name} (pending in transcripts.cmake)")
            continue
        lines, commands = rt.parse(path)
        # A fresh server per file: transcripts assume an empty, default-config engine.
        with Server(redsim_bin) as srv:
            if rt.is_multi(commands):
                # Several clients: one socket each, as the oracle runs them.
                outputs = rt.run_multi_redis(srv.port, commands)
                flat = "".join(l + "\n" for out in outputs for l in out).encode(rt.ENC)
                status = rt.compare(path, commands, rt.expected_outputs(lines, commands), flat)
                c.check(f"multi-client transcript {name} over sockets against redsim serve", status == 0)
                c.check(f"server alive after transcript {name}", srv.alive())
                continue
            cli = Cli(cli_bin, srv.port, srv.tmp.name)
            deadline = rt.time.monotonic() + rt.FILE_TIMEOUT
            _rc, out = rt.run_with_input([*cli.base, "--no-raw"], rt.stdin_for(commands),
                                         deadline, cli.env)
            status = rt.compare(path, commands, rt.expected_outputs(lines, commands), out)
            c.check(f"transcript {name} through redis-cli against redsim serve", status == 0)
            c.check(f"server alive after transcript {name}",
                    srv.alive() or name == "quit")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-cli", required=True)
    a = ap.parse_args()
    c = Checker("redis_cli_test")
    with Server(a.redsim) as srv:
        cli = Cli(a.redis_cli, srv.port, srv.tmp.name)
        c.run("one-shot commands", one_shots, c, cli)
        c.run("redis-cli --pipe mass insert", mass_insert, c, cli)
        c.check("server still alive", srv.alive(), srv.log_text())
    c.run("transcripts through redis-cli", transcripts, c, a.redsim, a.redis_cli)
    return c.finish()


if __name__ == "__main__":
    main_wrapper(main)
