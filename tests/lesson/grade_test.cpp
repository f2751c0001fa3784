// Grading: submissions, step markers, the sandbox, and the guided-mode state that writes
// submissions (Guide). The lesson used is written here so the tests do not move when the
// curriculum does.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "lesson/grade.h"
#include "lesson/guide.h"
#include "lesson/runner.h"

using namespace redsim;
using namespace redsim::lesson;

namespace {

constexpr std::string_view kLesson = R"(+++
id = "g"
title = "Grading test"
level = "beginner"
minutes = 5
seed = 3
+++
## Goal

Counters and expiry.

## Example

```redis
redis> SET demo 1
OK
```

## Count

```redis
redis> INCR hits
(integer) 1
redis> INCR hits
(integer) 2
```

```check
GET hits == 2   # hits should be 2
```

> Hint: INCR.

## Expire

```redis
redis> SET session abc EX 10
OK
```

```check
TTL session > 0          # session should have a TTL
:time +11s
EXISTS session == 0      # session should be gone after 10 s
```

```check
points = 2
GET hits >= 2
EXISTS session == 1
```

## Gotchas

- none
)";

Lesson load() {
    std::vector<Diagnostic> d;
    auto l = parseLesson(kLesson, "g.md", d);
    REQUIRE(l);
    REQUIRE(d.empty());
    return *l;
}

GradeReport gradeText(const Lesson& l, std::string_view text, GradeOptions o = {}) {
    return grade(l, parseSubmission(text), o);
}

}  // namespace

TEST_SUITE("lesson.grade") {
    TEST_CASE("lesson.grade.submission_format") {
        const Submission s = parseSubmission(
            "# redsim submission\r\n# lesson: g\n# step 2: expire\nSET a 1\n\n# a comment\n# step 1\nGET a\n");
        CHECK(s.lesson_id == "g");
        REQUIRE(s.lines.size() == 4);
        CHECK(s.lines[0].step == 2);
        CHECK(s.lines[0].slug == "expire");
        CHECK(s.lines[1].text == "SET a 1");
        CHECK(s.lines[1].line == 4);
        CHECK(s.lines[2].step == 1);
        CHECK(s.lines[2].slug.empty());
        CHECK(s.hasMarkers());
        CHECK(stepMarker(3, "add-the-players") == "# step 3: add-the-players");
    }

    TEST_CASE("lesson.grade.example_solution_and_empty") {
        const Lesson l = load();
        const GradeReport ok = grade(l, exampleSolution(l), {});
        CHECK(ok.passed);
        CHECK(ok.score == 4);
        CHECK(ok.max_score == 4);
        REQUIRE(ok.tests.size() == 3);
        CHECK(ok.tests[0].name == "1. Count");
        CHECK(ok.tests[1].name == "2. Expire (check 1)");
        CHECK(ok.tests[2].name == "2. Expire (check 2)");
        const GradeReport none = gradeText(l, "");
        CHECK_FALSE(none.passed);
        CHECK(none.score == 0);
        for (const auto& t : none.tests) CHECK_FALSE(t.passed);
    }

    TEST_CASE("lesson.grade.markers_decide_when_checks_run") {
        const Lesson l = load();
        // Without markers: everything runs, then every check. hits is 3, not 2.
        GradeReport r = gradeText(l, "INCR hits\nINCR hits\nSET session abc EX 10\nINCR hits\n");
        CHECK_FALSE(r.tests[0].passed);
        CHECK(r.tests[0].assertions[0].got == "\"3\"");
        CHECK(r.tests[0].assertions[0].message == "hits should be 2");
        CHECK(r.tests[1].passed);
        // With markers: step 1 is graded when the learner left it, at hits = 2.
        r = gradeText(l, "# step 1: count\nINCR hits\nINCR hits\n# step 2: expire\nSET session abc EX 10\nINCR hits\n");
        CHECK(r.tests[0].passed);
        CHECK(r.passed);
        // A step visited twice counts as it was when last left.
        r = gradeText(l, "# step 1\nINCR hits\nINCR hits\n# step 2\nSET session abc EX 10\n# step 1\nINCR hits\n");
        CHECK_FALSE(r.tests[0].passed);
        // A marker for a step that does not exist is noted, not fatal.
        r = gradeText(l, "# step 9: nope\nINCR hits\n");
        REQUIRE_FALSE(r.notes.empty());
        CHECK(r.notes[0].find("no step 9") != std::string::npos);
    }

    TEST_CASE("lesson.grade.time_checks_run_on_a_copy") {
        const Lesson l = load();
        // The :time in the first Expire block must not expire the learner's session for the
        // second block, evaluated afterwards on the real engine.
        const GradeReport r = gradeText(l, "# step 2\nSET session abc EX 10\nSET hits 5\n");
        REQUIRE(r.tests.size() == 3);
        CHECK(r.tests[1].passed);
        CHECK(r.tests[2].passed);
        CHECK(r.score == 3);
    }

    TEST_CASE("lesson.grade.pass_score") {
        const Lesson l = load();
        GradeOptions o;
        o.pass_score = 3;
        CHECK(gradeText(l, "# step 2\nSET session abc EX 10\nSET hits 5\n", o).passed);
        o.pass_score = 3.5;
        CHECK_FALSE(gradeText(l, "# step 2\nSET session abc EX 10\nSET hits 5\n", o).passed);
    }

    TEST_CASE("lesson.grade.deterministic") {
        const Lesson l = load();
        const std::string sub = "# step 1\nINCR hits\nSPOP nothing\nSADD s a b c d e\nSPOP s\nRANDOMKEY\n";
        const GradeReport a = gradeText(l, sub), b = gradeText(l, sub);
        for (auto f : {Format::Text, Format::Json, Format::Junit, Format::Tap, Format::PrairieLearn})
            CHECK(renderReport(a, f) == renderReport(b, f));
    }

    TEST_CASE("lesson.grade.sandbox_refuses_and_bounds") {
        const Lesson l = load();
        const GradeReport r = gradeText(l,
                                        "DEBUG SLEEP 0\n"
                                        "CONFIG SET dir /\n"
                                        "CONFIG SET dbfilename x.rdb\n"
                                        "config set proto-max-bulk-len 1gb\n"
                                        "CONFIG SET maxmemory 0\n"
                                        "SHUTDOWN NOSAVE\n"
                                        "MODULE LOAD /x.so\n"
                                        "1000000000 INCR hits\n"
                                        ":time +1000h\n"
                                        "1 DEBUG SLEEP 0\n"
                                        "INCR hits\nINCR hits\n");
        std::string notes;
        for (const auto& n : r.notes) notes += n + "\n";
        CAPTURE(notes);
        CHECK(notes.find("line 1: DEBUG is not allowed") != std::string::npos);
        CHECK(notes.find("line 2: CONFIG SET dir is not allowed") != std::string::npos);
        CHECK(notes.find("line 3: CONFIG SET dbfilename") != std::string::npos);
        CHECK(notes.find("line 4: CONFIG SET proto-max-bulk-len") != std::string::npos);
        CHECK(notes.find("line 5: maxmemory is limited") != std::string::npos);
        CHECK(notes.find("line 6: SHUTDOWN") != std::string::npos);
        CHECK(notes.find("line 7: MODULE") != std::string::npos);
        CHECK(notes.find("line 8: a repeat count") != std::string::npos);
        CHECK(notes.find("line 9: :time beyond") != std::string::npos);
        CHECK(notes.find("line 10: DEBUG is not allowed") != std::string::npos);  // behind a repeat of 1
        // What was allowed still ran and is graded.
        CHECK(r.tests[0].passed);
        CHECK(r.commands_run == 2);
    }

    TEST_CASE("lesson.grade.budgets_stop_the_run") {
        const Lesson l = load();
        GradeOptions o;
        o.limits.max_commands = 5;
        GradeReport r =
            gradeText(l, "INCR hits\nINCR hits\nINCR hits\nINCR hits\nINCR hits\nINCR hits\nINCR hits\n", o);
        CHECK(r.commands_run == 5);
        REQUIRE_FALSE(r.notes.empty());
        CHECK(r.notes.back().find("stopped after 5 commands") != std::string::npos);
        // Strings cannot grow past the sandbox's proto-max-bulk-len.
        r = gradeText(l, "SETRANGE big 100000000 x\nSETBIT bits 4000000000 1\nSET hits 2\n");
        CHECK(r.tests[0].passed);
        o = {};
        o.limits.max_memory = 2 << 20;
        r = gradeText(l, "SETRANGE a 3000000 x\nSET hits 2\n", o);
        CHECK(r.notes.back().find("over the limit") != std::string::npos);
        CHECK(r.commands_run == 1);
    }

    TEST_CASE("lesson.grade.scripts_are_bounded") {
        const Lesson l = load();
        LessonSession ls(l, {.sandbox = Limits{}, .data_dir = {}});
        // An endless loop stops at the instruction limit; a huge string at the heap limit.
        CHECK(ls.run("EVAL \"while true do end\" 0").find("instruction limit") != std::string::npos);
        CHECK(ls.run("EVAL \"return #string.rep('x', 1e9)\" 0").find("not enough memory") != std::string::npos);
        CHECK(ls.run("FUNCTION LOAD \"#!lua name=l\\nlocal t = {} for i = 1, 1e9 do t[i] = i end\"")
                  .starts_with("(error)"));
        // The engine goes on.
        CHECK(ls.run("EVAL \"return redis.call('incr', 'hits')\" 0") == "(integer) 1\n");
        CHECK(ls.run("EVAL \"local t = {} for i = 1, 1000 do t[i] = i end return #t\" 0") == "(integer) 1000\n");
    }

    TEST_CASE("lesson.grade.garbage_is_graded_never_a_crash") {
        const Lesson l = load();
        std::string junk;
        for (int i = 0; i < 5000; ++i) junk += static_cast<char>((i * 2654435761u) >> 24);
        junk += "\n\"unbalanced\nNOSUCHCOMMAND a b\n" + std::string(3 << 20, 'x') + "\n\x00\x01\x02\nGET\n";
        junk += "EVAL \"return redis.call('incr','hits')\" 0\nEVAL \"return redis.call('incr','hits')\" 0\n";
        GradeReport r;
        CHECK_NOTHROW(r = gradeText(l, junk));
        bool long_line_noted = false;
        for (const auto& n : r.notes) long_line_noted |= n.find("lines are limited") != std::string::npos;
        CHECK(long_line_noted);
        CHECK(r.tests[0].passed);  // the two EVALs made hits 2
    }
}

TEST_SUITE("lesson.guide") {
    struct TempHome {
        std::string dir = std::filesystem::temp_directory_path().string() + "/redsim-guide-test";
        TempHome() {
            std::filesystem::remove_all(dir);
            setenv("XDG_DATA_HOME", dir.c_str(), 1);
        }
        ~TempHome() {
            std::filesystem::remove_all(dir);
            unsetenv("XDG_DATA_HOME");
        }
    };

    TEST_CASE("lesson.guide.records_with_markers_and_grades_the_same") {
        TempHome home;
        const Lesson l = load();
        LessonSession ls(l, {});
        Guide g(l, ls.session());
        CHECK(g.pageIndex() == 0);
        CHECK(g.stepNumber() == 0);
        ls.run("SET before 1");  // on the Goal page: recorded, with no marker
        CHECK(g.next());
        CHECK(g.next());
        CHECK(g.stepNumber() == 1);
        CHECK(g.hintsShown() == 0);
        CHECK(g.revealHint() == "INCR.");
        CHECK_FALSE(g.revealHint());
        CHECK(g.hintsShown() == 1);
        auto res = g.check();
        REQUIRE(res.size() == 1);
        CHECK_FALSE(res[0].passed);
        for (const auto& line : g.exampleLines()) ls.run(line);
        res = g.check();
        CHECK(res[0].passed);
        CHECK(g.passed("count"));
        CHECK(g.score() == std::pair<double, double>{1, 4});
        CHECK(g.next());
        ls.run("SET session abc EX 10");
        ls.run(":time +1s");
        ls.run(":crash");  // refused (needs an argument) but still something the learner typed
        const std::string sub = g.submission();
        CHECK(
            sub.starts_with("# redsim submission\n# lesson: g\nSET before 1\n# step 1: count\nINCR hits\nINCR hits\n"
                            "# step 2: expire\nSET session abc EX 10\n:time +1s\n"));
        // What the learner saw is what the grader sees.
        const GradeReport r = grade(l, parseSubmission(sub), {});
        CHECK(r.tests[0].passed);
        CHECK(r.tests[1].passed);
    }

    TEST_CASE("lesson.guide.progress_saves_and_resumes") {
        TempHome home;
        const Lesson l = load();
        {
            LessonSession ls(l, {});
            Guide g(l, ls.session());
            g.setAutosave(true);
            g.go(2);
            (void)g.revealHint();
            ls.run("INCR hits");
            ls.run("INCR hits");
            (void)g.check();
            g.go(3);
        }
        CHECK(std::filesystem::exists(Guide::progressPath("g")));
        LessonSession ls(l, {});
        Guide g(l, ls.session());
        REQUIRE(g.resume());
        CHECK(g.pageIndex() == 3);
        CHECK(g.passed("count"));
        CHECK(g.progress().record.size() == 3);  // replayed lines are not recorded twice
        CHECK(ls.run("GET hits") == "\"2\"\n");  // the engine came back by replay
        g.go(2);
        CHECK(g.hintsShown() == 1);
        g.restart();
        CHECK_FALSE(std::filesystem::exists(Guide::progressPath("g")));
        CHECK(g.pageIndex() == 0);
        // A damaged progress file is ignored.
        std::filesystem::create_directories(std::filesystem::path(Guide::progressPath("g")).parent_path());
        std::ofstream(Guide::progressPath("g")) << "{not json";
        CHECK_FALSE(g.resume());
    }
}
