#!/usr/bin/env bash
# redsim-gui --lesson with a lesson that does not load: its `file:line: message`
# diagnostics on stderr and exit status 1, before any window opens (no X server needed).
#   lesson_bad.sh REDSIM_GUI
set -uo pipefail
gui=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/redsim-gui-lesson.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/bad.md" <<'LESSON'
+++
id = "bad"
title = "Bad"
level = "beginner"
minutes = 1
+++
## Goal

Nothing.

## Step one

```check
GET k =~ 1
```
LESSON
err=$("$gui" --lesson "$work/bad.md" 2>&1 >/dev/null)
rc=$?
[[ $rc -eq 1 ]] || { echo "expected exit 1, got $rc"; exit 1; }
grep -q "^$work/bad.md:14: no operator" <<<"$err" || { echo "expected bad.md:14's diagnostic, got: $err"; exit 1; }
err=$("$gui" --lesson "$work/missing.md" 2>&1 >/dev/null)
rc=$?
[[ $rc -eq 1 ]] || { echo "expected exit 1 for a missing file, got $rc"; exit 1; }
grep -q "missing.md:0: cannot read" <<<"$err" || { echo "expected missing.md:0, got: $err"; exit 1; }
echo ok
