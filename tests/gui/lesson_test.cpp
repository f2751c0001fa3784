// The lesson pane's view-model (gui/model/lesson_model.h): Markdown laid out for the pane,
// wrapping, a lesson's engine and setup, live check status, hints, navigation, the
// console's lesson meta commands, submission and a crash in the middle of a lesson.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "gui/model/lesson_model.h"
#include "lesson/runner.h"

namespace gui = redsim::gui;
namespace lesson = redsim::lesson;

namespace {

constexpr const char* kLesson = R"(+++
id = "gui-pane-test"
title = "Counters for the pane"
level = "beginner"
minutes = 5
seed = 3
config = { maxmemory = "10mb" }
setup = ["SET base 1"]
+++

# Counters for the pane

A lesson for the pane's tests.

## Goal

Learn **counters** with `INCR`.

## Example

```redis
redis> SET a 1
OK
redis> INCR a
(integer) 2
```

## Set a counter

Set `counter` to 10.

```redis
redis> SET counter 10
OK
```

```check
GET counter == 10   # counter should be 10
EXISTS base == 1    # the setup made base
```

> Hint: use SET

> Hint: `SET counter 10`

## Let it expire

Give `counter` a TTL of two seconds and wait.

```redis
redis> SET counter 5 EX 2
OK
```

```check
EXISTS counter == 0   # counter should have expired
```

## Gotchas

Careful with **types**.
)";

// A lesson's engine as redsim-gui --lesson makes it (no saved progress read or written).
struct Fixture {
    std::string dir;  // made once the lesson parsed (a failed parse leaves nothing behind)
    lesson::Lesson les;
    std::unique_ptr<gui::GuiState> state;
    std::unique_ptr<gui::LessonModel> model;

    explicit Fixture(const std::string& text = kLesson) {
        std::vector<lesson::Diagnostic> diags;
        auto parsed = lesson::parseLesson(text, "pane.md", diags);
        for (const auto& d : diags) FAIL(d.str());
        REQUIRE(parsed);
        les = std::move(*parsed);
        dir = lesson::makeLessonDir();
        start();
    }
    void start() {
        std::vector<std::string> problems;
        state = gui::GuiState::withEngine(lesson::lessonEngineOptions(les, dir, std::nullopt, problems));
        CHECK(problems.empty());
        lesson::addLessonMetaCommands();
        model = std::make_unique<gui::LessonModel>(*state, les,
                                                   gui::LessonModelOptions{.resume = false, .autosave = false});
    }
    ~Fixture() {
        model.reset();
        state.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    void run(const std::string& line) { state->runLine(state->currentTab(), line); }
    std::string console() const {
        std::string out;
        for (const auto& l : state->tabs()[state->currentTab()].lines) out += l.text + "\n";
        return out;
    }
    size_t pageOf(const std::string& slug) const {
        for (size_t i = 0; i < les.pages.size(); ++i)
            if (les.pages[i].slug == slug) return i;
        FAIL("no page " << slug);
        return 0;
    }
    std::vector<bool> statuses() const {
        std::vector<bool> out;
        for (const auto& b : model->liveChecks())
            for (const auto& a : b.assertions) out.push_back(a.passed);
        return out;
    }
};

float bytes(std::string_view s) { return static_cast<float>(s.size()); }

}  // namespace

TEST_SUITE("gui.lesson") {
    TEST_CASE("gui.lesson.layout.blocks_from_markdown") {
        const auto blocks = gui::layoutMarkdown(
            "# Title\n\nSome *text* with `code`.\n\n- one\n- two\n\n1. first\n2. second\n\n> a quote\n\n"
            "```\nplain code\n```\n\n```redis\nredis> SET k v\nOK\nredis> GET k\n\"v\"\n```\n\n"
            "```redis\nredis> DEL k\n(integer) 1\n```\n");
        REQUIRE(blocks.size() == 10);
        CHECK(blocks[0].block.kind == lesson::BlockKind::Heading);
        CHECK(blocks[0].block.level == 1);
        CHECK_FALSE(blocks[0].gap);  // nothing above the first block
        CHECK(blocks[1].block.kind == lesson::BlockKind::Paragraph);
        CHECK(blocks[1].gap);
        // A tight list: a bullet each, one indent, no gap between the items.
        CHECK(blocks[2].block.kind == lesson::BlockKind::ListItem);
        CHECK(blocks[2].marker == "•");
        CHECK(blocks[2].indent == 1);
        CHECK(blocks[2].block.spans.at(0).text == "one");
        CHECK_FALSE(blocks[3].gap);
        CHECK(blocks[4].marker == "1.");
        CHECK(blocks[5].marker == "2.");
        CHECK(blocks[6].quotes == 1);
        CHECK(blocks[6].indent == 0);
        CHECK(blocks[7].block.kind == lesson::BlockKind::Code);
        CHECK_FALSE(blocks[7].session);
        // ```redis blocks: a session of commands and replies, numbered as the page's
        // examples are.
        REQUIRE(blocks[8].session);
        CHECK(blocks[8].example == 0);
        REQUIRE(blocks[8].lines.size() == 4);
        CHECK(blocks[8].lines[0].command);
        CHECK(blocks[8].lines[0].text == "SET k v");
        CHECK_FALSE(blocks[8].lines[1].command);
        CHECK(blocks[8].lines[1].text == "OK");
        CHECK(blocks[8].lines[2].text == "GET k");
        CHECK(blocks[9].example == 1);
        // Anything at all lays out (the parser never fails).
        CHECK_NOTHROW(gui::layoutMarkdown(std::string("\0\xff\x1b[2J```redis\nno prompt\n", 20)));
    }

    TEST_CASE("gui.lesson.layout.wrapping") {
        using lesson::Span;
        // Ten columns, a column per byte.
        auto runs = gui::wrapSpans({Span{.text = "aaa bbb ccc dddd", .flags = 0, .href = ""}}, 10, bytes);
        REQUIRE(runs.size() == 2);
        CHECK(runs[0].text == "aaa bbb ");
        CHECK(runs[0].line == 0);
        CHECK(runs[1].text == "ccc dddd");
        CHECK(runs[1].line == 1);
        CHECK(runs[1].x == 0);
        // Styles stay apart; a run starts where the previous ended.
        runs = gui::wrapSpans(
            {Span{.text = "use ", .flags = 0, .href = ""}, Span{.text = "INCR", .flags = lesson::kCode, .href = ""},
             Span{.text = " now", .flags = 0, .href = ""}},
            40, bytes);
        REQUIRE(runs.size() == 3);
        CHECK(runs[1].flags == lesson::kCode);
        CHECK(runs[1].x == 4);
        CHECK(runs[2].x == 8);
        // A hard break starts a line; a word longer than the line gets one of its own.
        runs = gui::wrapSpans(
            {Span{.text = "a", .flags = 0, .href = ""}, Span{.text = "", .flags = lesson::kHardBreak, .href = ""},
             Span{.text = "b " + std::string(30, 'x') + " c", .flags = 0, .href = ""}},
            10, bytes);
        REQUIRE(runs.size() == 4);
        CHECK(runs[1].line == 1);
        CHECK(runs[2].line == 2);
        CHECK(runs[2].text.starts_with("xxx"));
        CHECK(runs[3].line == 3);
        CHECK(gui::wrapSpans({}, 10, bytes).empty());
    }

    TEST_CASE("gui.lesson.engine_is_the_lessons_and_setup_is_silent") {
        Fixture fx;
        redsim::Engine& e = fx.state->engine();
        CHECK(e.clock().isVirtual());
        CHECK(e.cfg().maxmemory == 10 * 1024 * 1024);
        CHECK(e.cfg().dir == fx.dir);
        CHECK(e.db(0).peek("base"));
        // Not in the console, not in the learner's record.
        CHECK(fx.console().find("SET base") == std::string::npos);
        CHECK(fx.console().find("lesson: Counters for the pane") != std::string::npos);
        CHECK(fx.model->guide().progress().record.empty());
        CHECK(fx.model->setupProblems().empty());
    }

    TEST_CASE("gui.lesson.live_checks_follow_the_engine_not_the_frames") {
        Fixture fx;
        fx.model->update(0);
        CHECK(fx.model->liveChecks().empty());  // the goal has no checks
        REQUIRE(fx.model->go(fx.pageOf("set-a-counter")));
        fx.model->update(0.1);
        CHECK(fx.statuses() == std::vector<bool>{false, true});
        CHECK(fx.model->liveChecks()[0].assertions[0].message == "counter should be 10");
        const uint64_t n = fx.model->evaluations();
        // Frames without a change evaluate nothing.
        for (int i = 0; i < 5; ++i) fx.model->update(0.1);
        CHECK(fx.model->evaluations() == n);
        fx.run("SET counter 10");
        fx.model->update(0.2);
        CHECK(fx.statuses() == std::vector<bool>{true, true});
        CHECK(fx.model->livePassed());
        CHECK(fx.model->evaluations() == n + 1);
        // Live status is not a :check: nothing is recorded as passed.
        CHECK_FALSE(fx.model->guide().passed("set-a-counter"));
        CHECK(fx.model->guide().score().first == 0);
        fx.model->check();
        CHECK(fx.model->guide().passed("set-a-counter"));
        CHECK(fx.model->status().find("Step complete") != std::string::npos);
        CHECK(fx.console().find("✓ counter should be 10") != std::string::npos);
        CHECK(fx.model->guide().score() == std::pair<double, double>{1, 2});
    }

    TEST_CASE("gui.lesson.live_checks_see_time_and_expiry") {
        Fixture fx;
        REQUIRE(fx.model->go(fx.pageOf("let-it-expire")));
        fx.run("SET counter 5 EX 2");
        fx.model->update(1);
        CHECK(fx.statuses() == std::vector<bool>{false});
        const uint64_t n = fx.model->evaluations();
        // Three seconds pass in frames: the key expires and the check sees it, without
        // an evaluation per frame.
        double t = 1;
        for (int i = 0; i < 180; ++i) {
            fx.state->frame(16'667);
            t += 1.0 / 60;
            fx.model->update(t);
        }
        CHECK(fx.statuses() == std::vector<bool>{true});
        CHECK(fx.model->evaluations() > n);
        CHECK(fx.model->evaluations() <= n + 14);  // at most 4 a second, and on changes
    }

    TEST_CASE("gui.lesson.hints_one_at_a_time") {
        Fixture fx;
        CHECK_FALSE(fx.model->revealHint());  // the goal has none
        REQUIRE(fx.model->go(fx.pageOf("set-a-counter")));
        CHECK(fx.model->guide().hintsShown() == 0);
        CHECK(fx.model->revealHint());
        CHECK(fx.model->guide().hintsShown() == 1);
        REQUIRE_FALSE(fx.model->hintBlocks(0).empty());
        CHECK(fx.model->hintBlocks(0)[0].block.spans.at(0).text == "use SET");
        CHECK(fx.model->hintBlocks(7).empty());  // no such hint: nothing, no crash
        CHECK(fx.model->revealHint());
        CHECK_FALSE(fx.model->revealHint());
        CHECK(fx.model->guide().hintsShown() == 2);
        // The console's :hint says so too.
        fx.run(":hint");
        CHECK(fx.console().find("No more hints") != std::string::npos);
    }

    TEST_CASE("gui.lesson.navigation_from_the_pane_and_the_console") {
        Fixture fx;
        auto& g = fx.model->guide();
        CHECK(g.pageIndex() == 0);
        CHECK_FALSE(fx.model->prev());
        CHECK(fx.model->next());
        CHECK(gui::pageLabel(g, g.pageIndex()) == "Example");
        CHECK(fx.model->pageBlocks().at(0).session);
        // The console's meta commands move the same Guide, and print in the console.
        fx.run(":next");
        CHECK(g.page().slug == "set-a-counter");
        CHECK(gui::pageLabel(g, g.pageIndex()) == "Step 1/2");
        CHECK(fx.console().find("Set a counter") != std::string::npos);
        fx.run(":step 99");
        CHECK(fx.console().find("Usage: :step N") != std::string::npos);
        fx.run(":step 1");
        CHECK(g.pageIndex() == 0);
        CHECK(fx.model->go(fx.les.pages.size() - 1));
        CHECK_FALSE(fx.model->next());
        CHECK_FALSE(fx.model->go(1000));
        fx.run(":progress");
        CHECK(fx.console().find("score 0/2") != std::string::npos);
        // The page's layout follows the page.
        CHECK(fx.model->pageBlocks().at(0).block.spans.at(0).text == "Careful with ");
    }

    TEST_CASE("gui.lesson.run_types_the_example_into_the_console") {
        Fixture fx;
        fx.model->next();  // Example
        fx.model->runExample(0);
        fx.model->runExample(5);  // no such example: nothing
        const std::string c = fx.console();
        CHECK(c.find("SET a 1\nOK\n") != std::string::npos);
        CHECK(c.find("INCR a\n(integer) 2\n") != std::string::npos);
        CHECK(fx.state->engine().db(0).peek("a"));
        // Recorded as typed: they are the learner's.
        const auto& rec = fx.model->guide().progress().record;
        CHECK(std::find(rec.begin(), rec.end(), "INCR a") != rec.end());
    }

    TEST_CASE("gui.lesson.submission_goes_to_the_typed_file") {
        Fixture fx;
        fx.model->go(fx.pageOf("set-a-counter"));
        fx.run("SET counter 10");
        const std::string path = fx.dir + "/my submission.txt";
        fx.model->submit(path);
        CHECK(fx.model->status().starts_with("Wrote " + path));
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        CHECK(ss.str() == fx.model->guide().submission());
        CHECK(ss.str().find("SET counter 10") != std::string::npos);
        fx.model->submit("  ");
        CHECK(fx.model->status().starts_with("Type the file"));
        fx.model->submit(fx.dir + "/no/such/dir/x.txt");
        CHECK(fx.model->status().starts_with("Cannot write"));
    }

    TEST_CASE("gui.lesson.crash_keeps_the_lesson_going") {
        Fixture fx;
        fx.model->go(fx.pageOf("set-a-counter"));
        fx.run("SET counter 10");
        fx.run("SAVE");
        fx.model->update(0);
        CHECK(fx.model->livePassed());
        const uint64_t gen = fx.state->generation();
        fx.run(":crash kill9");
        CHECK(fx.state->generation() == gen + 1);
        // The same Guide goes on, on the restarted engine, and saw the crash.
        const auto& rec = fx.model->guide().progress().record;
        CHECK(std::find(rec.begin(), rec.end(), ":crash kill9") != rec.end());
        fx.model->update(0.5);
        CAPTURE(fx.console());
        CHECK(fx.model->livePassed());  // the RDB kept the counter
        fx.run("DEL counter");
        fx.model->update(1);
        CHECK(fx.statuses() == std::vector<bool>{false, true});
        fx.run(":next");
        CHECK(fx.model->guide().page().slug == "let-it-expire");
    }

    TEST_CASE("gui.lesson.a_crash_the_session_ran_itself_is_adopted") {
        // `:run` of an example holding `:crash kill9`, or a resumed record with one, runs
        // the crash inside the session, behind GuiState's back.
        Fixture fx;
        fx.run("SET counter 10");
        fx.run("SAVE");
        const uint64_t gen = fx.state->generation();
        fx.state->session().runLine(":crash kill9");
        (void)fx.state->session().takeOutput();
        fx.state->frame(0);
        CHECK(fx.state->generation() == gen + 1);
        // The recorders listen to the new engine.
        const size_t before = fx.state->timeline().size();
        fx.run("SAVE");
        CHECK(fx.state->timeline().size() > before);
        CHECK(fx.state->engine().db(0).peek("counter"));
    }

    TEST_CASE("gui.lesson.lessons_in_the_repository_load_and_lay_out") {
        for (const auto& entry : std::filesystem::directory_iterator(std::string(REDSIM_SOURCE_DIR) + "/lessons")) {
            if (entry.path().extension() != ".md" || entry.path().filename() == "README.md") continue;
            CAPTURE(entry.path().string());
            std::vector<lesson::Diagnostic> diags;
            auto les = lesson::loadLesson(entry.path().string(), diags);
            REQUIRE(les);
            CHECK(diags.empty());
            for (const auto& page : les->pages) {
                // Every ```redis block of the prose is one of the page's examples.
                int sessions = 0;
                for (const auto& b : gui::layoutMarkdown(page.prose)) sessions += b.session ? 1 : 0;
                CHECK(static_cast<size_t>(sessions) == page.examples.size());
            }
        }
    }
}
