// grade.h — submissions, and grading them.
//
// A submission is what a learner typed, as a text file (guided mode's `:submit FILE`
// writes it; a person can write one by hand):
//
//   # redsim submission
//   # lesson: 06-sorted-sets
//   # step 2: add-the-players          <- a step marker: what follows was typed in step 2
//   ZADD board 100 alice
//   :time +10s                         <- meta lines that change the engine are kept
//   # step 3: ask-for-ranks
//   ZRANK board alice
//
// Any other line starting with '#' is a comment. Grading replays the lines on a fresh
// engine (the lesson's seed, clock, config and setup) inside a sandbox (runner.h Limits).
// With step markers, a step's checks are evaluated when the learner left it (at the next
// marker, or the end); a step visited twice counts as it was when last left; a step never
// marked is evaluated after the last line. Without markers every line runs first, then
// every check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.h"
#include "lesson/report.h"
#include "lesson/runner.h"

namespace redsim::lesson {

struct SubmissionLine {
    int line = 0;  // in the submission file
    // A marker (step > 0: 1-based step number, slug may be empty) or a line to run.
    int step = 0;
    std::string slug;
    std::string text;
};

struct Submission {
    std::string lesson_id;  // from "# lesson: …", empty if absent
    std::vector<SubmissionLine> lines;
    bool hasMarkers() const;
};

// Reads a submission. Never fails: bytes that are not text are lines like any other
// (they are graded, and refused or answered with an error).
Submission parseSubmission(std::string_view text);

// The marker line for step `number` (1-based) with `slug`: "# step 2: add-the-players".
std::string stepMarker(int number, std::string_view slug);
// The reverse: "# step 2: add-the-players" → (2, "add-the-players"), "# step 2" → (2, "");
// nullopt for any other line.
std::optional<std::pair<int, std::string>> parseStepMarker(std::string_view line);

struct GradeOptions {
    Limits limits;
    std::optional<double> pass_score;  // pass when score ≥ this (else: every test passed)
    std::string submission_file;       // for the report
};

// Replays `sub` for `lesson` and evaluates every check block.
GradeReport grade(const Lesson& lesson, const Submission& sub, const GradeOptions& opts);

// The lesson's own example solution: for every step, its marker and the commands of
// its ```redis blocks.
Submission exampleSolution(const Lesson& lesson);

}  // namespace redsim::lesson
