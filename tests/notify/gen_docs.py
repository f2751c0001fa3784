#!/usr/bin/env python3
"""Writes docs/notifications.md from tests/notify/events.fixture.

The fixture holds what a real Redis 7.0 published for each command line; this turns it
into a learner's table: per family, each command line and the events it caused, in order.
  gen_docs.py [--check]   (--check: fail if docs/notifications.md is out of date)
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURE = os.path.join(HERE, "events.fixture")
DOC = os.path.join(ROOT, "docs", "notifications.md")

CLASS_OF = {  # event -> class letter, for the table
    "new": "n", "keymiss": "m", "expired": "x", "evicted": "e",
    "del": "g", "expire": "g", "persist": "g", "rename_from": "g", "rename_to": "g",
    "move_from": "g", "move_to": "g", "copy_to": "g",
    "set": "$", "setrange": "$", "incrby": "$", "incrbyfloat": "$", "append": "$",
    "setbit": "$", "pfadd": "$",
    "sortstore": "l",
}

INTRO = """# Keyspace notifications

Every command that changes a key tells the world about it, as Redis does: with
`notify-keyspace-events` set, each change is published twice,

- on `__keyspace@<db>__:<key>` with the event name as the message ("what happened to this key?"), and
- on `__keyevent@<db>__:<event>` with the key name as the message ("which keys had this happen?").

`CONFIG SET notify-keyspace-events` takes letters: `K` (keyspace channels) and/or `E`
(keyevent channels), plus the classes to publish: `g` generic (DEL, EXPIRE, RENAME…),
`$` strings, `l` lists, `s` sets, `h` hashes, `z` sorted sets, `t` streams, `x` expired,
`e` evicted, `n` new keys, `m` key misses (reads that found nothing), and `A` for
`g$lshzxet` (not `n`, not `m`). Try it with two clients:

```
client 1> CONFIG SET notify-keyspace-events KEA
client 2> PSUBSCRIBE '__key*@0__:*'
client 1> RPUSH queue job1
client 2> 1) "pmessage"  2) "__key*@0__:*"  3) "__keyspace@0__:queue"  4) "rpush"
          1) "pmessage"  2) "__key*@0__:*"  3) "__keyevent@0__:rpush"  4) "queue"
```

Rules worth knowing (all visible in the tables below):

- A command that changes nothing publishes nothing (SADD of an existing member, SET … NX
  on an existing key, LREM of an absent element, errors).
- A key that appears is announced with `new` (class `n`) before the command's own event.
- A collection emptied by a command publishes the command's event, then `del`.
- Keys that expire publish `expired` (class `x`) when they are found expired on access
  (lazy expiry) or by the active expire cycle; a command that finds its key expired shows
  `expired` first. EXPIRE with a time in the past deletes the key: `del`, not `expired`.
- RENAME publishes `rename_from` (old name) and `rename_to`; MOVE publishes `move_from`
  in the source db and `move_to` in the target db; COPY publishes `copy_to`.
- `*STORE` commands publish their own event (`sinterstore`, `zunionstore`,
  `georadiusstore`, `sortstore`…) on the destination, or `del` when the result is empty.
- FLUSHDB, FLUSHALL and SWAPDB publish no keyspace events in Redis 7.0.
- `evicted` (class `e`): a key deleted by maxmemory eviction (docs/eviction.md).

redsim's engine also hands every enabled event to in-process listeners
(`Engine::onKeyspaceEvent`, engine/events.h), which is how the tests watch them: the
table below is checked command by command (ctest `notify.fixture*`), its source is
re-recorded from redis-server in CI (`notify.fixture_fresh`), and seeded random command
sequences over every family are recorded from redis-server and replayed on the engine
(`notify.random`, tests/notify/notify_random.py).

## Every command, with the events Redis 7.0 publishes

Generated from `tests/notify/events.fixture`, which `tests/notify/gen_fixture.py`
records from a real redis-server 7.0 (`notify-keyspace-events KEAnm`); the engine is
tested against the same file. Each row is one command line run in order within its
family (so earlier rows create the keys later rows use); the events are listed as
`event key` (class letter), as on the `__keyevent@<db>__:<event>` channels. `@sleep` lets
time pass with only lazy expiry; `@tick` lets the active expire cycle run.
"""


def load():
    fams, cur = [], None
    with open(FIXTURE) as f:
        for line in f.read().splitlines():
            if not line or line.startswith("#"):
                continue
            if line.startswith("== "):
                cur = (line[3:], [])
                fams.append(cur)
            elif line.startswith("> "):
                cur[1].append((line[2:], []))
            else:
                cur[1][-1][1].append(line)
    return fams


def cell(events):
    out = []
    for pair in events:
        channel, msg = pair.split(" ", 1)
        m = re.match(r"__keyevent@(\d+)__:(.*)", channel)
        if not m:
            continue  # the keyspace twin of the same event
        db, event = m.group(1), m.group(2)
        cls = CLASS_OF.get(event)
        if cls is None:
            cls = "t" if event.startswith("x") else {"l": "l", "r": "l", "s": "s", "h": "h", "z": "z",
                                                     "g": "z"}.get(event[0], "?")
        where = f" (db {db})" if db != "0" else ""
        out.append(f"`{event} {msg}`{where} ({cls})")
    return ", ".join(out) if out else "—"


def render():
    lines = [INTRO]
    for family, steps in load():
        lines.append(f"### {family}\n")
        lines.append("| command | events |")
        lines.append("| --- | --- |")
        for cmd, events in steps:
            shown = cmd.replace("|", "\\|")
            lines.append(f"| `{shown}` | {cell(events)} |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = render()
    if args.check:
        with open(DOC) as f:
            if f.read() != text:
                print("docs/notifications.md is out of date: run tests/notify/gen_docs.py")
                return 1
        print("docs/notifications.md is up to date")
        return 0
    with open(DOC, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
