#!/usr/bin/env python3
"""protected-mode with a real non-loopback peer, compared with redis-server.

The test makes its own test host: a network namespace joined to this one by a veth pair
(10.213.7.1 here, 10.213.7.2 inside), so a connection reaches the server from an
address that is not loopback. Both servers bind 10.213.7.1 and 127.0.0.1 only; all
traffic stays on this machine, between namespaces the test created and removes.

Checks, for redsim and for redis-server alike: without a password a client from
10.213.7.2 gets the DENIED error and is closed; loopback clients are served; with
--protected-mode no, or with --requirepass, the remote client is served (NOAUTH until
AUTH). Needs root (ip netns); fails, never skips, without it.

Usage: protected_mode_test.py REDSIM_BIN REDIS_SERVER_BIN
"""
import os
import socket
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Checker, Server  # noqa: E402

HOST_IP, PEER_IP = "10.213.7.1", "10.213.7.2"


def sh(*argv, check=True):
    return subprocess.run(argv, capture_output=True, text=True, check=check)


class TestHost:
    """A network namespace with a veth link to this one."""

    def __init__(self):
        tag = uuid.uuid4().hex[:6]
        self.ns = f"redsim-pm-{tag}"
        self.veth_host, self.veth_ns = f"rpm{tag}h", f"rpm{tag}n"

    def __enter__(self):
        sh("ip", "netns", "add", self.ns)
        try:
            sh("ip", "link", "add", self.veth_host, "type", "veth", "peer", "name", self.veth_ns)
            sh("ip", "link", "set", self.veth_ns, "netns", self.ns)
            sh("ip", "addr", "add", f"{HOST_IP}/30", "dev", self.veth_host)
            sh("ip", "link", "set", self.veth_host, "up")
            # nsenter switches only the network namespace ("ip netns exec" and "ip -n" also
            # remount /sys, which fails where / is not a mount point, e.g. in a chroot).
            inside = ("nsenter", f"--net=/run/netns/{self.ns}", "ip")
            sh(*inside, "addr", "add", f"{PEER_IP}/30", "dev", self.veth_ns)
            sh(*inside, "link", "set", self.veth_ns, "up")
            sh(*inside, "link", "set", "lo", "up")
        except Exception:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        sh("ip", "link", "del", self.veth_host, check=False)
        sh("ip", "netns", "del", self.ns, check=False)

    def talk(self, port, payload):
        """Connects from inside the namespace (from PEER_IP) and returns all bytes the
        server sends before closing or going quiet for 1 s."""
        code = ("import socket,sys\n"
                f"s=socket.create_connection(('{HOST_IP}',{port}),timeout=5)\n"
                f"s.sendall({payload!r})\n"
                "s.settimeout(1.0)\nout=b''\n"
                "try:\n  while True:\n    d=s.recv(65536)\n    if not d: break\n    out+=d\n"
                "except socket.timeout: out+=b'<open>'\n"
                "except ConnectionResetError: out+=b'<reset>'\n"
                "sys.stdout.buffer.write(out)\n")
        p = subprocess.run(["nsenter", f"--net=/run/netns/{self.ns}", sys.executable, "-c", code],
                           capture_output=True, timeout=20)
        return p.stdout


def loopback(port, payload):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(payload)
        time.sleep(0.2)
        return s.recv(65536)


def main():
    redsim, redis = os.path.abspath(sys.argv[1]), sys.argv[2]
    c = Checker("server.protected_mode")
    if os.geteuid() != 0:
        print("FAIL server.protected_mode needs root to create its test host (ip netns)")
        return 1
    with TestHost() as host:
        time.sleep(0.3)  # let the link come up
        seen = {}
        for name, binary, real in (("redsim", redsim, False), ("redis", redis, True)):
            with Server(binary, "--bind", f"127.0.0.1 {HOST_IP}", real=real) as srv:
                # Send nothing: the server speaks first (unread input would make the close
                # a reset that can discard the message on its way).
                remote = host.talk(srv.port, b"")
                seen[name] = remote
                c.check(f"{name}: remote client without a password is DENIED and closed",
                        remote.startswith(b"-DENIED Redis is running in protected mode") and
                        remote.endswith(b"\r\n"), repr(remote[:80]))
                c.equal(f"{name}: loopback client is served", loopback(srv.port, b"PING\r\n"), b"+PONG\r\n")
            with Server(binary, "--bind", f"127.0.0.1 {HOST_IP}", "--protected-mode", "no", real=real) as srv:
                c.equal(f"{name}: protected-mode no serves the remote client",
                        host.talk(srv.port, b"PING\r\n"), b"+PONG\r\n<open>")
            with Server(binary, "--bind", f"127.0.0.1 {HOST_IP}", "--requirepass", "pw", real=real) as srv:
                c.equal(f"{name}: with a password the remote client must AUTH",
                        host.talk(srv.port, b"PING\r\nAUTH pw\r\nPING\r\n"),
                        b"-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n<open>")
        c.equal("redsim's DENIED bytes equal redis-server's", seen.get("redsim"), seen.get("redis"))
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
