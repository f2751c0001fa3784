#!/usr/bin/env python3
"""Reads a TAP version 14 document by the grammar of the TAP14 specification and prints
what a harness would take from it as JSON: the plan, each test point (status, id, the
description with \\# and \\\\ unescaped) and its YAML diagnostics (parsed with PyYAML
when it is installed), and the comments. Exits 1, with the reason on stderr, on any line
that is not valid TAP14 (this producer never writes "Anything" lines), a plan that does
not match the test points, or a YAML block that does not parse."""
import json
import re
import sys

try:
    import yaml
except ImportError:  # the structure is still checked; the YAML is then kept as text
    yaml = None

VERSION = "TAP version 14"
PLAN = re.compile(r"^1\.\.(\d+)(?: # (.+))?$")
TEST_POINT = re.compile(r"^(not )?ok (\d+)(?: - (.*))?$")
COMMENT = re.compile(r"^#(?: (.*))?$")


def fail(line_number, why):
    print(f"line {line_number}: {why}", file=sys.stderr)
    sys.exit(1)


def unescape(description, line_number):
    out, i = [], 0
    while i < len(description):
        c = description[i]
        if c == "\\" and i + 1 < len(description) and description[i + 1] in "\\#":
            out.append(description[i + 1])
            i += 2
            continue
        if c == "#":
            # An unescaped '#' in a description would start a directive.
            fail(line_number, "unescaped '#' in a test point description")
        out.append(c)
        i += 1
    return "".join(out)


def main(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")  # TAP14 producers must write UTF-8
    except UnicodeDecodeError as e:
        fail(0, f"not UTF-8: {e}")
    if not text.endswith("\n"):
        fail(0, "does not end in a newline")
    lines = text[:-1].split("\n")
    if lines[0] != VERSION:
        fail(1, f"first line is {lines[0]!r}, not {VERSION!r}")
    plan = PLAN.match(lines[1]) if len(lines) > 1 else None
    if plan is None:
        fail(2, "the plan must follow the version line")
    out = {"plan": int(plan.group(1)), "plan_reason": plan.group(2), "tests": [], "comments": []}
    i = 2
    while i < len(lines):
        line = lines[i]
        point = TEST_POINT.match(line)
        comment = COMMENT.match(line)
        if point:
            test = {
                "ok": point.group(1) is None,
                "id": int(point.group(2)),
                "description": unescape(point.group(3) or "", i + 1),
                "yaml": None,
            }
            if i + 1 < len(lines) and lines[i + 1] == "  ---":
                end = i + 2
                while end < len(lines) and lines[end] != "  ...":
                    if not lines[end].startswith("  "):
                        fail(end + 1, "YAML line not indented by two spaces")
                    end += 1
                if end == len(lines):
                    fail(i + 2, "YAML block never closed with '  ...'")
                block = "\n".join(l[2:] for l in lines[i + 2:end])
                if yaml is not None:
                    try:
                        test["yaml"] = yaml.safe_load(block)
                    except yaml.YAMLError as e:
                        fail(i + 2, f"YAML block does not parse: {e}")
                else:
                    test["yaml"] = block
                i = end
            out["tests"].append(test)
        elif comment:
            out["comments"].append(comment.group(1) or "")
        else:
            fail(i + 1, f"not a TAP14 line: {line!r}")
        i += 1
    ids = [t["id"] for t in out["tests"]]
    if ids != list(range(1, out["plan"] + 1)):
        fail(0, f"plan 1..{out['plan']} but test points {ids}")
    out["yaml_parsed"] = yaml is not None
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
