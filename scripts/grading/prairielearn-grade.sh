#!/usr/bin/env bash
# PrairieLearn external grader entrypoint: the question's files are in /grade/tests
# (the lesson as lesson.md), the student's in /grade/student (submission.txt).
# redsim must be on PATH in the grader image (build it as in gradescope-setup.sh).
set -uo pipefail
mkdir -p /grade/results
redsim grade /grade/tests/lesson.md --submission /grade/student/submission.txt \
    --format prairielearn --output /grade/results/results.json
exit 0
