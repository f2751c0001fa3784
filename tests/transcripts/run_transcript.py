#!/usr/bin/env python3
"""Check a redsim transcript (*.redis) against redsim or a real Redis.

Usage:
  run_transcript.py --redsim BIN FILE
  run_transcript.py --redis-server BIN --redis-cli BIN [--update] FILE

Multi-client files (command lines written "[alice]> CMD") run against redis-server
through one socket per client, formatted here as redis-cli --no-raw would; against
redsim through its REPL, switching clients with ":client NAME".

See README.md in this directory for the file format.  Standard library only.
"""

import argparse
import difflib
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

FILE_TIMEOUT = 60.0  # seconds for one file, start-up included
ENC = "latin-1"      # byte-exact round trip for any byte


class TranscriptError(Exception):
    pass


# ---------------------------------------------------------------- parsing

# "[alice]> CMD": a command run by the client called alice (multi-client files).
CLIENT_CMD = re.compile(r"^\[([A-Za-z0-9_.-]+)\]> (.*)$")
MAIN = "main"  # the client of plain "> " lines (the REPL's first client)


def is_multi(commands):
    return any(c["client"] is not None for c in commands)


def is_comment(line):
    return line == "#" or line.startswith("# ")


def parse(path):
    """Return (lines, commands).

    lines: the file's lines (without '\n').
    commands: list of dicts {text, lineno (1-based), out_idx: [line indexes
    of expected-output lines]}.
    """
    with open(path, "rb") as f:
        data = f.read().decode(ENC)
    if data and not data.endswith("\n"):
        data += "\n"
    lines = data.split("\n")[:-1] if data else []
    commands = []
    for i, line in enumerate(lines):
        if line.endswith("\r"):
            raise TranscriptError(f"{path}:{i + 1}: CR line ending (files must use LF)")
        m = CLIENT_CMD.match(line)
        if line.startswith("> ") or m:
            text = m.group(2) if m else line[2:]
            if not text.strip():
                raise TranscriptError(f"{path}:{i + 1}: empty command")
            commands.append({"text": text, "lineno": i + 1, "out_idx": [],
                             "client": m.group(1) if m else None})
        elif line == "" or is_comment(line):
            continue
        else:
            if not commands:
                raise TranscriptError(
                    f"{path}:{i + 1}: output line before the first '> ' command: {line!r}")
            commands[-1]["out_idx"].append(i)
    if not commands:
        raise TranscriptError(f"{path}: no commands")
    return lines, commands


def expected_outputs(lines, commands):
    return [[lines[i] for i in c["out_idx"]] for c in commands]


def queued_in_multi(commands):
    """For each command: True when it runs between a MULTI and its EXEC/DISCARD/RESET,
    where an ECHO sentinel would be queued instead of answered. MULTI itself counts (the
    sentinel after it would be queued too); each such command replies exactly one line
    (OK, QUEUED or an error), so --update needs no sentinel to split them."""
    flags, in_multi = [], False
    for c in commands:
        words = c["text"].split()
        name = words[0].upper() if words else ""
        if not in_multi and name == "MULTI" and len(words) == 1:
            in_multi = True
            flags.append(True)
        elif in_multi and name in ("EXEC", "DISCARD", "RESET"):
            in_multi = False
            flags.append(False)
        else:
            flags.append(in_multi)
    return flags


def stdin_for(commands, sentinels=None):
    parts = []
    current = MAIN
    for n, c in enumerate(commands):
        who = c.get("client") or MAIN
        if who != current:  # the REPL's meta command: switch (create) the client
            parts.append(f":client {who}\n")
            current = who
        parts.append(c["text"] + "\n")
        if sentinels is not None and sentinels[n] is not None:
            parts.append("ECHO " + sentinels[n] + "\n")
    return "".join(parts).encode(ENC)


def split_output(data):
    text = data.decode(ENC)
    if text == "":
        return []
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")


# ---------------------------------------------------------------- diffing

def annotated_diff(path, commands, expected, actual_lines):
    """Unified diff of expected vs actual, with '> command' lines inserted
    into both sides as context so the failing command is visible."""
    exp_flat, bounds = [], []  # bounds[k] = index in exp_flat where cmd k starts
    for c, out in zip(commands, expected):
        bounds.append(len(exp_flat))
        exp_flat.extend(out)
    sm = difflib.SequenceMatcher(None, exp_flat, actual_lines, autojunk=False)
    ops = sm.get_opcodes()

    def map_index(i):
        for tag, i1, i2, j1, j2 in ops:
            if i1 <= i < i2 or (i == i1 == i2):
                if tag == "equal":
                    return j1 + (i - i1)
                return min(j1 + (i - i1), j2)
        return len(actual_lines)

    def label(c):
        who = f"[{c['client']}]" if c.get("client") else ""
        return f"{who}> {c['text']}    [{os.path.basename(path)}:{c['lineno']}]"

    exp_ann, act_ann = [], []
    act_bounds = [map_index(b) for b in bounds]
    for k, c in enumerate(commands):
        exp_ann.append(label(c))
        exp_ann.extend(expected[k])
    pos = 0
    for k, c in enumerate(commands):
        b = max(act_bounds[k], pos)
        act_ann.extend(actual_lines[pos:b])
        act_ann.append(label(c))
        pos = b
    act_ann.extend(actual_lines[pos:])
    return "\n".join(difflib.unified_diff(
        exp_ann, act_ann, fromfile=f"{path} (expected)", tofile="actual",
        lineterm="", n=3))


def compare(path, commands, expected, stdout, multi=False):
    actual = split_output(stdout)
    if multi:
        actual = mask_ids(actual)
    flat = [l for out in expected for l in out]
    if actual == flat:
        print(f"PASS {path}: {len(commands)} commands")
        return 0
    sys.stdout.write(annotated_diff(path, commands, expected, actual) + "\n")
    print(f"FAIL {path}: output differs (see diff above; '-' expected, '+' actual)")
    return 1


# ---------------------------------------------------------------- processes

def run_with_input(argv, data, deadline, env=None):
    timeout = max(1.0, deadline - time.monotonic())
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
    except OSError as e:
        raise TranscriptError(f"cannot run {argv[0]}: {e}")
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise TranscriptError(f"timeout: {argv[0]} did not finish within {FILE_TIMEOUT:.0f}s")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if err:
        sys.stderr.write(f"[{os.path.basename(argv[0])} stderr]\n" + err.decode(ENC, "replace"))
    return proc.returncode, out


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    def __init__(self, server_bin, deadline):
        self.server_bin = server_bin
        self.deadline = deadline
        self.proc = None
        self.port = None
        self.tmp = tempfile.TemporaryDirectory(prefix="redsim-oracle-")
        self.log_path = os.path.join(self.tmp.name, "redis.log")

    def start(self):
        for _attempt in range(3):
            self.port = free_port()
            log = open(self.log_path, "wb")
            try:
                self.proc = subprocess.Popen(
                    [self.server_bin, "--port", str(self.port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no",
                     "--enable-debug-command", "local", "--daemonize", "no",
                     "--dir", self.tmp.name],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    cwd=self.tmp.name)
            except OSError as e:
                raise TranscriptError(f"cannot run redis-server {self.server_bin!r}: {e}")
            finally:
                log.close()
            limit = min(self.deadline, time.monotonic() + 10)
            while time.monotonic() < limit:
                if self.proc.poll() is not None:
                    break  # died (port taken?): retry with another port
                if ping(self.port):
                    return
                time.sleep(0.05)
            self.stop()
        with open(self.log_path, "rb") as f:
            log = f.read().decode(ENC, "replace")
        raise TranscriptError("redis-server did not answer PING; its log:\n" + log)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.proc = None

    def close(self):
        self.stop()
        self.tmp.cleanup()


def cli_env(home):
    env = dict(os.environ)
    for k in ("REDISCLI_AUTH", "REDISCLI_HISTFILE", "REDISCLI_RCFILE",
              "REDISCLI_CLUSTER_YES"):
        env.pop(k, None)
    env["HOME"] = home  # no ~/.redisclirc
    env["REDISCLI_HISTFILE"] = "/dev/null"
    return env



# ---------------------------------------------------------------- multi-client

def split_args(line):
    r"""redis-cli's sdssplitargs: blanks separate, "..." with \n \r \t \b \a \\ \" \xHH
    escapes, '...' with \' only. None for unbalanced quotes."""
    args, i, n = [], 0, len(line)
    while True:
        while i < n and line[i] in " \n\r\t\f\v":
            i += 1
        if i >= n:
            return args
        cur, inq, insq = "", False, False
        while True:
            if inq:
                if i >= n:
                    return None
                ch = line[i]
                if (ch == "\\" and i + 3 < n and line[i + 1] == "x"
                        and all(h in "0123456789abcdefABCDEF" for h in line[i + 2:i + 4])):
                    cur += chr(int(line[i + 2:i + 4], 16))
                    i += 3
                elif ch == "\\" and i + 1 < n:
                    i += 1
                    cur += {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}.get(line[i], line[i])
                elif ch == '"':
                    if i + 1 < n and line[i + 1] not in " \n\r\t\f\v":
                        return None
                    inq = False
                    i += 1
                    break
                else:
                    cur += ch
            elif insq:
                if i >= n:
                    return None
                ch = line[i]
                if ch == "\\" and i + 1 < n and line[i + 1] == "'":
                    i += 1
                    cur += "'"
                elif ch == "'":
                    if i + 1 < n and line[i + 1] not in " \n\r\t\f\v":
                        return None
                    insq = False
                    i += 1
                    break
                else:
                    cur += ch
            else:
                if i >= n:
                    break
                ch = line[i]
                if ch in " \n\r\t\f\v":
                    break
                if ch == '"':
                    inq = True
                elif ch == "'":
                    insq = True
                else:
                    cur += ch
            i += 1
        args.append(cur)


def encode_command(args):
    out = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode(ENC)
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Conn:
    """One client's socket and a RESP2/RESP3 reply parser."""

    def __init__(self, port, name):
        self.name = name
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.open = True
        self.blocked = False
        self.in_multi = False
        self.blocked_in_multi = False
        self.id = None

    def send(self, data):
        self.sock.sendall(data)

    def _line(self):
        while True:
            k = self.buf.find(b"\r\n")
            if k >= 0:
                line, self.buf = self.buf[:k], self.buf[k + 2:]
                return line.decode(ENC)
            self._fill()

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data.decode(ENC)

    def _fill(self):
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise TranscriptError(f"client {self.name}: no reply within 10 s")
        if not chunk:
            self.open = False
            raise EOFError
        self.buf += chunk

    def read(self):
        """One reply as (type, value): type is the RESP type byte."""
        line = self._line()
        t, rest = line[0], line[1:]
        if t in "+-(,":
            return (t, rest)
        if t == ":":
            return (t, int(rest))
        if t == "_":
            return ("nil", None)
        if t == "#":
            return ("#", rest == "t")
        if t in "$=!":
            n = int(rest)
            if n < 0:
                return ("nil", None)
            data = self._exact(n)
            if t == "=":
                return ("=", data[4:])
            if t == "!":
                return ("-", data)
            return ("$", data)
        if t in "*~>%|":
            n = int(rest)
            if n < 0:
                return ("nil", None)
            count = 2 * n if t in "%|" else n
            items = [self.read() for _ in range(count)]
            if t == "|":  # attributes come before the reply they describe
                return self.read()
            return (t, items)
        raise TranscriptError(f"client {self.name}: bad reply line {line!r}")


def cli_repr(s):
    """redis-cli's sdscatrepr."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif 32 <= o < 127:
            out.append(ch)
        else:
            out.append("\\x%02x" % o)
    out.append('"')
    return "".join(out)


def multiline_tty(r):
    """cliIsMultilineValueTTY: a map value that takes several lines starts on its own."""
    t, v = r
    if t in "*~>":
        return len(v) > 1 or (len(v) == 1 and multiline_tty(v[0]))
    if t == "%":
        return len(v) > 2 or (len(v) == 2 and multiline_tty(v[1]))
    return False


def format_raw(r, delim):
    """cliFormatReplyRaw (the reply of CLIENT LIST, INFO…: printed raw even on a tty)."""
    t, v = r
    if t == "nil":
        return ""
    if t == "-":
        return v + "\n"
    if t == ":":
        return str(v)
    if t == "#":
        return "(true)" if v else "(false)"
    if t in "*~>":
        return delim.join(format_raw(e, delim) for e in v)
    if t == "%":
        return delim.join(format_raw(v[i], delim) + " " + format_raw(v[i + 1], delim)
                          for i in range(0, len(v), 2))
    return v


RAW_STRINGS = {("info", None), ("lolwut", None), ("client", "list"), ("client", "info"),
               ("memory", "doctor"), ("memory", "malloc-stats"), ("debug", "htstats"),
               ("debug", "htstats-key")}


def prints_raw(args):
    """redis-cli prints these commands' replies raw even on a terminal."""
    cmd = args[0].lower()
    sub = args[1].lower() if len(args) > 1 else None
    return (cmd, None) in RAW_STRINGS or (cmd, sub) in RAW_STRINGS


def format_tty(r, prefix=""):
    """A reply as redis-cli --no-raw prints it (cliFormatReplyTTY)."""
    t, v = r
    if t == "+":
        return v.split("\0")[0] + "\n"  # printed as C strings
    if t == "-":
        return "(error) " + v.split("\0")[0] + "\n"
    if t == ":":
        return f"(integer) {v}\n"
    if t == ",":
        return f"(double) {v}\n"
    if t == "(":
        return f"(big number) {v}\n"
    if t == "$":
        return cli_repr(v) + "\n"
    if t == "=":
        return v + "\n"
    if t == "nil":
        return "(nil)\n"
    if t == "#":
        return "(true)\n" if v else "(false)\n"
    if not v:
        return {"*": "(empty array)\n", "%": "(empty hash)\n", "~": "(empty set)\n",
                ">": "(empty push)\n"}.get(t, "(empty aggregate type)\n")
    idxlen = len(str(len(v) // 2 if t == "%" else len(v)))
    sub = prefix + " " * (idxlen + 2)
    sep = "~" if t == "~" else "#" if t == "%" else ")"
    out, i = "", 0
    while i < len(v):
        human = (i // 2 if t == "%" else i) + 1
        out += ("" if i == 0 else prefix) + f"{human:>{idxlen}}{sep} "
        out += format_tty(v[i], sub)
        if t == "%":
            i += 1
            out = out[:-1] + " => " + ("\n" + sub if multiline_tty(v[i]) else "") + format_tty(v[i], sub)
        i += 1
    return out


HELLO_ID_MAP = re.compile(r'^((?:\[[^]]+\] )?\s*\d+# "id" => \(integer\) )\d+$')
HELLO_ID_KEY = re.compile(r'^(?:\[[^]]+\] )?\s*\d+\) "id"$')
HELLO_ID_VAL = re.compile(r'^((?:\[[^]]+\] )?\s*\d+\) \(integer\) )\d+$')


def mask_ids(lines):
    """Client ids differ between servers (the oracle's readiness probes connect too):
    in multi-client files the id in HELLO's reply is shown as "<id>" on both sides."""
    out = []
    for line in lines:
        m = HELLO_ID_MAP.match(line)
        if m:
            line = m.group(1) + "<id>"
        elif out and HELLO_ID_KEY.match(out[-1]):
            m = HELLO_ID_VAL.match(line)
            if m:
                line = m.group(1) + "<id>"
        out.append(line)
    return out


def is_sentinel(r, token):
    t, v = r
    if t == "$" and v == token:
        return True
    return t == "*" and len(v) == 2 and v[0] == ("$", "pong") and v[1] == ("$", token)


def read_until_sentinel(conn, token):
    replies = []
    while True:
        r = conn.read()
        if is_sentinel(r, token):
            return replies
        replies.append(r)


class Control:
    """A connection opened only when needed, to ask the server which clients are blocked
    (flag b in CLIENT LIST); its own commands are not part of the transcript."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def flags(self, client_id):
        if self.conn is None:
            self.conn = Conn(self.port, "(control)")
        self.conn.send(encode_command(["CLIENT", "LIST", "ID", str(client_id)]))
        t, v = self.conn.read()
        m = re.search(r" flags=(\S+)", v or "")
        return m.group(1) if m else ""

    def close(self):
        if self.conn is not None:
            self.conn.sock.close()


def client_id(conn):
    if conn.id is None:
        conn.send(encode_command(["CLIENT", "ID"]))
        conn.id = conn.read()[1]
    return conn.id


def is_blocked(control, conn):
    return "b" in control.flags(client_id(conn))


def wait_reply_or_block(conn, control):
    """After sending a command: True if the client blocked (no reply), False once a reply
    has started to arrive."""
    waited = 0.0
    while True:
        if conn.buf or select.select([conn.sock], [], [], 0.02)[0]:
            return False
        waited += 0.02
        if waited >= 0.1 and conn.id is not None and is_blocked(control, conn):
            return True
        if waited > 10:
            raise TranscriptError(f"client {conn.name}: no reply within 10 s")


def run_multi_redis(port, commands):
    """Runs a multi-client file against a server: returns the output lines per command.
    After each command every other open client is synchronised with a PING (its reply
    marks the end of what it received) and its messages are printed, prefixed with
    "[name] ", in the order the clients were first used (main first)."""
    conns = {MAIN: Conn(port, MAIN)}
    client_id(conns[MAIN])
    control = Control(port)  # asks CLIENT LIST whether a client is blocked
    token = f"__transcript_sync_{uuid.uuid4().hex}__"
    ping = encode_command(["PING", token])
    outputs = []
    for c in commands:
        who = c["client"] or MAIN
        if who not in conns:
            conns[who] = Conn(port, who)
            client_id(conns[who])  # asked now: a blocked client could not answer later
        conn = conns[who]
        args = split_args(c["text"])
        text = ""
        if args is None:
            text = "Invalid argument(s)\n"
        elif args:
            if args[0].lower() in ("quit", "exit") or re.fullmatch(r"-?\d+", args[0]):
                raise TranscriptError(f"line {c['lineno']}: QUIT and repeat counts are not supported "
                                      "in multi-client files")
            if not conn.open:
                raise TranscriptError(f"line {c['lineno']}: client {who} is disconnected")
            if conn.blocked:
                raise TranscriptError(f"line {c['lineno']}: client {who} is blocked (BLPOP…): another client "
                                      "must serve it first")
            lname = args[0].lower()
            if lname == "multi" or (conn.in_multi and lname not in ("exec", "discard")):
                # MULTI and the commands it queues answer once each, without a PING (a
                # PING would be queued too).
                conn.send(encode_command(args))
                if lname == "multi":
                    conn.in_multi = True
                if wait_reply_or_block(conn, control):
                    conn.blocked = conn.blocked_in_multi = True  # held by CLIENT PAUSE
                    outputs.append([])
                    continue
                r = conn.read()
                text += format_tty(r)
                if lname == "multi" and r[0] != "+":
                    conn.in_multi = False
                outputs.append(mask_ids(text.split("\n")[:-1]))
                continue
            conn.in_multi = False
            conn.send(encode_command(args) + ping)
            if wait_reply_or_block(conn, control):
                conn.blocked = True  # no reply yet: it comes after a command that serves it
            else:
                try:
                    for r in read_until_sentinel(conn, token):
                        text += format_raw(r, "\n") if prints_raw(args) else format_tty(r)
                except EOFError:
                    pass  # closed by the command (CLIENT KILL of itself): what came is all
        for name, other in conns.items():
            if name == who or not other.open or (other.in_multi and not other.blocked):
                continue
            if other.blocked:
                # Served (or timed out) by now? Then its reply and the PING sent with the
                # command that blocked are waiting on its socket.
                if is_blocked(control, other):
                    continue
                other.blocked = False
                if other.blocked_in_multi:  # a queued command: one reply, no PING
                    other.blocked_in_multi = False
                    for line in format_tty(other.read()).split("\n")[:-1]:
                        text += f"[{name}] {line}\n"
                    continue
            else:
                other.send(ping)
            try:
                for r in read_until_sentinel(other, token):
                    for line in format_tty(r).split("\n")[:-1]:
                        text += f"[{name}] {line}\n"
            except EOFError:
                pass
        outputs.append(mask_ids(text.split("\n")[:-1]))
    for conn in conns.values():
        conn.sock.close()
    control.close()
    return outputs


# ---------------------------------------------------------------- modes

def run_redsim(binary, path):
    lines, commands = parse(path)
    deadline = time.monotonic() + FILE_TIMEOUT
    rc, out = run_with_input([binary, "--no-raw"], stdin_for(commands), deadline)
    if rc != 0:
        print(f"note: {binary} exited with status {rc}")
    return compare(path, commands, expected_outputs(lines, commands), out, is_multi(commands))


def run_redis(server_bin, cli_bin, path, update):
    lines, commands = parse(path)
    deadline = time.monotonic() + FILE_TIMEOUT
    server = RedisServer(server_bin, deadline)
    try:
        server.start()
        if is_multi(commands):
            outputs = run_multi_redis(server.port, commands)
            if not update:
                flat = "".join(l + "\n" for out in outputs for l in out).encode(ENC)
                return compare(path, commands, expected_outputs(lines, commands), flat)
            return write_outputs(path, lines, commands, outputs)
        argv = [cli_bin, "-h", "127.0.0.1", "-p", str(server.port), "--no-raw"]
        env = cli_env(server.tmp.name)
        if not update:
            _rc, out = run_with_input(argv, stdin_for(commands), deadline, env)
            return compare(path, commands, expected_outputs(lines, commands), out)
        token = uuid.uuid4().hex
        queued = queued_in_multi(commands)
        sentinels = [None if queued[n] else f"__transcript_sentinel_{token}_{n}__" for n in range(len(commands))]
        _rc, out = run_with_input(argv, stdin_for(commands, sentinels), deadline, env)
    finally:
        server.close()
    return update_file(path, lines, commands, sentinels, split_output(out))


def run_raw_compare(redsim_bin, server_bin, cli_bin, path):
    """Feed the file's commands to redsim and to redis-cli, both in their piped (raw)
    output form, and require byte-identical stdout. The expected lines in the file are
    not used: this proves the other output format against the live oracle."""
    lines, commands = parse(path)
    if is_multi(commands):
        # redis-cli has one connection: the multi-client form is checked by the
        # transcript.* (REPL) and oracle.* (sockets) tests only.
        print(f"PASS {path}: multi-client file, no single redis-cli to compare with (skipped)")
        return 0
    deadline = time.monotonic() + FILE_TIMEOUT
    data = stdin_for(commands)
    server = RedisServer(server_bin, deadline)
    try:
        server.start()
        argv = [cli_bin, "-h", "127.0.0.1", "-p", str(server.port)]
        _rc, want = run_with_input(argv, data, deadline, cli_env(server.tmp.name))
    finally:
        server.close()
    _rc, have = run_with_input([redsim_bin], data, deadline)
    if have == want:
        print(f"PASS {path}: {len(commands)} commands, raw output identical to redis-cli")
        return 0
    diff = difflib.unified_diff(want.decode(ENC, "replace").split("\n"),
                                have.decode(ENC, "replace").split("\n"),
                                "redis-cli (raw)", "redsim (raw)", lineterm="")
    print("\n".join(diff))
    print(f"FAIL {path}: raw output differs from redis-cli ('-' redis-cli, '+' redsim)")
    return 1


def update_file(path, lines, commands, sentinels, out_lines):
    outputs, cur, k = [], [], 0
    for line in out_lines:
        if k < len(sentinels) and sentinels[k] is None:
            outputs.append([line])  # a command inside MULTI: one line, no sentinel
            k += 1
            continue
        if k < len(sentinels) and line == f'"{sentinels[k]}"':
            outputs.append(cur)
            cur, k = [], k + 1
        elif "__transcript_sentinel_" in line:
            raise TranscriptError(
                f"sentinel out of order after command #{k + 1} "
                f"({path}:{commands[k]['lineno'] if k < len(commands) else '?'}): {line!r}"
                " (MULTI or a protocol change swallowed an ECHO?)")
        else:
            cur.append(line)
    if k < len(commands):
        # The client exited early (QUIT): what is left belongs to command k,
        # the commands after it got no output at all.
        outputs.append(cur)
        outputs.extend([] for _ in range(len(commands) - k - 1))
        print(f"note: {path}: redis-cli stopped after command #{k + 1} "
              f"(line {commands[k]['lineno']}: {commands[k]['text']!r}); "
              f"{len(commands) - k - 1} later command(s) produced no output")
    elif cur:
        raise TranscriptError(f"trailing output after the last sentinel: {cur!r}")
    return write_outputs(path, lines, commands, outputs)


def write_outputs(path, lines, commands, outputs):
    for n, out in enumerate(outputs):
        for line in out:
            if line == "" or is_comment(line) or line.startswith("> ") or CLIENT_CMD.match(line):
                c = commands[n]
                raise TranscriptError(
                    f"{path}:{c['lineno']}: output of {c['text']!r} has a line that the "
                    f"format cannot hold ({line!r}); change the command")
    out_idx = {i for c in commands for i in c["out_idx"]}
    after = {c["lineno"] - 1: outputs[n] for n, c in enumerate(commands)}
    new = []
    for i, line in enumerate(lines):
        if i in out_idx:
            continue
        new.append(line)
        if i in after:
            new.extend(after[i])
    with open(path, "wb") as f:
        f.write(("\n".join(new) + "\n").encode(ENC))
    changed = new != lines
    print(f"{'UPDATED' if changed else 'UNCHANGED'} {path}: {len(commands)} commands")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redsim", metavar="BIN")
    ap.add_argument("--redis-server", metavar="BIN")
    ap.add_argument("--redis-cli", metavar="BIN")
    ap.add_argument("--update", action="store_true",
                    help="rewrite FILE's expected outputs from the real server")
    ap.add_argument("--raw-compare", action="store_true",
                    help="with --redsim, --redis-server and --redis-cli: compare both "
                         "programs' piped (raw) output on FILE's commands, live")
    ap.add_argument("file", metavar="FILE")
    a = ap.parse_args()

    def on_term(signum, _frame):
        raise SystemExit(f"killed by signal {signum}")
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)

    try:
        if a.raw_compare:
            if not (a.redsim and a.redis_server and a.redis_cli) or a.update:
                ap.error("--raw-compare needs --redsim, --redis-server and --redis-cli")
            return run_raw_compare(a.redsim, a.redis_server, a.redis_cli, a.file)
        if a.redsim:
            if a.redis_server or a.redis_cli or a.update:
                ap.error("--redsim cannot be combined with --redis-server/--redis-cli/--update")
            return run_redsim(a.redsim, a.file)
        if not (a.redis_server and a.redis_cli):
            ap.error("give --redsim BIN, or both --redis-server BIN and --redis-cli BIN")
        for name, b in (("redis-server", a.redis_server), ("redis-cli", a.redis_cli)):
            if b.endswith("-NOTFOUND") or not (os.path.isfile(b) and os.access(b, os.X_OK)):
                print(f"FAIL {a.file}: {name} not found ({b!r}); install Redis 7.0 "
                      "(Debian: apt-get install redis-server) and re-run cmake")
                return 1
        return run_redis(a.redis_server, a.redis_cli, a.file, a.update)
    except TranscriptError as e:
        print(f"FAIL {a.file}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
