// Hand-built grading reports shared by the report tests.
#pragma once

#include "lesson/report.h"

namespace redsim::lesson::testing {

inline AssertionResult pass(int line, std::string source) {
    return {.line = line, .source = std::move(source), .passed = true, .message = "", .got = ""};
}
inline AssertionResult fail(int line, std::string source, std::string message, std::string got) {
    return {.line = line,
            .source = std::move(source),
            .passed = false,
            .message = std::move(message),
            .got = std::move(got)};
}

inline TestReport test(std::string name, std::string slug, int step, int block, double score, double max,
                       std::vector<AssertionResult> assertions) {
    TestReport t;
    t.name = std::move(name);
    t.step_title = t.name.substr(t.name.find(' ') + 1);
    t.step_slug = std::move(slug);
    t.step_number = step;
    t.block = block;
    t.score = score;
    t.max_score = max;
    t.passed = true;
    for (const auto& a : assertions) t.passed = t.passed && a.passed;
    t.assertions = std::move(assertions);
    return t;
}

inline GradeReport header(GradeReport r = {}) {
    r.lesson_id = "strings";
    r.lesson_title = "Strings and counters";
    r.lesson_file = "lessons/01-strings.md";
    r.submission_file = "sub.redis";
    r.commands_run = 5;
    r.execution_seconds = 0.4;
    return r;
}

// Every check passes.
inline GradeReport allPass() {
    GradeReport r = header();
    r.tests.push_back(test("1. Set a greeting", "set-a-greeting", 1, 1, 1, 1, {pass(10, "GET greeting == \"hello\"")}));
    r.tests.push_back(test("2. Count visits", "count-visits", 2, 1, 2, 2,
                           {pass(20, "GET visits == 3"), pass(21, "TYPE visits == string")}));
    r.score = 3;
    r.max_score = 3;
    r.passed = true;
    return r;
}

// One block fails two of its three assertions; the scores add up with float noise.
inline GradeReport someFail() {
    GradeReport r = header();
    r.tests.push_back(test("1. Set a greeting", "set-a-greeting", 1, 1, 1, 1, {pass(10, "GET greeting == \"hello\"")}));
    r.tests.push_back(test("2. Count visits", "count-visits", 2, 1, 0, 2,
                           {pass(20, "EXISTS visits == 1"),
                            fail(21, "GET visits == 3  # visits should be 3", "visits should be 3", "\"5\""),
                            fail(22, "LRANGE queue 0 -1 == [a, b]", "", "1) \"b\"\n2) \"a\"")}));
    const double noisy = 0.1 + 0.2;  // 0.30000000000000004
    r.tests.push_back(
        test("3. Keep scores (check 2)", "keep-scores", 3, 2, noisy, noisy, {pass(30, "ZCARD board == 2")}));
    r.score = 1 + noisy;
    r.max_score = 3 + noisy;
    r.passed = false;
    r.notes = {"line 12: DEBUG is not allowed while grading"};
    return r;
}

// A lesson without a single check block.
inline GradeReport noTests() {
    GradeReport r;
    r.lesson_id = "empty";
    r.submission_file = "sub.redis";
    r.passed = true;
    return r;
}

// Names, messages and replies holding everything that needs escaping somewhere.
inline GradeReport nasty() {
    GradeReport r = header();
    r.lesson_title = "Caf\xC3\xA9 <&> \"quotes\"";
    r.tests.push_back(test("1. a # b \\ c", "a-b-c", 1, 1, 1, 1, {pass(5, "GET k == \"x # y\"")}));
    r.tests.push_back(
        test("2. <b>bold</b> & ]]> 'q'\nsecond line", "bold-q-second-line", 2, 1, 0, 1,
             {fail(7, "GET k == \"\xFF\xFE\"", "bad bytes \xFF here, \xE2\x82 cut, caf\xC3\xA9 \xE2\x9C\x93",
                   "\"\\x1b[31m\""),
              fail(8, "GET e == x", "raw \x1B[31mred\x1B[0m and C1 \xC2\x9B and \"]]>\"\tTab", "line one\nline two")}));
    r.score = 1;
    r.max_score = 2;
    r.pass_score = 1;
    r.passed = true;
    r.notes = {"line 3: unknown command 'FOO\xFF'", "multi\nline # note"};
    return r;
}

}  // namespace redsim::lesson::testing
