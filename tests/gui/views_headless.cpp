// Every view of redsim-gui drawn without a window: Dear ImGui runs headless (a display
// size, a built font atlas, no renderer), so this needs no X server. Each view is drawn
// for many frames against every kind of value — every type and encoding, empty and big
// values, binary and huge keys, a key deleted or replaced between frames, a key of the
// wrong type forced on a view — and against odd engine states. Nothing may crash or trip
// ImGui's own assertions (unbalanced Begin/End, ID stack), and a frame must end cleanly.
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gui/draw.h"
#include "gui/model/lesson_model.h"
#include "gui/model/state.h"
#include "gui/model/theme.h"
#include "gui/view.h"
#include "gui/views/views.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"

namespace gui = redsim::gui;

namespace {

// A headless ImGui context for the lifetime of a test.
struct HeadlessImGui {
    HeadlessImGui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        gui::applyTheme(gui::loadTheme("dark"), 1.0f);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
};

// Draws `view` alone for `frames` frames, as App::drawAlone does, letting time pass.
void drawFrames(gui::GuiState& s, gui::View& view, int frames, double& t, gui::LessonModel* lesson = nullptr) {
    const gui::Theme theme = gui::loadTheme("dark");
    for (int i = 0; i < frames; ++i) {
        t += 1.0 / 60;
        s.frame(16'667);
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(1280, 800));
        ImGui::Begin("##alone", nullptr, ImGuiWindowFlags_NoDecoration);
        gui::Frame f{s, theme, t, 1.0 / 60, 1.0f, lesson};
        view.drawContent(f);
        ImGui::End();
        ImGui::Render();
    }
}

// Keys of every type and encoding, plus awkward ones.
std::vector<std::string> setupLines() {
    return {
        "SET str:int 12345",
        "SET str:embstr hello",
        "SET str:raw " + std::string(300, 'r'),
        "SETBIT bits 1000 1",
        "PFADD hll:sparse a b c",
        "EVAL \"for i=1,3000 do redis.call('PFADD','hll:dense','e'..i) end\" 0",
        "RPUSH list:small a b c",
        "EVAL \"for i=1,3000 do redis.call('RPUSH','list:big',string.rep('x',i%50)) end\" 0",
        "HSET hash:small f v",
        "EVAL \"for i=1,2000 do redis.call('HSET','hash:big','f'..i,i) end\" 0",
        "SADD set:ints 1 2 3",
        "SADD set:strs a b c",
        "EVAL \"for i=1,2000 do redis.call('SADD','set:big','m'..i) end\" 0",
        "ZADD zset:small 1 a 2 b",
        "EVAL \"for i=1,5000 do redis.call('ZADD','zset:big',i,'p'..i) end\" 0",
        "GEOADD geo 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 2.35 48.85 Paris",
        "GEOSEARCH geo FROMLONLAT 15 37 BYRADIUS 200 km ASC",
        "XADD stream * a 1",
        "XADD stream * b 2",
        "XGROUP CREATE stream g 0",
        "XREADGROUP GROUP g c1 COUNT 1 STREAMS stream >",
        "XADD stream:empty MAXLEN 0 * x 1",
        "SET \"bin\\x00\\xff##key\" v",
        "SET \"\" empty-name",
        "ZADD zset:inf -inf lo +inf hi 0 zero",
        "ZSCORE zset:big p4000",
        "ZRANK zset:big p17",
        "ZRANGEBYSCORE zset:big (100 +inf LIMIT 0 1",
        "HSET hash:rehash f0 v",
        "CONFIG SET notify-keyspace-events KEA",
        ":client sub",
        "PSUBSCRIBE *",
        ":client main",
        "PUBLISH chan hello",
        "CONFIG SET maxmemory-policy allkeys-lru",
    };
}

}  // namespace

TEST_SUITE("gui.views") {
    TEST_CASE("gui.views.lesson_view_names_are_the_gui_s") {
        // A lesson's `view` is checked against lesson::guiViewNames(), which cannot see the
        // GUI; this keeps that list and the GUI's views the same.
        std::vector<std::string> gui_names, lesson_names;
        for (const auto& v : redsim::gui::makeViews()) gui_names.emplace_back(v->name());
        for (auto n : redsim::lesson::guiViewNames()) lesson_names.emplace_back(n);
        std::sort(gui_names.begin(), gui_names.end());
        std::sort(lesson_names.begin(), lesson_names.end());
        CHECK(gui_names == lesson_names);
    }

    TEST_CASE("gui.views.every_view_draws_every_value_without_a_window") {
        HeadlessImGui imgui;
        gui::GuiState s({.seed = 7, .virtual_clock = true});
        for (const auto& line : setupLines()) s.runLine(s.currentTab(), line);
        std::vector<std::string> keys;
        for (const char* k :
             {"str:int",  "str:embstr", "str:raw",  "bits",         "hll:sparse", "hll:dense", "list:small",
              "list:big", "hash:small", "hash:big", "set:ints",     "set:strs",   "set:big",   "zset:small",
              "zset:big", "geo",        "stream",   "stream:empty", "zset:inf",   "",          "no-such-key"})
            keys.emplace_back(k);
        keys.push_back(std::string("bin\0\xff##key", 10));
        auto views = gui::makeViews();
        REQUIRE(views.size() >= 2);
        double t = 0;
        for (auto& v : views) {
            CAPTURE(std::string(v->name()));
            for (const auto& k : keys) {
                CAPTURE(k);
                s.selected_key = k;
                drawFrames(s, *v, 3, t);
            }
            // The selected key changes under the view: deleted, replaced by another
            // type, grown past its encoding, while frames keep coming.
            s.selected_key = "morph";
            for (const char* line : {"ZADD morph 1 a", "DEL morph", "SET morph x", "DEL morph", "RPUSH morph a",
                                     "CONFIG SET zset-max-listpack-entries 1", "DEL morph", "ZADD morph 1 a 2 b 3 c",
                                     "CONFIG SET zset-max-listpack-entries 128", "FLUSHALL"}) {
                s.runLine(s.currentTab(), line);
                drawFrames(s, *v, 2, t);
            }
            for (const auto& line : setupLines()) s.runLine(s.currentTab(), line);
        }
        CHECK(ImGui::GetCurrentContext() != nullptr);
    }

    TEST_CASE("gui.views.garbage_in_the_console_is_answered_not_fatal") {
        HeadlessImGui imgui;
        gui::GuiState s({.seed = 3, .virtual_clock = true});
        const std::vector<std::string> garbage{std::string("\x00\x01\x02", 3),
                                               std::string(100000, 'A'),
                                               "\"unbalanced",
                                               "SET",
                                               "NOSUCHCOMMAND a b",
                                               "ZADD z nan a",
                                               ":time -5s",
                                               ":client",
                                               "SUBSCRIBE",
                                               "EVAL \"error('x')\" 0",
                                               "DEBUG SEGFAULT",
                                               "MULTI",
                                               "BLPOP never 1",
                                               "EXEC",
                                               "99999999999999999999 PING"};
        for (const auto& g : garbage) s.runLine(s.currentTab(), g);
        auto views = gui::makeViews();
        double t = 0;
        for (auto& v : views) drawFrames(s, *v, 2, t);
        CHECK(!s.tabs()[0].lines.empty());
    }

    TEST_CASE("gui.views.lesson_pane_draws_every_page_of_every_lesson") {
        HeadlessImGui imgui;
        redsim::lesson::addLessonMetaCommands();
        auto pane = gui::makeLessonView();
        double t = 0;
        {
            // No lesson: the pane says how to start one.
            gui::GuiState s({.seed = 1, .virtual_clock = true});
            drawFrames(s, *pane, 2, t);
        }
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::directory_iterator(std::string(REDSIM_SOURCE_DIR) + "/lessons"))
            if (e.path().extension() == ".md" && e.path().filename() != "README.md") files.push_back(e.path().string());
        REQUIRE(files.size() >= 7);
        for (const auto& file : files) {
            CAPTURE(file);
            std::vector<redsim::lesson::Diagnostic> diags;
            auto les = redsim::lesson::loadLesson(file, diags);
            REQUIRE(les);
            const std::string dir = redsim::lesson::makeLessonDir();
            std::vector<std::string> problems;
            auto s = gui::GuiState::withEngine(redsim::lesson::lessonEngineOptions(*les, dir, std::nullopt, problems));
            {
                gui::LessonModel m(*s, *les, {.resume = false, .autosave = false});
                for (size_t i = 0; i < les->pages.size(); ++i) {
                    CAPTURE(i);
                    REQUIRE(m.go(i));
                    drawFrames(*s, *pane, 2, t, &m);
                    // The examples typed, every hint shown, a check: drawn again.
                    for (size_t x = 0; x < les->pages[i].examples.size(); ++x) m.runExample(x);
                    while (m.revealHint()) {
                    }
                    m.check();
                    drawFrames(*s, *pane, 2, t, &m);
                }
                for (const char* line : {":step 0", ":step x", ":submit", ":run", ":hint", ":check", ":prev", ":lesson",
                                         ":progress", ":crash kill9", ":next"})
                    s->runLine(s->currentTab(), line);
                drawFrames(*s, *pane, 2, t, &m);
            }
            s.reset();
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    }

    TEST_CASE("gui.views.lesson_pane_draws_garbage") {
        HeadlessImGui imgui;
        redsim::lesson::addLessonMetaCommands();
        std::string text =
            "+++\nid = \"garbage\"\ntitle = \"G\\u0000\\u001b[2J\"\nlevel = \"beginner\"\nminutes = 1\n+++\n"
            "# \xff\xfe bad bytes\n\n## Goal\n\n";
        for (int i = 0; i < 40; ++i)
            text += std::string(static_cast<size_t>(i % 8), '>') + " - * " + std::to_string(i) + "\n";
        text += "\n| a | b |\n|---|---|\n| `x` | **y** |\n| only one |\n\n" + std::string(5000, 'w') +
                "\n\n```redis\nno prompt here\nredis> \nredis> PING\n```\n\n## A step\n\n```check\n"
                "GET nothing == nil\nNOSUCH x == 1\n```\n\n> Hint: \x01\x02 `` ` ``\n\n## Gotchas\n\n~~x~~ "
                "[l](http://x) ![i](y)\n";
        std::vector<redsim::lesson::Diagnostic> diags;
        auto les = redsim::lesson::parseLesson(text, "garbage.md", diags);
        REQUIRE(les);
        REQUIRE_FALSE(les->pages.empty());
        const std::string dir = redsim::lesson::makeLessonDir();
        std::vector<std::string> problems;
        auto s = gui::GuiState::withEngine(redsim::lesson::lessonEngineOptions(*les, dir, std::nullopt, problems));
        auto pane = gui::makeLessonView();
        double t = 0;
        {
            gui::LessonModel m(*s, *les, {.resume = false, .autosave = false});
            for (size_t i = 0; i < les->pages.size(); ++i) {
                m.go(i);
                while (m.revealHint()) {
                }
                m.runExample(0);
                drawFrames(*s, *pane, 3, t, &m);
            }
        }
        s.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
}
