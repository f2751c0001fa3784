#!/usr/bin/env python3
"""`redsim serve` start-up: config files and command-line directives as redis-server
takes them, with redis-server's fatal messages for bad input (checked against the
real redis-server given with --redis-server).

Usage: startup_test.py REDSIM_BIN REDIS_SERVER_BIN
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, Server, free_port  # noqa: E402


def run(argv, timeout=10):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")


def main():
    redsim, redis = sys.argv[1], sys.argv[2]
    c = Checker("server.startup")
    tmp = tempfile.TemporaryDirectory(prefix="redsim-startup-")

    def fatal_same(what, redsim_args, redis_args):
        rc1, out1 = run([redsim, "serve", *redsim_args])
        rc2, out2 = run([redis, *redis_args])
        c.equal(f"{what}: exit status 1", rc1, 1)
        c.equal(f"{what}: redis-server also refuses", rc2, 1)
        block = out2[out2.index("*** FATAL"):] if "*** FATAL" in out2 else out2
        c.check(f"{what}: same fatal message as redis-server", block.strip() in out1, f"redsim said {out1!r}")

    bad = os.path.join(tmp.name, "bad.conf")
    with open(bad, "w") as f:
        f.write("port 6500\n# a comment\nnosuchdirective 1\n")
    fatal_same("unknown directive in a file", [bad], [bad])
    fatal_same("unknown directive on the command line", ["--port", "6501", "--nosuch", "1"],
               ["--port", "6501", "--nosuch", "1"])
    fatal_same("bad integer", ["--maxclients", "abc"], ["--maxclients", "abc"])
    fatal_same("missing value", ["--port", "6502", "--hz"], ["--port", "6502", "--hz"])
    bad2 = os.path.join(tmp.name, "bad2.conf")
    with open(bad2, "w") as f:
        f.write("port 6503\nmaxmemory-policy foo\n")
    fatal_same("bad enum in a file, overrides after it", [bad2, "--hz", "5"], [bad2, "--hz", "5"])

    rc, out = run([redsim, "serve", "/nonexistent/redsim.conf"])
    c.equal("missing config file: exit status 1", rc, 1)
    c.check("missing config file: says so", "can't open config file" in out, out)

    # A good file: its values apply, command-line options override them, INFO names it.
    port = free_port()
    good = os.path.join(tmp.name, "good.conf")
    with open(good, "w") as f:
        f.write(f"# redsim test config\nport {port}\nhz 20\nmaxclients 77\nrequirepass \"s3cret\"\n")
    srv = Server(redsim, "--hz", "25")
    srv.argv = lambda p: [redsim, "serve", good, "--hz", "25"]
    srv.port = port
    try:
        srv.proc = subprocess.Popen(srv.argv(port), stdin=subprocess.DEVNULL,
                                    stdout=open(srv.log_path, "wb"), stderr=subprocess.STDOUT)
        import socket
        import time
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                    s.sendall(b"HELLO 3\r\nAUTH s3cret\r\nRESET\r\nGET x\r\nAUTH s3cret\r\n"
                              b"CONFIG GET hz\r\nCONFIG GET maxclients\r\nINFO server\r\n")
                    time.sleep(0.3)
                    data = s.recv(65536).decode()
                    break
            except OSError:
                time.sleep(0.05)
        else:
            data = ""
        # Texts as redis-server 7.0.15 sends them (HELLO before AUTH; RESET logs out).
        hello = ("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
                 "<user> <pass> option can be used to authenticate the client and select the RESP protocol "
                 "version at the same time\r\n")
        c.check("HELLO before AUTH is refused", data.startswith(hello), data[:80])
        data = data[len(hello):] if data.startswith(hello) else data
        c.check("config file + override: AUTH with the file's password", data.startswith("+OK\r\n"), data[:60])
        c.check("RESET logs the client out", data.startswith("+OK\r\n+RESET\r\n-NOAUTH Authentication required."
                                                              "\r\n+OK\r\n"), data[:80])
        c.check("override wins (hz 25)", "$2\r\nhz\r\n$2\r\n25\r\n" in data, data[:200])
        c.check("file value applies (maxclients 77)", "$10\r\nmaxclients\r\n$2\r\n77\r\n" in data, data[:300])
        c.check("INFO server names the config file", f"config_file:{os.path.realpath(good)}\r\n" in data, "")
        c.check("INFO server has the real tcp_port", f"tcp_port:{port}\r\n" in data, "")
        c.check("INFO server has redsim's version field", "redsim_version:" in data and
                "redis_version:7.0.15\r\n" in data, "")
    finally:
        srv.stop()

    rc, out = run([redsim, "serve", "--port", str(free_port()), "--daemonize", "yes"])
    c.equal("daemonize yes is refused: exit status 1", rc, 1)
    c.check("daemonize yes: says why", "does not daemonize" in out, out)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
