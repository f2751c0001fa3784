// Lesson files: front matter, page shape, ```redis and ```check blocks, hints, and every
// error with its line; the check language's values and comparisons; refused commands.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/commands/table.h"
#include "lesson/check.h"
#include "lesson/lesson.h"
#include "lesson/validate.h"

using namespace redsim;
using namespace redsim::lesson;

namespace {

// A small, valid lesson; tests change one thing at a time.
std::string goodLesson() {
    return R"(+++
id = "t"
title = "Test lesson"
level = "beginner"
minutes = 5
topics = ["strings"]
seed = 7
config = { hash-max-listpack-entries = 4, maxmemory-policy = "allkeys-lru" }
setup = ["SET motd hello"]
view = "string"
+++
# Test lesson

Intro text.

## Goal

Learn things.

## Example

```redis
redis> SET demo 1
OK
```

## Set a key

Set `k` to `v`.

```redis
redis> SET k v
OK
redis> GET k
"v"
```

```check
points = 2
GET k == v   # k should hold v
EXISTS k == 1
```

> Hint: use SET.
> It takes a key and a value.

> Hint: `SET k v`

## Gotchas

- None really.
)";
}

std::vector<Diagnostic> diagsOf(const std::string& text) {
    std::vector<Diagnostic> d;
    (void)parseLesson(text, "t.md", d);
    return d;
}

bool hasDiag(const std::vector<Diagnostic>& d, int line, std::string_view part) {
    for (const auto& x : d)
        if (x.line == line && x.message.find(part) != std::string::npos) return true;
    return false;
}

std::string replace(std::string s, std::string_view from, std::string_view to) {
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST_SUITE("lesson.parse") {
    TEST_CASE("lesson.parse.good_lesson") {
        std::vector<Diagnostic> d;
        auto l = parseLesson(goodLesson(), "t.md", d);
        REQUIRE(l);
        CHECK(d.empty());
        CHECK(l->meta.id == "t");
        CHECK(l->meta.seed == 7);
        CHECK(l->meta.virtual_clock);
        CHECK(l->meta.view == "string");
        REQUIRE(l->meta.config.size() == 2);
        CHECK(l->meta.config[0] == std::pair<std::string, std::string>{"hash-max-listpack-entries", "4"});
        CHECK(l->meta.setup == std::vector<std::string>{"SET motd hello"});
        REQUIRE(l->pages.size() == 4);
        CHECK(l->pages[0].kind == PageKind::Goal);
        CHECK(l->pages[1].kind == PageKind::Example);
        const Page& step = l->pages[2];
        CHECK(step.kind == PageKind::Step);
        CHECK(step.slug == "set-a-key");
        CHECK(step.line == 27);
        REQUIRE(step.examples.size() == 1);
        REQUIRE(step.examples[0].commands.size() == 2);
        CHECK(step.examples[0].commands[1].command == "GET k");
        CHECK(step.examples[0].commands[1].expected == "\"v\"\n");
        CHECK(step.examples[0].commands[1].line == 34);
        REQUIRE(step.checks.size() == 1);
        CHECK(step.checks[0].points == 2);
        REQUIRE(step.checks[0].lines.size() == 2);
        CHECK(step.checks[0].lines[0].message == "k should hold v");
        CHECK(step.checks[0].lines[0].line == 40);
        REQUIRE(step.hints.size() == 2);
        CHECK(step.hints[0] == "use SET.\nIt takes a key and a value.");
        CHECK(step.hints[1] == "`SET k v`");
        // Hints and checks are not part of the prose; the example is.
        CHECK(step.prose.find("Hint") == std::string::npos);
        CHECK(step.prose.find("```check") == std::string::npos);
        CHECK(step.prose.find("redis> SET k v") != std::string::npos);
        CHECK(l->stepIndexes() == std::vector<size_t>{2});
        CHECK(l->findPage("gotchas") == &l->pages[3]);
    }

    TEST_CASE("lesson.parse.front_matter_errors") {
        CHECK(hasDiag(diagsOf("no front matter"), 1, "front matter"));
        CHECK(hasDiag(diagsOf("+++\nid = \"x\"\n"), 1, "closing +++"));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "minutes = 5", "minutes = \"five\"")), 5, "minutes"));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "level = \"beginner\"", "level = \"expert\"")), 4, "level"));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "seed = 7", "sed = 7")), 7, "unknown front matter key 'sed'"));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "view = \"string\"", "view = \"strings\"")), 10, "unknown view"));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "seed = 7", "seed = 7\nclock = \"fast\"")), 8, "clock"));
        // TOML syntax errors point at their line.
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "seed = 7", "seed = = 7")), 7, ""));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "id = \"t\"\n", "")), 1, "needs id"));
    }

    TEST_CASE("lesson.parse.shape_errors") {
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "## Goal", "## Aim")), 16, "## Goal"));
        const auto no_gotchas = diagsOf(replace(goodLesson(), "## Gotchas", "## Pitfalls"));
        CHECK(std::any_of(no_gotchas.begin(), no_gotchas.end(),
                          [](const Diagnostic& x) { return x.message.find("## Gotchas") != std::string::npos; }));
        // A step without checks, or without an example solution.
        CHECK(hasDiag(diagsOf(replace(goodLesson(),
                                      "```check\npoints = 2\nGET k == v   # k should hold v\nEXISTS k == 1\n```", "")),
                      27, "no ```check block"));
        // Checks and hints outside steps.
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "Learn things.", "Learn.\n\n```check\nGET k == 1\n```")), 20,
                      "belongs in a step"));
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "Learn things.", "> Hint: no")), 18, "hint belongs in a step"));
        // Two headings with the same slug.
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "## Gotchas", "## Set a key!\n\n## Gotchas")), 49, "same name"));
        // A block that is never closed, a ```redis block without the prompt.
        CHECK(hasDiag(diagsOf(replace(goodLesson(), "redis> SET demo 1", "SET demo 1")), 23, "redis> "));
    }

    TEST_CASE("lesson.parse.redis_blocks") {
        std::vector<Diagnostic> d;
        auto l = parseLesson(replace(goodLesson(), "redis> SET demo 1\nOK\n",
                                     "redis> :time +1s\n2024-01-01T00:00:01.000Z (1704067201000 ms, virtual clock)\n"
                                     "redis> :client w\nredis> MGET a b\n1) (nil)\n2) (nil)\n\n\n"),
                             "t.md", d);
        REQUIRE(l);
        const auto& cmds = l->pages[1].examples[0].commands;
        REQUIRE(cmds.size() == 3);
        CHECK(cmds[0].command == ":time +1s");
        CHECK(cmds[1].command == ":client w");
        CHECK(cmds[1].expected.empty());
        CHECK(cmds[2].expected == "1) (nil)\n2) (nil)\n");  // trailing blank lines dropped
    }

    TEST_CASE("lesson.parse.garbage_never_crashes") {
        std::string junk = "+++\nid=\"x\"\n+++\n";
        for (int i = 0; i < 2000; ++i) junk += static_cast<char>((i * 7919) % 256);
        junk += "\n```check\n== == ==\n\"unterminated\n```\n## \n## \n```redis\n```\n> Hint:\n";
        std::vector<Diagnostic> d;
        CHECK_NOTHROW((void)parseLesson(junk, "j.md", d));
        CHECK(!d.empty());
        d.clear();
        CHECK_NOTHROW((void)parseLesson("+++\n+++\n", "e.md", d));
        CHECK_NOTHROW((void)parseLesson("", "e.md", d));
    }
}

TEST_SUITE("lesson.check") {
    TEST_CASE("lesson.check.values") {
        std::string err;
        auto v = parseValue("[a, \"b c\", 3, [x], nil, error \"ERR\"]", &err);
        REQUIRE(v);
        REQUIRE(v->items.size() == 6);
        CHECK(v->items[0].kind == Value::Kind::String);
        CHECK(v->items[1].text == "b c");
        CHECK(v->items[2].kind == Value::Kind::Number);
        CHECK(v->items[3].items.size() == 1);
        CHECK(v->items[4].kind == Value::Kind::Nil);
        CHECK(v->items[5].kind == Value::Kind::Error);
        CHECK(parseValue("Hello world", &err)->text == "Hello world");
        CHECK(parseValue("(integer) 5", &err)->number == 5);
        CHECK(parseValue("(error) WRONGTYPE", &err)->text == "WRONGTYPE");
        CHECK(parseValue("\"a\\nb\"", &err)->text == "a\nb");
        CHECK(parseValue("-2.5e3", &err)->number == -2500);
        CHECK_FALSE(parseValue("[a, b", &err));
        CHECK_FALSE(parseValue("\"open", &err));
        CHECK_FALSE(parseValue("[a] x", &err));
        std::string deep(100, '[');
        CHECK_FALSE(parseValue(deep, &err));
    }

    TEST_CASE("lesson.check.compare") {
        using R = resp::Reply;
        std::string why;
        CHECK(compare(R::bulk("100"), Op::Eq, *parseValue("100", nullptr), &why));
        CHECK(compare(R::bulk("100.0"), Op::Eq, *parseValue("100", nullptr), &why));
        CHECK(compare(R::integerOf(3), Op::Gt, *parseValue("2", nullptr), &why));
        CHECK_FALSE(compare(R::integerOf(3), Op::Lt, *parseValue("2", nullptr), &why));
        CHECK(why == "got (integer) 3");
        CHECK(compare(R::status("OK"), Op::Eq, *parseValue("OK", nullptr), &why));
        CHECK(compare(R::nil(), Op::Eq, *parseValue("nil", nullptr), &why));
        CHECK_FALSE(compare(R::bulk(""), Op::Eq, *parseValue("nil", nullptr), &why));
        CHECK(compare(R::error("WRONGTYPE Operation"), Op::Eq, *parseValue("error WRONGTYPE", nullptr), &why));
        CHECK_FALSE(compare(R::error("ERR x"), Op::Eq, *parseValue("x", nullptr), &why));
        CHECK(why == "got (error) ERR x");
        const R arr = R::aggregate(R::Type::Array, {R::bulk("a"), R::bulk("b")});
        CHECK(compare(arr, Op::Eq, *parseValue("[a, b]", nullptr), &why));
        CHECK_FALSE(compare(arr, Op::Eq, *parseValue("[b, a]", nullptr), &why));
        CHECK(compare(arr, Op::Contains, *parseValue("b", nullptr), &why));
        CHECK_FALSE(compare(arr, Op::Contains, *parseValue("c", nullptr), &why));
        CHECK(compare(R::bulk("hello world"), Op::Contains, *parseValue("lo w", nullptr), &why));
        CHECK(compare(R::bulk("user:42"), Op::Glob, *parseValue("user:*", nullptr), &why));
        CHECK(compare(R::bulk("red"), Op::In, *parseValue("[red, green]", nullptr), &why));
        CHECK_FALSE(compare(R::bulk("blue"), Op::In, *parseValue("[red, green]", nullptr), &why));
        CHECK(compare(R::bulk("b"), Op::Gt, *parseValue("a", nullptr), &why));
        CHECK_FALSE(compare(R::bulk("abc"), Op::Lt, *parseValue("5", nullptr), &why));  // not a number
    }

    TEST_CASE("lesson.check.parse_lines_and_refusals") {
        const CommandTable table;
        std::vector<CheckProblem> p;
        auto b = parseCheckBlock(
            "points = 3\n# comment\n\nZSCORE board alice == 100  # alice has 100\n"
            "SISMEMBER tags in == 1\nGET \"a # b\" != nil\n:time +10s\n:client worker\n"
            "LRANGE q 0 -1 contains job:1\nGET color in [red, green]",
            10, table, p);
        CHECK(p.empty());
        CHECK(b.points == 3);
        REQUIRE(b.lines.size() == 7);
        CHECK(b.lines[0].line == 13);
        CHECK(b.lines[0].argv == std::vector<std::string>{"ZSCORE", "board", "alice"});
        CHECK(b.lines[0].message == "alice has 100");
        CHECK(b.lines[1].argv == std::vector<std::string>{"SISMEMBER", "tags", "in"});
        CHECK(b.lines[1].op == Op::Eq);
        CHECK(b.lines[2].argv[1] == "a # b");
        CHECK(b.lines[3].kind == CheckLine::Kind::Time);
        CHECK(b.lines[3].time_us == 10000000);
        CHECK(b.lines[4].client == "worker");
        CHECK(b.lines[5].op == Op::Contains);
        CHECK(b.lines[6].op == Op::In);
        CHECK(b.needsCopy());

        auto problemsOf = [&](std::string_view text) {
            std::vector<CheckProblem> q;
            (void)parseCheckBlock(text, 1, table, q);
            return q;
        };
        CHECK(problemsOf("SET k v == OK")[0].message.find("may change data") != std::string::npos);
        CHECK(problemsOf("BLPOP q 0 == nil")[0].message.find("may change data") != std::string::npos);
        CHECK(problemsOf("PUBLISH c m == 0")[0].message.find("may change data") != std::string::npos);
        CHECK(problemsOf("CONFIG SET maxmemory 1 == OK")[0].message.find("may change data") != std::string::npos);
        CHECK(problemsOf("EVAL \"return 1\" 0 == 1")[0].message.find("may change data") != std::string::npos);
        CHECK(problemsOf("NOSUCH k == 1")[0].message.find("unknown command") != std::string::npos);
        CHECK(problemsOf("GET k")[0].message.find("no operator") != std::string::npos);
        CHECK(problemsOf("GET k ==")[0].message.find("nothing after") != std::string::npos);
        CHECK(problemsOf("GET k in red")[0].message.find("needs a list") != std::string::npos);
        CHECK(problemsOf(":time soon")[0].message.find(":time") != std::string::npos);
        CHECK(problemsOf("points = -1\nGET k == 1")[0].message.find("points") != std::string::npos);
        CHECK(problemsOf("# only a comment")[0].message.find("at least one assertion") != std::string::npos);
        // Reads that carry no readonly flag but only look are allowed.
        CHECK(problemsOf("CONFIG GET maxmemory == [maxmemory, 0]").empty());
        CHECK(problemsOf("PFCOUNT h == 3").empty());
        CHECK(problemsOf("INFO stats ~ *evicted_keys:0*").empty());
        CHECK(problemsOf("ACL DRYRUN app GET k == OK").empty());
    }
}

TEST_SUITE("lesson.validate") {
    TEST_CASE("lesson.validate.shipped_lessons") {
        // Every lesson in lessons/ is sound (CI also runs `redsim check lessons/`).
        std::vector<Diagnostic> d;
        const size_t n = validatePaths({std::string(REDSIM_SOURCE_DIR) + "/lessons"}, d);
        for (const auto& x : d) MESSAGE(x.str());
        CHECK(n >= 7);
        CHECK(d.empty());
    }

    TEST_CASE("lesson.validate.finds_rotten_replies_and_weak_checks") {
        std::string text = replace(goodLesson(), "redis> GET k\n\"v\"", "redis> GET k\n\"w\"");
        text = replace(text, "EXISTS k == 1", "EXISTS k >= 0");
        std::vector<Diagnostic> d;
        auto l = parseLesson(text, "t.md", d);
        REQUIRE(l);
        REQUIRE(d.empty());
        validateLesson(*l, d);
        CHECK(hasDiag(d, 34, "differs from the one written"));
        // GET k == v still fails on an empty engine, so the block is fine…
        CHECK_FALSE(hasDiag(d, 38, "empty submission"));
        // …but a block of only always-true checks is not.
        text = replace(text, "GET k == v   # k should hold v\n", "");
        d.clear();
        l = parseLesson(text, "t.md", d);
        validateLesson(*l, d);
        CHECK(hasDiag(d, 38, "passes against an empty submission"));
        // A check the example solution does not satisfy.
        text = replace(goodLesson(), "GET k == v", "GET k == w");
        d.clear();
        l = parseLesson(text, "t.md", d);
        validateLesson(*l, d);
        CHECK(hasDiag(d, 40, "fails against the lesson's own solution"));
        // A config the engine refuses, and a setup line that fails.
        text = replace(goodLesson(), "setup = [\"SET motd hello\"]", "setup = [\"SET motd hello\", \"LPUSH motd x\"]");
        text = replace(text, "maxmemory-policy = \"allkeys-lru\"", "maxmemory-policy = \"sometimes\", dir = \"/\"");
        d.clear();
        l = parseLesson(text, "t.md", d);
        validateLesson(*l, d);
        CHECK(hasDiag(d, 1, "maxmemory-policy"));
        CHECK(hasDiag(d, 1, "setup: LPUSH motd x: (error) WRONGTYPE"));
        CHECK(hasDiag(d, 1, "dir cannot be set"));
    }
}
