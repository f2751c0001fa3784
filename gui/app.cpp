#include "gui/app.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <span>

#include "engine/inspect/keyspace.h"
#include "engine/persist/rdb_load.h"
#include "gui/draw.h"
#include "gui/views/views.h"
#include "lesson/runner.h"
#include "server/log.h"
#include "server/server.h"

namespace redsim::gui {

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf";
constexpr float kFontSize = 15.0f;
constexpr std::chrono::microseconds kFramePeriod{16'667};  // 60 frames a second
// Unicode ranges (pairs, then 0) added to the fonts: General Punctuation, Arrows and
// Mathematical Operators, Box Drawing and Geometric Shapes, Symbols and Dingbats.
constexpr ImWchar kSymbolGlyphs[] = {0x2000, 0x206F, 0x2190, 0x22FF, 0x2500, 0x25FF, 0x2600, 0x27BF, 0};

void glfwError(int code, const char* what) { std::fprintf(stderr, "redsim-gui: GLFW error %d: %s\n", code, what); }

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

std::string clockText(int64_t ms, bool virtual_clock) {
    char buf[64];
    if (virtual_clock) {
        // Virtual time is shown from the clock's fixed start, as elapsed time.
        std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(ms / 1000),
                      static_cast<long long>(ms % 1000));
        return buf;
    }
    const time_t s = static_cast<time_t>(ms / 1000);
    tm t{};
    gmtime_r(&s, &t);
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d UTC", t.tm_hour, t.tm_min, t.tm_sec);
    return buf;
}

}  // namespace

App::App(AppOptions opts) : opts_(std::move(opts)) {
    if (!opts_.lesson.empty()) {
        // A lesson with problems is not started: its checks could not be trusted.
        std::vector<lesson::Diagnostic> diags;
        lesson_ = lesson::loadLesson(opts_.lesson, diags);
        for (const auto& d : diags) lesson_errors_ += d.str() + "\n";
        if (!lesson_ || !diags.empty()) {
            lesson_.reset();
            if (lesson_errors_.empty()) lesson_errors_ = opts_.lesson + ": cannot be read as a lesson\n";
        }
        lesson::addLessonMetaCommands();
    }
    startEngine(!opts_.no_save);
    theme_ = loadTheme(opts_.theme);
}

App::~App() {
    shutdown();
    lesson_model_.reset();
    state_.reset();  // closes the AOF before its directory goes
    if (!lesson_dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(lesson_dir_, ec);
    }
}

// The engine (and the views, whose caches are keyed on it). With a lesson, the engine is
// the lesson's (seed, clock, config, a data directory of its own) and the lesson pane's
// model runs its setup and resumes saved progress (`resume`).
void App::startEngine(bool resume) {
    views_ = makeViews();
    if (!lesson_) {
        state_ = std::make_unique<GuiState>(GuiOptions{.seed = opts_.seed, .virtual_clock = opts_.virtual_clock});
        return;
    }
    lesson_dir_ = lesson::makeLessonDir();
    std::vector<std::string> problems;
    EngineOptions eo = lesson::lessonEngineOptions(*lesson_, lesson_dir_, std::nullopt, problems);
    state_ = GuiState::withEngine(std::move(eo));
    for (const auto& p : problems)
        state_->tabs()[0].lines.push_back({ConsoleLine::Kind::Error, lesson_->file + ": " + p});
    lesson_model_ = std::make_unique<LessonModel>(*state_, *lesson_,
                                                  LessonModelOptions{.resume = resume, .autosave = !opts_.no_save});
    if (!lesson_view_) lesson_view_ = makeLessonView();
}

// "Restart lesson": saved progress is forgotten and the lesson starts again on a new
// engine, as `redsim lesson --restart` would.
void App::restartLesson() {
    if (!opts_.no_save) lesson_model_->guide().restart();
    lesson_model_.reset();
    state_.reset();
    std::error_code ec;
    if (!lesson_dir_.empty()) std::filesystem::remove_all(lesson_dir_, ec);
    startEngine(false);
    openLessonView();
    shown_key_ = state_->selected_key;
}

// The visualiser the lesson names opens in the centre (the keyspace and the console are
// always on screen).
void App::openLessonView() {
    if (!lesson_ || lesson_->meta.view.empty()) return;
    View* v = findView(lesson_->meta.view);
    if (!v || v->name() == "console" || v->name() == "keyspace") return;
    state_->view = lesson_->meta.view;
    pending_view_ = lesson_->meta.view;
    if (state_->selected_key.empty()) selectKeyFor(*v);
}

View* App::findView(std::string_view name) {
    for (auto& v : views_)
        if (v->name() == name) return v.get();
    return nullptr;
}

bool App::init() {
    if (!opts_.lesson.empty() && !lesson_) {
        std::fputs(lesson_errors_.c_str(), stderr);
        return false;
    }
    Engine& engine = state_->engine();
    engine.facts.process_id = getpid();
    if (!opts_.load.empty()) {
        if (auto err = rdbLoadFile(engine, opts_.load)) {
            std::fprintf(stderr, "redsim-gui: can't load the RDB file: %s\n", err->c_str());
            return false;
        }
    }
    if (opts_.serve_port >= 0) {
        if (auto err = engine.config().set(*Config::find("port"), std::to_string(opts_.serve_port))) {
            std::fprintf(stderr, "redsim-gui: %s\n", err->c_str());
            return false;
        }
        log_ = std::make_unique<server::Log>("", engine.cfg().loglevel);
        server_ = std::make_unique<server::Server>(engine, *log_);
        std::string error;
        if (!server_->listen(&error)) {
            std::fprintf(stderr, "redsim-gui: %s\n", error.c_str());
            return false;
        }
        engine.facts.tcp_port = server_->boundPort();
        server_->start();
        // On the real clock the server's timer runs the engine's cron; a virtual clock
        // still moves with the GUI's play button.
        state_->external_ticks = !state_->virtualClock();
        state_->serving = true;
        std::printf("redsim-gui: serving RESP on port %d\n", server_->boundPort());
        std::fflush(stdout);
    }
    if (!runScript()) return false;
    if (!opts_.view.empty()) {
        View* v = findView(opts_.view);
        if (!v) {
            std::string names;
            for (auto& w : views_) names += (names.empty() ? "" : ", ") + std::string(w->name());
            std::fprintf(stderr, "redsim-gui: unknown view '%s' (views: %s)\n", opts_.view.c_str(), names.c_str());
            return false;
        }
        state_->view = opts_.view;
        if (!opts_.key.empty())
            state_->selected_key = opts_.key;
        else
            selectKeyFor(*v);
    } else if (!opts_.key.empty()) {
        state_->selected_key = opts_.key;
    }
    // Otherwise the selection is where the script left it: the console selects the key
    // each command names (GuiState::follow_console).
    shown_key_ = state_->selected_key;  // the first frame honours --view
    pending_view_ = opts_.view;
    if (opts_.view.empty()) {
        openLessonView();
        shown_key_ = state_->selected_key;
    }
    // Screenshot runs say what they show (tests check the key a view picked).
    if (!opts_.screenshot.empty()) {
        std::printf("view: %s\nkey: %s\n", opts_.view.empty() ? "layout" : opts_.view.c_str(),
                    state_->selected_key.c_str());
        if (lesson_model_)
            std::printf("lesson: %s page %zu\n", lesson_->meta.id.c_str(), lesson_model_->guide().pageIndex() + 1);
        std::fflush(stdout);
    }

    glfwSetErrorCallback(glfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "redsim-gui: cannot open a display (is DISPLAY set? under CI use xvfb-run)\n");
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    if (opts_.hidden) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(opts_.width, opts_.height, "redsim-gui", nullptr, nullptr);
    if (!window_) {
        std::fprintf(stderr, "redsim-gui: cannot create an OpenGL 3.0 window\n");
        return false;
    }
    glfwMakeContextCurrent(window_);
    // Screenshots and benchmarks run as fast as they can; a serving window paces itself
    // (run() gives the server the rest of each frame); otherwise vsync paces it.
    glfwSwapInterval(opts_.frames > 0 || server_ ? 0 : 1);
    float xs = 1, ys = 1;
    glfwGetWindowContentScale(window_, &xs, &ys);
    scale_ = std::clamp(std::max(xs, ys), 1.0f, 4.0f);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout comes from code, not from a file in the cwd
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // Latin-1 and the symbols lessons and views write: punctuation (… — ’), arrows,
    // box drawing and shapes (│ ▶), check marks (✓ ✗).
    ImFontGlyphRangesBuilder glyphs;
    glyphs.AddRanges(io.Fonts->GetGlyphRangesDefault());
    glyphs.AddRanges(kSymbolGlyphs);
    glyphs.BuildRanges(&glyph_ranges_);
    if (std::ifstream(kFontPath).good()) {
        io.Fonts->AddFontFromFileTTF(kFontPath, kFontSize * scale_, nullptr, glyph_ranges_.Data);
        // Second: the lesson pane's headings.
        io.Fonts->AddFontFromFileTTF(kFontPath, kFontSize * 1.3f * scale_, nullptr, glyph_ranges_.Data);
    } else {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * scale_;
        io.Fonts->AddFontDefault(&cfg);
    }
    applyTheme(theme_, scale_);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    return true;
}

void App::shutdown() {
    if (server_) {
        server_->finish();
        server_.reset();
    }
    if (window_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window_);
        glfwTerminate();
        window_ = nullptr;
    }
}

// The script is REPL input: each line runs in the console as if typed (`:time +10s`,
// `:client NAME` included). Blank lines and lines starting with '#' are skipped.
bool App::runScript() {
    if (opts_.script.empty()) return true;
    std::ifstream in(opts_.script, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "redsim-gui: can't open the script %s\n", opts_.script.c_str());
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        state_->runLine(state_->currentTab(), line);
    }
    return true;
}

// The key a view opened on its own shows: among the keys the script's commands named,
// newest first, the one the view fits best; else the best of the first keys of the db.
void App::selectKeyFor(View& v) {
    if (!v.keyed()) return;
    GuiState& s = *state_;
    int best = 0;
    std::string best_key;
    auto consider = [&](const std::string& k) {
        if (auto snap = inspect::inspectValue(s.engine(), s.db, k)) {
            const int f = v.fit(*snap);
            if (f > best) {
                best = f;
                best_key = k;
            }
        }
    };
    const auto& cmds = s.commands();
    for (auto it = cmds.rbegin(); it != cmds.rend(); ++it)
        for (size_t i = 1; i < it->argv.size(); ++i) consider(it->argv[i]);
    if (best_key.empty())
        for (const auto& k : inspect::keysWithPrefix(s.engine(), s.db, "", 1000)) consider(k);
    if (!best_key.empty()) s.selected_key = best_key;
}

int App::run() {
    if (!init()) return 1;
    auto last = std::chrono::steady_clock::now();
    while (!glfwWindowShouldClose(window_)) {
        glfwPollEvents();
        double dt;
        if (opts_.frames > 0) {
            dt = 1.0 / 60;  // fixed steps: the same picture every run
        } else {
            const auto now = std::chrono::steady_clock::now();
            dt = std::chrono::duration<double>(now - last).count();
            last = now;
        }
        const auto t0 = std::chrono::steady_clock::now();
        if (server_ && !server_->poll()) glfwSetWindowShouldClose(window_, GLFW_TRUE);
        // `quit` / `exit` in the console, or SHUTDOWN: the app ends as redis-cli and
        // redis-server would.
        if (state_->session().done()) glfwSetWindowShouldClose(window_, GLFW_TRUE);
        frame(dt);
        const auto t1 = std::chrono::steady_clock::now();
        frame_ms_.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        int w = 0, h = 0;
        glfwGetFramebufferSize(window_, &w, &h);
        glViewport(0, 0, w, h);
        const Rgba bg = theme_.background;
        glClearColor(bg.r, bg.g, bg.b, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame_index_;
        if (opts_.frames > 0 && frame_index_ >= opts_.frames) {
            bool ok = true;
            if (!opts_.screenshot.empty()) ok = writeScreenshot();
            glfwSwapBuffers(window_);
            if (opts_.bench) reportBench();
            return ok ? 0 : 1;
        }
        glfwSwapBuffers(window_);
        // Serving: the rest of the frame goes to the RESP clients (the swap does not wait
        // for vsync then), so requests are answered as they arrive, not once a frame.
        if (server_) {
            const auto left = kFramePeriod - (std::chrono::steady_clock::now() - t0);
            if (left.count() > 0 && !server_->runFor(std::chrono::duration_cast<std::chrono::microseconds>(left)))
                glfwSetWindowShouldClose(window_, GLFW_TRUE);
        }
    }
    return 0;
}

// --bench: the CPU time of building each frame.
void App::reportBench() const {
    // Frame 1 builds the font atlas and the first snapshots: reported apart.
    // "steady" is the second half, after the key browser's first walk.
    auto report = [](const char* what, std::span<const double> v) {
        const std::vector<double> all(v.begin(), v.end());
        const double mean =
            all.empty() ? 0 : std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size());
        std::printf("%s: frames=%zu mean_ms=%.3f p50_ms=%.3f p95_ms=%.3f max_ms=%.3f\n", what, all.size(), mean,
                    percentile(all, 0.5), percentile(all, 0.95),
                    all.empty() ? 0.0 : *std::max_element(all.begin(), all.end()));
    };
    if (std::getenv("REDSIM_GUI_BENCH_SLOWEST")) {
        std::vector<size_t> idx(frame_ms_.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return frame_ms_[a] > frame_ms_[b]; });
        for (size_t i = 0; i < std::min<size_t>(8, idx.size()); ++i)
            std::printf("slow frame %zu: %.2f ms\n", idx[i], frame_ms_[idx[i]]);
    }
    std::printf("first_ms=%.2f\n", frame_ms_.empty() ? 0.0 : frame_ms_[0]);
    const std::span<const double> rest(frame_ms_.data() + std::min<size_t>(frame_ms_.size(), 1),
                                       frame_ms_.size() - std::min<size_t>(frame_ms_.size(), 1));
    report("all", rest);
    report("steady", rest.subspan(rest.size() / 2));
}

// Builds one frame's UI (CPU only: what the benchmark times).
void App::frame(double dt_s) {
    // The lesson pane asked to start over (last frame): a new engine before this one.
    if (lesson_model_ && lesson_model_->restart_requested && !server_) restartLesson();
    time_s_ += dt_s;
    state_->frame(static_cast<int64_t>(dt_s * 1e6));
    if (theme_dirty_) {
        applyTheme(theme_, scale_);
        theme_dirty_ = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    Frame f{*state_, theme_, time_s_, dt_s, scale_, lesson_model_.get()};
    View* alone = (!opts_.screenshot.empty() || opts_.bench) && !opts_.view.empty() && !opts_.whole_window
                      ? findView(opts_.view)
                      : nullptr;
    if (alone)
        drawAlone(f, *alone);
    else
        drawLayout(f);
    ImGui::Render();
}

namespace {

// A borderless window covering the whole display.
bool beginFullWindow(const char* name) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    return ImGui::Begin(name, nullptr,
                        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                            ImGuiWindowFlags_NoBringToFrontOnFocus);
}

}  // namespace

void App::drawAlone(Frame& f, View& v) {
    beginFullWindow("##alone");
    ImGui::TextUnformatted(std::string(v.title()).c_str());
    if (v.keyed() && !f.state.selected_key.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", f.state.selected_key.c_str());
    }
    ImGui::Separator();
    ImGui::BeginChild("##view", ImVec2(0, 0), false);
    v.drawContent(f);
    ImGui::EndChild();
    ImGui::End();
}

void App::drawLayout(Frame& f) {
    beginFullWindow("##main");
    drawTopBar(f);
    // With a lesson, its pane is a column on the right, the height of the window; the
    // usual layout fills the rest.
    const bool lesson = lesson_model_ && lesson_view_;
    if (lesson) {
        const float w = ImGui::GetContentRegionAvail().x;
        const float pane_w = std::clamp(w * 0.32f, std::min(w * 0.5f, 360.0f * scale_), 640.0f * scale_);
        ImGui::BeginChild("##work", ImVec2(w - pane_w - ImGui::GetStyle().ItemSpacing.x, 0), false);
    }
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float console_h = std::max(120.0f * scale_, avail_h * 0.32f);
    const float upper_h = avail_h - console_h - ImGui::GetStyle().ItemSpacing.y;
    const float left_w = lesson ? std::max(240.0f * scale_, ImGui::GetContentRegionAvail().x * 0.22f)
                                : std::max(240.0f * scale_, ImGui::GetContentRegionAvail().x * 0.24f);
    if (View* ks = findView("keyspace")) {
        ImGui::BeginChild("##keyspace", ImVec2(left_w, upper_h), true);
        ks->drawContent(f);
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("##centre", ImVec2(0, upper_h), true);
    drawCentre(f);
    ImGui::EndChild();
    if (View* console = findView("console")) {
        ImGui::BeginChild("##console", ImVec2(0, 0), true);
        console->drawContent(f);
        ImGui::EndChild();
    }
    if (lesson) {
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##lesson", ImVec2(0, 0), true);
        lesson_view_->drawContent(f);
        ImGui::EndChild();
    }
    ImGui::End();
}

void App::drawTopBar(Frame& f) {
    GuiState& s = f.state;
    Engine& e = s.engine();
    const bool virt = s.virtualClock();
    ImGui::AlignTextToFramePadding();
    textColored(theme_.accent, "redsim");
    ImGui::SameLine();
    ImGui::TextDisabled("%s clock", virt ? "virtual" : "real");
    ImGui::SameLine();
    ImGui::TextUnformatted(
        clockText(virt ? e.clock().nowMs() - VirtualClock::kDefaultStartUs / 1000 : e.clock().nowMs(), virt).c_str());
    if (virt) {
        ImGui::SameLine();
        if (ImGui::Button(s.playing ? "Pause" : "Play")) s.playing = !s.playing;
        ImGui::SameLine();
        ImGui::BeginDisabled(s.playing);
        if (ImGui::Button("Step")) s.step();
        ImGui::EndDisabled();
        ImGui::SameLine();
        float speed = static_cast<float>(s.speed);
        ImGui::SetNextItemWidth(110 * scale_);
        if (ImGui::SliderFloat("##speed", &speed, 0.1f, 100.0f, "speed %.1fx", ImGuiSliderFlags_Logarithmic))
            s.speed = speed;
    }
    const Sample& last = s.samples().back();
    ImGui::SameLine(0, 24 * scale_);
    if (last.maxmemory > 0) {
        const float frac = static_cast<float>(
            std::min(1.0, static_cast<double>(last.used_memory) / static_cast<double>(last.maxmemory)));
        const std::string label = humanBytes(last.used_memory) + " / " + humanBytes(last.maxmemory);
        ImGui::SetNextItemWidth(180 * scale_);
        ImGui::ProgressBar(frac, ImVec2(180 * scale_, 0), label.c_str());
    } else {
        ImGui::Text("memory %s", humanBytes(last.used_memory).c_str());
    }
    ImGui::SameLine(0, 24 * scale_);
    ImGui::Text("%.0f ops/s", s.opsPerSecond());
    ImGui::SameLine(0, 24 * scale_);
    ImGui::Text("db%d: %zu keys", s.db, last.keys);
    if (server_) {
        ImGui::SameLine(0, 24 * scale_);
        ImGui::Text("serving :%d, %zu clients", server_->boundPort(), e.clients().size() - s.tabs().size());
    }
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 130 * scale_);
    ImGui::SetNextItemWidth(120 * scale_);
    if (ImGui::BeginCombo("##theme", theme_.name.c_str())) {
        for (const auto& n : themeNames())
            if (ImGui::Selectable(n.c_str(), n == theme_.name)) {
                theme_ = loadTheme(n);
                theme_dirty_ = true;
            }
        ImGui::EndCombo();
    }
    ImGui::Separator();
}

// The centre: a tab per visualiser. Keyed views appear when they can show the selected
// key; the first such (best fit) is chosen when no view was picked.
void App::drawCentre(Frame& f) {
    GuiState& s = f.state;
    const auto& snap = s.selected();
    auto bestFor = [this](const inspect::ValueSnapshot& v) -> View* {
        View* best = nullptr;
        int score = 0;
        for (auto& w : views_)
            if (w->keyed() && w->fit(v) > score) {
                score = w->fit(v);
                best = w.get();
            }
        return best;
    };
    // A newly selected key (a click, or a console command naming it) opens in its best
    // view; so does a key the open view cannot draw. Otherwise the learner's tab stays.
    // The switch is asked of the tab bar until it happens (ImGui selects a tab a frame
    // after it is asked, and a tab may appear in the same frame).
    const bool new_key = s.selected_key != shown_key_;
    shown_key_ = s.selected_key;
    const View* current = s.view.empty() ? nullptr : findView(s.view);
    const bool current_unfit = current && current->keyed() && (!snap || current->fit(*snap) == 0);
    if (snap && (new_key || current_unfit || !current))
        if (const View* best = bestFor(*snap)) pending_view_ = std::string(best->name());
    if (!ImGui::BeginTabBar("##views")) return;
    for (auto& v : views_) {
        if (v->name() == "console" || v->name() == "keyspace") continue;
        if (v->keyed() && (!snap || v->fit(*snap) == 0)) continue;
        const std::string name(v->name());
        const bool force = pending_view_ == name;
        const std::string label = std::string(v->title()) + "###" + name;
        if (ImGui::BeginTabItem(label.c_str(), nullptr, force ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (pending_view_.empty() || force) {
                s.view = name;
                pending_view_.clear();
            }
            ImGui::BeginChild("##viewbody", ImVec2(0, 0), false);
            v->drawContent(f);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

bool App::writeScreenshot() {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    std::vector<unsigned char> pixels(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(opts_.screenshot.c_str(), w, h, 4, pixels.data(), w * 4)) {
        std::fprintf(stderr, "redsim-gui: can't write %s\n", opts_.screenshot.c_str());
        return false;
    }
    return true;
}

}  // namespace redsim::gui
