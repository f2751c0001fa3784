// App: redsim-gui's one window. Owns the GuiState (and through it the engine), every
// view, the optional RESP server, and the frame loop: poll input and sockets, let time
// pass, lay out the top bar, the keyspace column, the centre's visualiser and the
// console, render, and — in screenshot runs — read the frame back into a PNG.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/lesson_model.h"
#include "gui/model/state.h"
#include "gui/model/theme.h"
#include "gui/view.h"

struct GLFWwindow;

namespace redsim::server {
class Server;
class Log;
}  // namespace redsim::server

namespace redsim::gui {

struct AppOptions {
    uint64_t seed = 0;
    bool virtual_clock = false;
    std::string load;        // an RDB file to load first
    int serve_port = -1;     // >= 0: also listen for RESP clients (0: any free port)
    std::string script;      // REPL lines to run before the first frame
    std::string screenshot;  // write the last frame here and exit
    int frames = 0;          // frames to render before exiting (0: run until closed)
    std::string view;        // the view to open ("skiplist"); alone in screenshot runs
    std::string key;         // the key to select (default: the best fit for the view)
    std::string theme = "dark";
    int width = 1280, height = 800;
    bool bench = false;         // print frame build times (CPU) at the end
    bool whole_window = false;  // screenshots / benchmarks: the whole window, `view` in the centre
    bool hidden = false;        // no visible window (screenshots, benchmarks)
    std::string lesson;         // a lesson file: its engine, and the lesson pane
    bool no_save = false;       // with a lesson: neither resume nor save progress
};

class App {
public:
    explicit App(AppOptions opts);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens the window and runs until it is closed or `frames` frames were drawn.
    // Returns the exit status (1 with a message on stderr when something failed).
    int run();

    GuiState& state() { return *state_; }
    View* findView(std::string_view name);

private:
    bool init();
    void shutdown();
    bool runScript();
    void frame(double dt_s);
    void drawLayout(Frame& f);
    void drawTopBar(Frame& f);
    void drawCentre(Frame& f);
    void drawAlone(Frame& f, View& v);
    void selectKeyFor(View& v);
    bool writeScreenshot();
    void startEngine(bool resume);
    void restartLesson();
    void openLessonView();
    void reportBench() const;

    AppOptions opts_;
    std::optional<lesson::Lesson> lesson_;  // --lesson, as loaded
    std::string lesson_errors_;             // its diagnostics, when it failed to load
    std::string lesson_dir_;                // its engine's data directory (removed at the end)
    std::unique_ptr<GuiState> state_;
    std::unique_ptr<LessonModel> lesson_model_;  // after state_: it holds a reference to it
    std::unique_ptr<View> lesson_view_;
    ImVector<ImWchar> glyph_ranges_;  // the fonts' glyphs: Latin-1, punctuation, arrows, ✓ ✗
    std::vector<std::unique_ptr<View>> views_;
    Theme theme_;
    GLFWwindow* window_ = nullptr;
    float scale_ = 1.0f;
    double time_s_ = 0;
    long frame_index_ = 0;
    std::vector<double> frame_ms_;  // CPU time building each frame (bench)
    std::unique_ptr<server::Log> log_;
    std::unique_ptr<server::Server> server_;
    bool theme_dirty_ = false;
    std::string shown_key_;     // the selected key the centre last showed
    std::string pending_view_;  // a centre tab asked for and not yet selected
};

}  // namespace redsim::gui
