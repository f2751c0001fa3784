// The GUI's models without a window: GuiState (console tabs, recorders, selection), the
// key browser's tree and incremental walk, console completion and history, themes.
#include "gui/model/state.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "gui/model/console.h"
#include "gui/model/keytree.h"
#include "gui/model/theme.h"
#include "gui/model/theme_data.h"

using redsim::ObjType;
namespace gui = redsim::gui;
namespace inspect = redsim::inspect;

namespace {

gui::GuiOptions opts() { return {.seed = 1, .virtual_clock = true}; }

std::vector<std::string> texts(const gui::ConsoleTab& t) {
    std::vector<std::string> out;
    for (const auto& l : t.lines) out.push_back(l.text);
    return out;
}

// Names of the rows as the browser lists them ("user:" for folders), indented by depth.
std::vector<std::string> rowNames(const gui::KeyTree& t, const std::set<std::string>& expanded) {
    std::vector<std::string> out;
    for (const auto& r : t.rows(expanded)) {
        const std::string name = r.folder ? t.folders()[r.index].prefix : t.keys()[r.index].key;
        out.push_back(std::string(static_cast<size_t>(r.depth) * 2, ' ') + name);
    }
    return out;
}

}  // namespace

TEST_SUITE("gui.state") {
    TEST_CASE("gui.state.console_lines_are_typed_as_redis_cli_prints_them") {
        gui::GuiState s(opts());
        s.runLine(0, "SET k v");
        s.runLine(0, "INCR k");
        s.runLine(0, "GET k");
        const auto& lines = s.tabs()[0].lines;
        REQUIRE(texts(s.tabs()[0]) == std::vector<std::string>{"redsim> SET k v", "OK", "redsim> INCR k",
                                                               "(error) ERR value is not an integer or out of range",
                                                               "redsim> GET k", "\"v\""});
        CHECK(lines[0].kind == gui::ConsoleLine::Kind::Input);
        CHECK(lines[1].kind == gui::ConsoleLine::Kind::Output);
        CHECK(lines[3].kind == gui::ConsoleLine::Kind::Error);
        CHECK(s.tabs()[0].history == std::vector<std::string>{"SET k v", "INCR k", "GET k"});
        // Every command is recorded for the views, the repeat count stripped.
        s.runLine(0, "3 INCR n");
        REQUIRE(!s.commands().empty());
        CHECK(s.commands().back().argv == std::vector<std::string>{"INCR", "n"});
        CHECK(s.commands().back().client == "main");
    }

    TEST_CASE("gui.state.client_tabs_get_their_own_messages") {
        gui::GuiState s(opts());
        s.runLine(0, ":client alice");
        REQUIRE(s.tabs().size() == 2);
        CHECK(s.currentTab() == 1);
        CHECK(s.tabs()[1].client == "alice");
        s.runLine(1, "SUBSCRIBE news");
        s.setCurrentTab(0);
        s.runLine(0, "PUBLISH news hello");
        // main got the receiver count; alice's tab got the message as a push.
        CHECK(texts(s.tabs()[0]).back() == "(integer) 1");
        const auto alice = texts(s.tabs()[1]);
        REQUIRE(alice.size() >= 3);
        CHECK(alice[alice.size() - 3] == "1) \"message\"");
        CHECK(alice.back() == "3) \"hello\"");
        CHECK(s.tabs()[1].lines.back().kind == gui::ConsoleLine::Kind::Push);
        CHECK(s.tabs()[1].unread == 3);
        s.setCurrentTab(1);
        CHECK(s.tabs()[1].unread == 0);
    }

    TEST_CASE("gui.state.run_command_quotes_what_needs_quoting") {
        gui::GuiState s(opts());
        const std::vector<std::string> argv{"SET", "a key", "say \"hi\""};
        s.runCommand(argv);
        CHECK(texts(s.tabs()[0]).front() == "redsim> SET \"a key\" \"say \\\"hi\\\"\"");
        CHECK(s.commands().back().argv == argv);
        s.runLine(0, "GET \"a key\"");
        CHECK(texts(s.tabs()[0]).back() == "\"say \\\"hi\\\"\"");
    }

    TEST_CASE("gui.state.virtual_time_moves_only_while_playing") {
        gui::GuiState s(opts());
        const int64_t t0 = s.engine().clock().nowMs();
        s.frame(100'000);
        CHECK(s.engine().clock().nowMs() == t0 + 100);
        s.speed = 10;
        s.frame(100'000);
        CHECK(s.engine().clock().nowMs() == t0 + 1100);
        s.playing = false;
        s.frame(100'000);
        CHECK(s.engine().clock().nowMs() == t0 + 1100);
        s.step();  // one tick at hz 10
        CHECK(s.engine().clock().nowMs() == t0 + 1200);
        // A key with a TTL expires as time plays.
        s.runLine(0, "SET k v PX 500");
        s.playing = true;
        s.speed = 1;
        for (int i = 0; i < 10; ++i) s.frame(100'000);
        CHECK(s.engine().db(0).size() == 0);
    }

    TEST_CASE("gui.state.samples_and_ops_per_second") {
        gui::GuiState s(opts());
        for (int i = 0; i < 50; ++i) s.runLine(0, "INCR c");
        for (int i = 0; i < 11; ++i) s.frame(100'000);
        REQUIRE(s.samples().size() >= 2);
        CHECK(s.samples().back().keys == 1);
        CHECK(s.samples().back().used_memory > 800'000);
        // 50 commands within the last second of engine time, plus none since.
        CHECK(s.opsPerSecond() >= 0);
    }

    TEST_CASE("gui.state.evictions_are_recorded") {
        gui::GuiState s(opts());
        s.runLine(0, "CONFIG SET maxmemory-policy allkeys-lru");
        s.runLine(0, "CONFIG SET maxmemory 1mb");
        for (int i = 0; i < 40; ++i) s.runLine(0, "SET fill:" + std::to_string(i) + " " + std::string(5000, 'x'));
        REQUIRE(!s.evictions().empty());
        const auto& ev = s.evictions().back();
        CHECK(ev.policy == "allkeys-lru");
        CHECK(ev.key.rfind("fill:", 0) == 0);
        CHECK(!ev.pool.empty());
    }

    TEST_CASE("gui.state.the_selection_follows_the_console") {
        gui::GuiState s(opts());
        s.runLine(0, "ZADD board 1 a");
        CHECK(s.selected_key == "board");
        s.runLine(0, "CONFIG SET maxmemory 0");  // no key: the selection stays
        CHECK(s.selected_key == "board");
        s.runLine(0, "OBJECT ENCODING board");  // a container's subcommand
        CHECK(s.selected_key == "board");
        s.runLine(0, "RPUSH q x");
        CHECK(s.selected_key == "q");
        s.runLine(0, "GET missing");  // a key that does not exist is not selected
        CHECK(s.selected_key == "q");
        s.runLine(0, "OBJECT ENCODING board");
        CHECK(s.selected_key == "board");
        s.follow_console = false;
        s.runLine(0, "RPUSH q y");
        CHECK(s.selected_key == "board");
    }

    TEST_CASE("gui.state.selected_snapshot_follows_changes") {
        gui::GuiState s(opts());
        s.runLine(0, "RPUSH l a b");
        s.selected_key = "l";
        REQUIRE(s.selected());
        CHECK(s.selected()->length == 2);
        s.runLine(0, "RPUSH l c");
        CHECK(s.selected()->length == 3);
        s.runLine(0, "DEL l");
        CHECK(!s.selected());
        s.selected_key = "";
        CHECK(!s.selected());
    }
}

TEST_SUITE("gui.keytree") {
    TEST_CASE("gui.keytree.namespaces_become_folders") {
        gui::KeyTree t;
        for (const char* k : {"user:2:name", "plain", "user:1:name", "user:1:mail", "user:", "a:b"})
            t.add({k, ObjType::String, -1});
        t.finish();
        CHECK(t.root().keys == 6);
        CHECK(rowNames(t, {}) == std::vector<std::string>{"a:", "user:", "plain"});
        CHECK(rowNames(t, {"user:"}) ==
              std::vector<std::string>{"a:", "user:", "  user:1:", "  user:2:", "  user:", "plain"});
        CHECK(rowNames(t, {"user:", "user:1:", "a:"}) ==
              std::vector<std::string>{"a:", "  a:b", "user:", "  user:1:", "    user:1:mail", "    user:1:name",
                                       "  user:2:", "  user:", "plain"});
        CHECK(t.folders()[t.rows({})[1].index].keys == 4);
    }

    TEST_CASE("gui.keytree.a_key_of_many_delimiters") {
        gui::KeyTree t;
        t.add({std::string(100000, ':'), ObjType::String, -1});
        t.finish();
        CHECK(t.rows({}).size() == 1);
        CHECK(t.folders().size() == 100001);
    }

    TEST_CASE("gui.keytree.filter") {
        gui::KeyFilter f;
        CHECK(f.matches({"x", ObjType::List, -1}));
        f.pattern = "user:*";
        CHECK(f.matches({"user:1", ObjType::String, -1}));
        CHECK(!f.matches({"session:1", ObjType::String, -1}));
        f.type = ObjType::Hash;
        CHECK(!f.matches({"user:1", ObjType::String, -1}));
        CHECK(f.matches({"user:1", ObjType::Hash, -1}));
    }

    TEST_CASE("gui.keytree.the_walk_is_incremental_and_complete") {
        gui::GuiState s(opts());
        s.runLine(0, "EVAL \"for i=1,25000 do redis.call('SET','k:'..(i%7)..':'..i,i) end\" 0");
        s.runLine(0, "HSET h f v");
        gui::KeyBrowserModel m;
        const gui::KeyFilter all;
        m.update(s.engine(), 0, 1, all, 10000);
        CHECK(m.walking());
        CHECK(m.tree().size() == 0);  // the old (empty) tree stays until the walk ends
        int steps = 1;
        while (m.walking()) {
            m.update(s.engine(), 0, 1, all, 10000);
            ++steps;
        }
        CHECK(steps >= 3);
        CHECK(m.tree().size() == 25001);
        CHECK(m.tree().rows({}).size() == 2);      // k: and h
        CHECK(m.tree().rows({"k:"}).size() == 9);  // k:, k:0: … k:6:, h
        // Nothing changed: no new walk.
        const auto gen = m.generation();
        m.update(s.engine(), 0, 1, all, 10000);
        CHECK(!m.walking());
        CHECK(m.generation() == gen);
        // A type filter restarts at once.
        gui::KeyFilter hashes;
        hashes.type = ObjType::Hash;
        while (m.generation() == gen || m.walking()) m.update(s.engine(), 0, 1, hashes, 10000);
        CHECK(m.tree().size() == 1);
    }
}

TEST_SUITE("gui.console") {
    TEST_CASE("gui.console.tab_completes_from_the_grammar_and_keys") {
        gui::GuiState s(opts());
        s.runLine(0, "SET user:1 x");
        s.runLine(0, "SET user:2 x");
        auto lister = [&s](std::string_view p) { return s.session().keysWithPrefix(p); };
        const auto& table = s.session().commands();
        auto z = gui::completeLine(table, "ZRANGEB", lister);
        CHECK(z.line == "ZRANGEBY");
        CHECK(z.candidates == std::vector<std::string>{"ZRANGEBYLEX", "ZRANGEBYSCORE"});
        CHECK(gui::completeLine(table, "zrangebys", lister).line == "zrangebyscore ");
        auto c = gui::completeLine(table, "GET us", lister);
        CHECK(c.line == "GET user:");
        CHECK(c.candidates == std::vector<std::string>{"user:1", "user:2"});
        CHECK(gui::completeLine(table, "NOSUCHCMD", lister).line == "NOSUCHCMD");
    }

    TEST_CASE("gui.console.history_walks_like_a_shell") {
        const std::vector<std::string> h{"a", "b", "c"};
        gui::HistoryCursor cur;
        CHECK(cur.move(h, "draft", false) == "draft");
        CHECK(cur.move(h, "draft", true) == "c");
        CHECK(cur.move(h, "c", true) == "b");
        CHECK(cur.move(h, "b", true) == "a");
        CHECK(cur.move(h, "a", true) == "a");
        CHECK(cur.move(h, "a", false) == "b");
        CHECK(cur.move(h, "b", false) == "c");
        CHECK(cur.move(h, "c", false) == "draft");
        cur.reset();
        CHECK(cur.move({}, "x", true) == "x");
    }
}

TEST_SUITE("gui.theme") {
    TEST_CASE("gui.theme.shipped_themes_parse") {
        for (const auto& e : gui::embeddedThemes()) {
            std::string err;
            CAPTURE(e.name);
            auto t = gui::parseTheme(e.name, e.text, &err);
            CHECK(err == "");
            REQUIRE(t);
        }
        CHECK(gui::themeNames() == std::vector<std::string>{"dark", "light"});
        CHECK(gui::loadTheme("light").dark == false);
        CHECK(gui::loadTheme("nonesuch").name == "dark");
    }

    TEST_CASE("gui.theme.errors_name_the_line") {
        std::string err;
        CHECK(!gui::parseTheme("x", "base = dark\ntext = #12345\n", &err));
        CHECK(err == "line 2: '#12345' is not #RRGGBB or #RRGGBBAA");
        CHECK(!gui::parseTheme("x", "base = dark\nbogus = #123456\n", &err));
        CHECK(err == "line 2: unknown colour 'bogus'");
        CHECK(!gui::parseTheme("x", "text = #123456\n", &err));
        CHECK(err.find("missing `base") != std::string::npos);
        CHECK(!gui::parseTheme("x", "base = dark\n", &err));
        CHECK(err.find("missing colour") != std::string::npos);
    }

    TEST_CASE("gui.theme.mix_and_heat") {
        const gui::Rgba a{0, 0, 0, 1}, b{1, 1, 1, 1};
        CHECK(gui::mix(a, b, 0.5).r == doctest::Approx(0.5));
        CHECK(gui::mix(a, b, -3) == a);
        CHECK(gui::mix(a, b, 7) == b);
    }
}
