#!/usr/bin/env python3
"""ACL against redis-server 7.0: the permission matrix and the rules round trip.

The same script runs on `redsim serve` and on a real redis-server:
  * users with different rules (commands, categories, first-args, %R~/%W~ key
    patterns, channels, selectors) × command lines: ACL DRYRUN's answer, and the reply
    when the user really runs the line (AUTH on a second connection);
  * ACL GETUSER / LIST of many rule sets (single commands compared as a set: Redis
    lists them in its command table's hash order, random per process);
  * ACL CAT of every category (as sets, for the same reason);
  * bad rules: the error, and the user unchanged;
  * ACL LOG after refusals (count, reason, context, object, username; client-info's
    cmd= and user=), MULTI (queue-time refusal → EXECABORT; rules changed before EXEC);
  * ACL DELUSER closes the user's connections, SETUSER closes subscribers that lose
    their channel.

  acl_test.py --redsim BIN --redis-server BIN
Exit 77 (skipped) when redis-server is missing.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverutil import Conn, encode, run_on_both  # noqa: E402

USERS = {
    "reader": ["on", "nopass", "%R~r*", "~k*", "+@read", "+@connection"],
    "writer": ["on", "nopass", "%W~w*", "~k*", "+@write", "-del", "+get"],
    "strs": ["on", "nopass", "allkeys", "+@all", "-@string", "+get", "-client|kill"],
    "pub": ["on", "nopass", "resetchannels", "&news.*", "&exact", "+publish", "+subscribe", "+psubscribe",
            "+spublish", "+ssubscribe"],
    "sel": ["on", "nopass", "+select|0", "+select|2", "+config|get", "~a", "(~b* +set +get)", "(%R~c* +@read)"],
    "none": ["on", "nopass"],
    "admin": ["on", "nopass", "~*", "&*", "+@all", "-@dangerous", "+client|list"],
}

LINES = [
    ["GET", "k1"], ["GET", "r1"], ["GET", "w1"], ["GET", "zz"], ["GET", "a"], ["GET", "b1"], ["GET", "c1"],
    ["SET", "k1", "v"], ["SET", "w1", "v"], ["SET", "r1", "v"], ["SET", "b1", "v"], ["SET", "w1", "v", "GET"],
    ["SET", "c1", "v"], ["DEL", "k1"], ["DEL", "w1"], ["EXISTS", "w1"], ["EXISTS", "r1"], ["INCR", "k1"],
    ["APPEND", "w1", "x"], ["MGET", "k1", "r1"], ["MGET", "k1", "zz"], ["MSET", "w1", "1", "k1", "2"],
    ["LPUSH", "w1", "x"], ["LRANGE", "r1", "0", "-1"], ["RPOPLPUSH", "r1", "w1"], ["LMOVE", "k1", "w1", "LEFT", "RIGHT"],
    ["SORT", "r1"], ["SORT", "k1", "STORE", "w1"], ["COPY", "r1", "w1"], ["SINTERCARD", "2", "r1", "k1"],
    ["ZUNIONSTORE", "w1", "2", "r1", "k1"], ["EVAL", "return 1", "1", "k1"], ["SELECT", "0"], ["SELECT", "1"],
    ["SELECT", "2"], ["CONFIG", "GET", "maxmemory"], ["CONFIG", "SET", "maxmemory", "0"], ["CLIENT", "ID"],
    ["CLIENT", "KILL", "ID", "99999"], ["CLIENT", "LIST", "ID", "99999"], ["PING"], ["ECHO", "x"],
    ["PUBLISH", "news.a", "m"], ["PUBLISH", "news", "m"], ["PUBLISH", "exact", "m"], ["SUBSCRIBE", "exact"],
    ["SUBSCRIBE", "news.x", "other"], ["PSUBSCRIBE", "news.*"], ["PSUBSCRIBE", "news.a*"], ["PSUBSCRIBE", "exact"],
    ["SPUBLISH", "news.z", "m"], ["SSUBSCRIBE", "nope"], ["FLUSHALL"], ["KEYS", "*"], ["DBSIZE"],
    ["OBJECT", "ENCODING", "r1"], ["XREAD", "STREAMS", "r1", "k1", "0", "0"], ["GEOSEARCHSTORE", "w1", "r1",
                                                                                 "FROMLONLAT", "0", "0", "BYRADIUS",
                                                                                 "1", "m"],
    ["ACL", "WHOAMI"], ["ACL", "LIST"], ["ACL", "CAT"], ["AUTH", "x", "y"], ["HELLO", "2"],
]

RULESETS = [
    [], ["+@all"], ["allcommands", "-get"], ["+@all", "-@string"], ["-@all", "+@string"],
    ["+@string", "-@read", "+get"], ["+@hash", "+@string", "-@write"], ["+client", "-client|kill"],
    ["+@all", "-client", "+client|id"], ["+@admin", "-@dangerous"], ["+@all", "-@slow"], ["+@slow"],
    ["+@fast", "+@slow"], ["+select|0", "+select|1"], ["+@hash", "+@geo", "+@stream"],
    ["~a", "%R~b", "%W~c", "%RW~d", "%R~a"], ["allkeys"], ["~*"], ["&a", "&b", "allchannels"],
    ["resetchannels", "&x", "&x"], ["(+get ~a)", "(%W~b +@write)"], ["(+get", "~a)", "clearselectors"],
    [">pw", ">pw2", "<pw"], ["#" + "a" * 64, "nopass"], ["on", "off", "on", "skip-sanitize-payload"],
    ["reset"], ["+@all", "reset", "+get"], ["nocommands", "+config|get", "+config|set", "-config"],
    ["+debug|object"], ["+@pubsub", "-@pubsub", "+publish"], ["+@scripting", "+@transaction", "+@connection"],
    ["+@bitmap", "+@hyperloglog", "+@list", "+@set", "+@sortedset"],
]

BAD_RULES = [
    "foo", "-", "+", "+get|", "-get|x", "+config|get|x", "+client|nosuch", "+nosuch", "-@nosuch", "%X~a",
    "%~a", "!abc", "<nope", "#ABC", "&*", "~*", "(~a", "(+nosuch)", "(foo)", "+@", "%RWR~a",
]


def normalize_commands(text):
    """Categories in order, single commands as a sorted list (Redis's order is random)."""
    if not isinstance(text, bytes):
        return text
    toks = text.split(b" ")
    # Which category the greedy description picks next depends on category sizes,
    # which depend on the commands implemented: categories are compared as a set too.
    cats = toks[:1] + sorted(t for t in toks[1:] if t[1:2] == b"@")
    singles = sorted(t for t in toks if t[1:2] != b"@")
    return (cats, singles)


def normalize_list_line(line):
    # "user name flags... #h ~k resetchannels &c +@all -get": selectors in parentheses
    # are kept apart; inside each, command tokens are normalized as above.
    if not isinstance(line, bytes):
        return line
    parts, depth, cur = [], 0, []
    for t in line.split(b" "):
        cur.append(t)
        depth += t.count(b"(") - t.count(b")")
        if depth == 0:
            parts.append(b" ".join(cur))
            cur = []
    out = []
    for p in parts:
        if p.startswith(b"(") and p.endswith(b")"):
            out.append(("sel",) + tuple(normalize_commands(p[1:-1])))
        elif p[:1] in (b"+", b"-"):
            out.append(p[:1] + (b"@" if p[1:2] == b"@" else b""))
            out.append(p)
        else:
            out.append(p)
    cats = sorted(p for p in out if isinstance(p, bytes) and p[1:2] == b"@")
    singles = sorted(p for p in out if isinstance(p, bytes) and p[:1] in (b"+", b"-") and p[1:2] != b"@")
    rest = [p for p in out if not (isinstance(p, bytes) and p[:1] in (b"+", b"-"))]
    return (rest, cats, singles)


def normalize_getuser(reply):
    if not isinstance(reply, list):
        return reply
    out = list(reply)
    for i in range(0, len(out) - 1, 2):
        if out[i] == b"commands":
            out[i + 1] = normalize_commands(out[i + 1])
        if out[i] == b"selectors":
            out[i + 1] = [normalize_getuser(s) for s in out[i + 1]]
    return out


def call(conn, *args):
    conn.send(encode(*args))
    r = conn.reply()
    if isinstance(r, Exception):
        return ("err", bytes(r.args[0]) if r.args else b"")
    return r


def cinfo_fields(line):
    fields = dict(f.split(b"=", 1) for f in line.split(b" ") if b"=" in f)
    return {k: fields.get(k) for k in (b"cmd", b"user", b"flags", b"multi", b"db")}


def run(port):
    res = []
    admin = Conn(port)
    for name, rules in USERS.items():
        res.append(("setuser " + name, call(admin, "ACL", "SETUSER", name, *rules)))
    # The matrix: DRYRUN, then the real command under that user, on a fresh connection.
    for name in USERS:
        u = Conn(port)
        res.append(("auth " + name, call(u, "AUTH", name, "any")))
        for line in LINES:
            call(admin, "FLUSHALL")
            call(admin, "SET", "r1", "v")
            res.append((f"dryrun {name} {line}", call(admin, "ACL", "DRYRUN", name, *line)))
            r = call(u, *line)
            if line[0] in ("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE") and isinstance(r, list):
                extra = len(line) - 2
                rs = [r] + [u.reply() for _ in range(extra)]
                res.append((f"run {name} {line}", rs))
                u.sock.close()
                u = Conn(port)
                call(u, "AUTH", name, "any")
                continue
            if line[0] == "CLIENT" and line[1] == "ID":
                r = isinstance(r, int)
            if line[0] == "HELLO" and isinstance(r, list):
                r = "hello ok"
            if line[0] == "ACL" and line[1] == "LIST" and isinstance(r, list):
                r = [normalize_list_line(x) for x in r]
            if line[0] == "EVAL":
                pass
            res.append((f"run {name} {line}", r))
        u.sock.close()
    # GETUSER / LIST round trip.
    for i, rules in enumerate(RULESETS):
        uname = f"u{i}"
        res.append((f"rules {rules}", call(admin, "ACL", "SETUSER", uname, *rules)))
        res.append((f"getuser {rules}", normalize_getuser(call(admin, "ACL", "GETUSER", uname))))
        lst = call(admin, "ACL", "LIST")
        line = next((x for x in lst if x.startswith(f"user {uname} ".encode())), None)
        res.append((f"list {rules}", normalize_list_line(line)))
        # Setting the described rules again gives the same user.
        if line is not None:
            described = line.decode().split(" ")[2:]
            call(admin, "ACL", "SETUSER", uname + "b", "reset", *described)
            again = call(admin, "ACL", "GETUSER", uname + "b")
            first = call(admin, "ACL", "GETUSER", uname)
            res.append((f"roundtrip {rules}", again == first))
    # Bad rules change nothing.
    call(admin, "ACL", "SETUSER", "victim", "on", ">pw", "~a", "+get")
    before = normalize_getuser(call(admin, "ACL", "GETUSER", "victim"))
    for bad in BAD_RULES:
        res.append((f"bad {bad}", call(admin, "ACL", "SETUSER", "victim", "+set", "~b", bad)))
        res.append((f"unchanged {bad}", normalize_getuser(call(admin, "ACL", "GETUSER", "victim")) == before))
    # ACL CAT.
    cats = call(admin, "ACL", "CAT")
    res.append(("cat", cats))
    for c in cats:
        res.append((f"cat {c}", sorted(call(admin, "ACL", "CAT", c))))
    # The log.
    call(admin, "ACL", "LOG", "RESET")
    call(admin, "ACL", "SETUSER", "bob", "on", ">pw", "~k*", "&ch", "+get", "+set", "+multi", "+exec", "+eval",
         "+publish", "+acl")
    b = Conn(port)
    res.append(("bob auth", call(b, "AUTH", "bob", "pw")))
    for line in (["GET", "x"], ["GET", "x"], ["INCR", "k"], ["PUBLISH", "nope", "m"],
                 ["EVAL", "return redis.call('incr','k')", "0"], ["EVAL", "return redis.pcall('get','x')", "0"],
                 ["AUTH", "bob", "bad"], ["AUTH", "nob", "bad"], ["MULTI"], ["GET", "k1"], ["INCR", "k1"],
                 ["EXEC"], ["MULTI"], ["GET", "k1"], ["SET", "k1", "v"]):
        res.append((f"bob {line}", call(b, *line)))
    call(admin, "ACL", "SETUSER", "bob", "-set", "%R~k*")
    res.append(("bob exec after change", call(b, "EXEC")))
    log = call(admin, "ACL", "LOG")
    res.append(("log len", len(log)))
    for e in log:
        d = dict(zip(e[0::2], e[1::2]))
        res.append(("log entry", {k: d[k] for k in (b"count", b"reason", b"context", b"object", b"username")},
                    cinfo_fields(d[b"client-info"])))
    res.append(("log 2", len(call(admin, "ACL", "LOG", "2"))))
    res.append(("log 0", call(admin, "ACL", "LOG", "0")))
    call(admin, "CONFIG", "SET", "acllog-max-len", "1")
    call(b, "GET", "other")
    res.append(("log max-len", len(call(admin, "ACL", "LOG"))))
    call(admin, "CONFIG", "SET", "acllog-max-len", "128")
    # DELUSER closes bob's connection; a subscriber losing its channel is closed too.
    s = Conn(port)
    call(admin, "ACL", "SETUSER", "sub", "on", "nopass", "+subscribe", "+psubscribe", "+ping", "&ch", "&x*")
    call(s, "AUTH", "sub", "x")
    s.send(encode("SUBSCRIBE", "ch"))
    res.append(("sub", s.reply()))
    res.append(("setuser keeps ch", call(admin, "ACL", "SETUSER", "sub", "&y")))
    res.append(("sub alive", call(s, "PING")))
    res.append(("setuser drops ch", call(admin, "ACL", "SETUSER", "sub", "resetchannels", "&x*")))
    try:
        res.append(("sub after", call(s, "PING")))
    except (EOFError, OSError) as e:
        res.append(("sub after", "closed"))
    res.append(("client kill user", call(admin, "CLIENT", "KILL", "USER", "nosuch")))
    res.append(("deluser", call(admin, "ACL", "DELUSER", "bob", "nob")))
    try:
        res.append(("bob after deluser", call(b, "PING")))
    except (EOFError, OSError):
        res.append(("bob after deluser", "closed"))
    res.append(("deluser default", call(admin, "ACL", "DELUSER", "x", "default")))
    # requirepass is the default user's password.
    res.append(("requirepass", call(admin, "CONFIG", "SET", "requirepass", "pw")))
    res.append(("default list", call(admin, "ACL", "GETUSER", "default")[3]))
    n = Conn(port)
    res.append(("noauth", call(n, "GET", "x")))
    res.append(("auth default", call(n, "AUTH", "pw")))
    res.append(("whoami", call(n, "ACL", "WHOAMI")))
    res.append(("requirepass off", call(admin, "CONFIG", "SET", "requirepass", "")))
    res.append(("auth nopass", call(n, "AUTH", "pw")))
    return res


def startup_messages(binary, real, args):
    """Start a server that must refuse to start; return (exit code, its ACL log lines)."""
    from serverutil import free_port
    port = str(free_port())
    argv = [binary, "--port", port, "--save", ""] if real else [binary, "serve", "--port", port]
    p = subprocess.run(argv + args, capture_output=True, timeout=20)
    out = (p.stdout + p.stderr).decode(errors="replace")
    keys = ("ACL", "acl", "Error in user", "Configuring Redis", "Critical error")
    lines = [ln.split(" # ", 1)[-1] if " # " in ln else ln for ln in out.splitlines()]
    return p.returncode, [ln for ln in lines if any(k in ln for k in keys) and "WARNING Memory" not in ln]


def startup_checks(redsim, redis_server):
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        acl = os.path.join(d, "users.acl")
        with open(acl, "w") as f:
            f.write("user bob on +nosuch\nfoo\n")
        cases = [["--aclfile", os.path.join(d, "missing.acl")], ["--aclfile", acl],
                 ["--aclfile", acl, "--user", "bob", "on"], ["--user", "bob", "on", "+nosuch"],
                 ["--user", "bob", "on", ">p", "~a", "badrule"], ["--user", "bob", "on", "--user", "bob", "off"]]
        for args in cases:
            want = startup_messages(redis_server, True, args)
            have = startup_messages(redsim, False, args)
            if want != have:
                bad += 1
                print(f"FAIL startup {args}\n  redis:  {want}\n  redsim: {have}")
    return bad


def main():
    got = run_on_both("acl_test", run, "--enable-debug-command", "yes")
    if got is None:
        return 77
    opts, want, have = got
    # ACL CAT <category>: only the commands redsim implements (every command is @fast
    # or @slow, so those two lists name them all).
    known = set()
    for h in have:
        if h[0] in ("cat b'fast'", "cat b'slow'"):
            known.update(h[1])
    want = [(w[0], [c for c in w[1] if c in known]) if w[0].startswith("cat b") else w for w in want]
    bad = startup_checks(os.path.abspath(opts.redsim), opts.redis_server)
    for w, h in zip(want, have):
        if w != h:
            bad += 1
            print(f"FAIL {w[0]}\n  redis:  {w[1:]}\n  redsim: {h[1:]}")
    if len(want) != len(have):
        bad += 1
        print(f"FAIL lengths {len(want)} != {len(have)}")
    if bad:
        print(f"acl_test: {bad} of {len(want)} checks differ")
        return 1
    print(f"acl_test: {len(want)} checks, every reply equal to redis-server's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
