#!/usr/bin/env python3
"""The lesson commands as a learner, an instructor and a grader use them.

    cli_test.py REDSIM SOURCE_DIR

- `redsim lesson FILE` through a pipe: pages, :run, :hint, :check, :submit; progress saved
  under XDG_DATA_HOME and resumed; `redsim lesson` with no file picks from course.toml.
- `redsim grade` on that submission in every format: exit status, --output, --pass-score,
  the same bytes twice, each format read back by its own parser.
- hostile submissions (binary, a huge line, an endless script, refused commands) are
  graded, never a crash, in bounded time.
- `redsim check` reports a broken lesson as file:line and exits 1.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

REDSIM, SRC = sys.argv[1], sys.argv[2]
LESSON = os.path.join(SRC, "lessons", "06-sorted-sets-and-leaderboards.md")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(args, stdin=b"", env=None, cwd=None, timeout=120):
    p = subprocess.run([REDSIM] + args, input=stdin, capture_output=True, env=env, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


tmp = tempfile.mkdtemp(prefix="redsim-lesson-cli-")
env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "xdg"))
sub = os.path.join(tmp, "work.txt")

# ---- guided mode through a pipe ------------------------------------------------------
lines = [":step 3", ":hint", ":check", ":run", ":check", ":next", ":run", ":progress", ":submit " + sub]
code, out, err = run(["lesson", LESSON], ("\n".join(lines) + "\n").encode(), env=env)
check(code == 0, "redsim lesson exits 0 (%d, %s)" % (code, err))
check("── Goal ──" in out, "the first page is the Goal")
check("Step 1/6: Post the first scores" in out, ":step 3 shows the first step")
check("Hint 1/2:" in out, ":hint reveals the first hint")
check("✗ scores should hold four players" in out, ":check before the work fails with the author's message")
check("✓ scores should hold four players" in out, ":check after :run passes")
check("Step complete." in out, "a passed step says so")
check("✓ 3. Step 1/6" in out and "✓ 4. Step 2/6" not in out, ":progress marks only checked steps")
check(os.path.exists(sub), ":submit wrote the submission")
text = open(sub).read()
check(text.startswith("# redsim submission\n# lesson: 06-sorted-sets-and-leaderboards\n# step 1: post-the-first-scores\n"),
      "the submission starts with its header and the first marker: %r" % text[:120])
check("# step 2: keep-each-player-s-best\nZADD scores GT 900 ada\n" in text, "the second step's :run is recorded under its marker")

# Progress resumes: the page and the engine come back.
code, out, err = run(["lesson", LESSON], b":lesson\nZCARD scores\n", env=env)
check("Welcome back: you were on page 4" in out, "progress resumes on the page left (%s)" % out[:300])
check("(integer) 4" in out, "the learner's keys came back by replay")
code, out, err = run(["lesson", "--restart", LESSON], b"ZCARD scores\n", env=env)
check("(integer) 0" in out and "Welcome back" not in out, "--restart starts over")

# No file: pick from the course.
code, out, err = run(["lesson"], b"1\n:progress\n", env=env, cwd=SRC)
check("  1. Strings and counters" in out and "after 1" in out, "redsim lesson lists the course and opens #1")

# ---- grading -------------------------------------------------------------------------
code, out, err = run(["grade", LESSON, "--submission", sub])
check(code == 1, "a partial submission fails (exit 1), got %d %s" % (code, err))
check("✓ 1. Post the first scores (1/1)" in out and "✓ 2. Keep each player's best (1/1)" in out, "text report")
check("score 2/6" in out, "text summary: %s" % out[-200:])

code, out, _ = run(["grade", LESSON, "--submission", sub, "--pass-score", "2"])
check(code == 0, "--pass-score 2 passes")
code, out, _ = run(["grade", LESSON, "--submission", sub, "--pass-score", "2.5"])
check(code == 1, "--pass-score 2.5 fails")

reports = {}
for fmt in ["text", "json", "junit", "tap", "gradescope", "prairielearn"]:
    a = run(["grade", LESSON, "--submission", sub, "--format", fmt])[1]
    b = run(["grade", LESSON, "--submission", sub, "--format", fmt])[1]
    if fmt == "gradescope":
        ja, jb = json.loads(a), json.loads(b)
        ja.pop("execution_time"), jb.pop("execution_time")
        check(ja == jb, "gradescope: same report twice")
    else:
        check(a == b, "%s: same bytes twice" % fmt)
    reports[fmt] = a

out_file = os.path.join(tmp, "results.json")
code, out, _ = run(["grade", LESSON, "--submission", sub, "--format", "gradescope", "--output", out_file])
check(out == "" and os.path.exists(out_file), "--output writes the file, not stdout")
g = json.load(open(out_file))
check(g["score"] == 2 and isinstance(g["execution_time"], int), "gradescope score and execution_time")
check(len(g["tests"]) == 6 and all(set(t) >= {"name", "score", "max_score", "status", "output", "visibility"} for t in g["tests"]),
      "gradescope tests[] carry name, score, max_score, status, output, visibility")
check([t["status"] for t in g["tests"]][:3] == ["passed", "passed", "failed"], "gradescope statuses")
p = json.loads(reports["prairielearn"])
check(p["gradable"] is True and abs(p["score"] - 2 / 6) < 1e-4, "prairielearn score is a fraction")
check(all(set(t) >= {"name", "points", "max_points"} for t in p["tests"]), "prairielearn tests[]")
root = ET.fromstring(reports["junit"])
suite = root if root.tag == "testsuite" else root.find("testsuite")
check(suite is not None and suite.get("tests") == "6" and suite.get("failures") == "4", "junit counts")
tap = reports["tap"].splitlines()
check(tap[0] == "TAP version 14" and tap[1] == "1..6", "tap header")
check(sum(1 for l in tap if l.startswith("ok ")) == 2 and sum(1 for l in tap if l.startswith("not ok ")) == 4, "tap results")
check(json.loads(reports["json"])["score"] == 2, "json report")

# Bad invocations.
code, _, err = run(["grade", LESSON, "--submission", os.path.join(tmp, "missing.txt")])
check(code == 2, "a missing submission is exit 2")
code, _, err = run(["grade", LESSON, "--submission", sub, "--format", "html"])
check(code != 0 and code != 1, "an unknown format is a usage error")

# ---- hostile submissions --------------------------------------------------------------
hostile = os.path.join(tmp, "hostile.txt")
with open(hostile, "wb") as f:
    f.write(os.urandom(20000) + b"\n")
    f.write(b"x" * (3 << 20) + b"\n")
    f.write(b"EVAL \"while true do end\" 0\n")
    f.write(b"FCALL nosuch 0\nDEBUG SEGFAULT\nSHUTDOWN\nCONFIG SET dir /\nSAVE\n\"unbalanced\n")
    f.write(b"# step 1\nZADD scores 1200 ada 950 bob 1200 cy 700 dee\n")
start = time.time()
code, out, err = run(["grade", LESSON, "--submission", hostile], timeout=120)
check(code == 1 and "Traceback" not in err and "score 1/6" in out, "a hostile submission is graded (%d, %s)" % (code, out[-400:]))
check(time.time() - start < 60, "the endless script was cut short")
check("DEBUG is not allowed" in out and "SHUTDOWN is not allowed" in out and "CONFIG SET dir is not allowed" in out,
      "refused lines are listed")
for name in ["empty", "devnull"]:
    path = os.path.join(tmp, name)
    open(path, "w").close()
    code, out, _ = run(["grade", LESSON, "--submission", path])
    check(code == 1 and "score 0/6" in out, "an empty submission scores 0")

# ---- redsim check on a broken lesson ------------------------------------------------
broken = os.path.join(tmp, "broken.md")
src = open(LESSON).read().replace("(integer) 4", "(integer) 5", 1).replace("ZCARD scores == 4", "ZCARD scores === 4", 1)
open(broken, "w").write(src)
code, out, _ = run(["check", broken])
check(code == 1 and broken + ":" in out and "problems" in out, "redsim check reports file:line and exits 1: " + out[:300])

print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
