#!/usr/bin/env python3
"""Drive the interactive REPL through a pseudo-terminal (standard library only).

Usage: pty_test.py path/to/redsim

Checks: SE<TAB><TAB> lists the candidates, `SET ` shows the grey hint, a command runs
and prints OK, SELECT 3 changes the prompt, Ctrl-C clears the line, Ctrl-D exits 0;
SUBSCRIBE and BLPOP wait, Ctrl-C stops waiting.
"""
import fcntl
import os
import pty
import select
import struct
import sys
import tempfile
import termios
import time


def main():
    binary = sys.argv[1]
    hist = tempfile.NamedTemporaryFile(prefix="redsim-hist-", delete=False)
    hist.close()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ["REDSIM_HISTFILE"] = hist.name
        os.environ.pop("INPUTRC", None)
        os.environ["INPUTRC"] = "/dev/null"
        os.execv(binary, [binary, "--virtual-clock"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    buf = bytearray()

    def read_until(needle, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            if needle in buf:
                return True
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    return needle in buf
                if not data:
                    return needle in buf
                buf.extend(data)
        return needle in buf

    failures = []

    def expect(name, needle, timeout=5.0):
        if read_until(needle, timeout):
            print(f"ok   {name}")
        else:
            failures.append(name)
            print(f"FAIL {name}: {needle!r} not in output:\n{bytes(buf[-600:])!r}")
        # Keep what came after the needle: the next expectation may already be there.
        at = buf.find(needle)
        del buf[:at + len(needle) if at >= 0 else len(buf)]

    def send(data):
        os.write(fd, data)

    expect("prompt", b"redsim> ")
    send(b"SE\t\t")
    expect("tab lists candidates", b"SETRANGE")
    send(b"\x15")  # Ctrl-U: clear the line
    send(b"SET ")
    expect("grey hint", b"\x1b[90mkey value [NX | XX]")
    send(b"k v\r")
    expect("command prints OK", b"OK\r\n")
    send(b"SELECT 3\r")
    expect("prompt shows the db", b"redsim[3]> ")
    send(b"GET something")
    read_until(b"something", 2.0)
    send(b"\x03")  # Ctrl-C clears the line
    expect("ctrl-c gives a fresh prompt", b"redsim[3]> ")
    send(b"PING\r")
    expect("line after ctrl-c runs alone", b"PONG")
    # SUBSCRIBE waits for messages as redis-cli does; Ctrl-C returns to the prompt with
    # the client still subscribed; another client publishes to it.
    send(b"SUBSCRIBE news\r")
    expect("subscribe reads messages", b"Reading messages... (press Ctrl-C to quit)")
    expect("subscribe confirmation", b'3) (integer) 1')
    time.sleep(0.3)
    send(b"\x03")
    expect("ctrl-c leaves reading messages", b"redsim[3]> ")
    send(b":client bob\r")
    expect("prompt names the client", b"redsim(bob)> ")
    send(b"PUBLISH news hi\r")
    expect("message printed for the other client", b'[main] 3) "hi"')
    # A blocking command waits with a visible line; Ctrl-C stops the wait (the client is
    # no longer blocked); a timeout answers (nil) with the elapsed time, as redis-cli.
    expect("prompt before BLPOP", b"redsim(bob)> ")
    send(b"BLPOP q 0\r")
    expect("blocked client waits", b"Waiting for the reply... (press Ctrl-C to stop waiting)")
    time.sleep(0.3)
    send(b"\x03")
    expect("ctrl-c stops waiting", b"(stopped waiting: the client is no longer blocked)")
    expect("prompt after the wait", b"redsim(bob)> ")
    send(b"BLPOP q 0.6\r")
    expect("timeout shows its deadline", b"Waiting for the reply (at most 0.60s)")
    expect("timeout answers nil", b"(nil)")
    expect("elapsed time", b"(0.6")
    # Wait for the prompt before Ctrl-D, as a person does: between lines the terminal is
    # briefly in cooked mode, where a ^D is an end-of-file mark that the switch back to
    # raw mode drops (redis-cli's linenoise has the same window).
    expect("prompt after the reply", b"redsim(bob)> ")
    send(b"\x04")  # Ctrl-D on an empty line
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        print("ok   ctrl-d exits 0")
    else:
        failures.append("ctrl-d exit status")
        print(f"FAIL ctrl-d exit status {code}")
    with open(hist.name, "rb") as f:
        h = f.read()
    os.unlink(hist.name)
    if b"SELECT 3" in h:
        print("ok   history saved")
    else:
        failures.append("history")
        print(f"FAIL history file: {h!r}")
    if failures:
        print("FAILED:", ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
