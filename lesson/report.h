// report.h — what a grading run found, and the formats graders read it in.
//
// `redsim grade` fills a GradeReport (lesson/grade.h) and prints it in one of:
//   text          for a person at a terminal
//   json          redsim's own, every field below
//   junit         JUnit XML (GitHub, GitLab, Jenkins test reports)
//   tap           TAP version 14
//   gradescope    Gradescope's results.json
//   prairielearn  PrairieLearn's external grader results.json
// The same report prints the same bytes every time: only Gradescope's execution_time
// (whole seconds) depends on the run.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/check.h"

namespace redsim::lesson {

// One graded test: one ```check block of one step.
struct TestReport {
    std::string name;  // "3. Add the players" or "3. Add the players (check 2)"
    std::string step_title;
    std::string step_slug;
    int step_number = 0;  // 1-based among the lesson's steps
    int block = 0;        // 1-based within the step
    double score = 0, max_score = 1;
    bool passed = false;
    std::vector<AssertionResult> assertions;
};

struct GradeReport {
    std::string lesson_id;
    std::string lesson_title;
    std::string lesson_file;
    std::string submission_file;
    std::vector<TestReport> tests;
    double score = 0, max_score = 0;
    bool passed = false;               // every test passed, or score reached the pass score
    std::optional<double> pass_score;  // --pass-score, if given
    // Things the replay ran into, for the learner: "line 12: DEBUG is not allowed while
    // grading", "stopped after 100000 commands". In order.
    std::vector<std::string> notes;
    long long commands_run = 0;
    double execution_seconds = 0;  // wall time of the run (Gradescope only)
};

enum class Format { Text, Json, Junit, Tap, Gradescope, PrairieLearn };
// "text", "json", "junit", "tap", "gradescope", "prairielearn"; nullopt otherwise.
std::optional<Format> parseFormat(std::string_view name);
std::string_view formatName(Format f);

// The report in a format, ending in a newline.
std::string renderReport(const GradeReport& report, Format format);

// One test's output as text (each assertion: ✓ / ✗, the line, the message and what was
// got), as the formats that carry text use it.
std::string testOutput(const TestReport& test);

}  // namespace redsim::lesson
