#include "gui/model/lesson_model.h"

#include "lesson/check.h"
#include "lesson/runner.h"

namespace redsim::gui {

namespace {

constexpr std::string_view kPrompt = "redis> ";
constexpr double kTimeRecheckS = 0.25;  // time-only re-evaluations, at most this often

std::vector<SessionLine> sessionLines(std::string_view code) {
    std::vector<SessionLine> out;
    while (!code.empty()) {
        const size_t nl = std::min(code.find('\n'), code.size());
        const std::string_view line = code.substr(0, nl);
        code.remove_prefix(std::min(nl + 1, code.size()));
        if (line.starts_with(kPrompt))
            out.push_back({.command = true, .text = std::string(line.substr(kPrompt.size()))});
        else
            out.push_back({.command = false, .text = std::string(line)});
    }
    while (!out.empty() && !out.back().command && out.back().text.empty()) out.pop_back();
    return out;
}

}  // namespace

std::vector<PaneBlock> layoutMarkdown(std::string_view md) {
    std::vector<PaneBlock> out;
    int example = 0;
    for (auto& b : lesson::parseMarkdown(md)) {
        PaneBlock p;
        p.indent = b.listDepth();
        p.quotes = b.quoteDepth();
        // A tight list's items follow each other without a gap; everything else is
        // separated as paragraphs are.
        p.gap = !out.empty() && !b.tight;
        if (b.kind == lesson::BlockKind::ListItem) p.marker = b.ordered ? std::to_string(b.number) + "." : "•";
        if (b.kind == lesson::BlockKind::Code && b.lang == "redis") {
            p.session = true;
            p.lines = sessionLines(b.code);
            p.example = example++;
        }
        p.block = std::move(b);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<PlacedRun> wrapSpans(const std::vector<lesson::Span>& spans, float width,
                                 const std::function<float(std::string_view)>& measure) {
    std::vector<PlacedRun> out;
    float x = 0;
    int line = 0;
    bool fresh_wrap = false;  // the line was started by wrapping: its leading blanks go
    for (const auto& span : spans) {
        if (span.flags & lesson::kHardBreak) {
            ++line;
            x = 0;
            fresh_wrap = false;
            continue;
        }
        std::string_view text = span.text;
        while (!text.empty()) {
            // A token: a word and the blanks after it (or blanks alone at the start).
            size_t word_end = 0;
            while (word_end < text.size() && text[word_end] != ' ') ++word_end;
            size_t end = word_end;
            while (end < text.size() && text[end] == ' ') ++end;
            const std::string_view word = text.substr(0, word_end);
            std::string_view token = text.substr(0, end);
            text.remove_prefix(end);
            if (word.empty() && x == 0 && fresh_wrap) continue;
            const float word_w = measure(word);
            if (x > 0 && x + word_w > width && !word.empty()) {
                ++line;
                x = 0;
                fresh_wrap = true;
            }
            // Runs are placed one after another, so the last one ends where this token
            // starts unless a line was just begun.
            if (!out.empty() && out.back().line == line && out.back().flags == span.flags && x > 0) {
                out.back().text += token;
            } else {
                out.push_back({.text = std::string(token), .flags = span.flags, .x = x, .line = line});
            }
            x += measure(token);
        }
    }
    return out;
}

std::string pageLabel(const lesson::Guide& g, size_t page_index) {
    const lesson::Page& p = g.lesson().pages[page_index];
    switch (p.kind) {
        case lesson::PageKind::Goal:
            return "Goal";
        case lesson::PageKind::Example:
            return "Example";
        case lesson::PageKind::Gotchas:
            return "Gotchas";
        case lesson::PageKind::Step:
            return "Step " + std::to_string(g.stepNumberOf(page_index)) + "/" + std::to_string(g.stepCount());
    }
    return p.title;
}

LessonModel::LessonModel(GuiState& state, const lesson::Lesson& lesson, LessonModelOptions opts)
    : state_(state), lesson_(lesson) {
    // The setup is the lesson's, not the learner's: it runs before the Guide listens.
    lesson::runSetup(state_.session(), lesson_, problems_);
    guide_ = std::make_unique<lesson::Guide>(lesson_, state_.session());
    if (opts.resume) resumed_ = guide_->resume();
    guide_->setAutosave(opts.autosave);
    auto& lines = state_.tabs()[0].lines;
    for (const auto& p : problems_) lines.push_back({ConsoleLine::Kind::Error, lesson_.file + ": " + p});
    lines.push_back({ConsoleLine::Kind::Info, "# lesson: " + lesson_.meta.title + " · " + lesson_.meta.level +
                                                  " · about " + std::to_string(lesson_.meta.minutes) +
                                                  " min · :help lists the lesson commands"});
    if (resumed_)
        lines.push_back({ConsoleLine::Kind::Info,
                         "# Welcome back: you were on page " + std::to_string(guide_->pageIndex() + 1) + "."});
}

LessonModel::~LessonModel() = default;

LessonModel::Stamp LessonModel::stampNow() const {
    Engine& e = state_.engine();
    const auto& st = e.stats();
    return {.generation = state_.generation(),
            .dirty = e.dirty,
            .commands = st.total_commands_processed,
            .expired = st.expired_keys,
            .evicted = st.evicted_keys,
            .gui_commands = state_.commands().empty() ? 0 : state_.commands().back().seq,
            .page = guide_->pageIndex()};
}

void LessonModel::update(double ui_time_s) {
    const lesson::Page& p = guide_->page();
    if (p.checks.empty()) {
        live_.clear();
        stamp_.page = guide_->pageIndex();
        return;
    }
    const int64_t second = state_.engine().clock().nowMs() / 1000;
    const bool changed = !(stampNow() == stamp_);
    const bool time_moved = second != stamp_second_ && ui_time_s - last_eval_ui_ >= kTimeRecheckS;
    if (!changed && !time_moved) return;
    evaluate();
    last_eval_ui_ = ui_time_s;
}

void LessonModel::evaluate() {
    live_.clear();
    for (const auto& block : guide_->page().checks) live_.push_back(lesson::evaluate(block, state_.session()));
    ++evaluations_;
    // Taken after: if evaluating counted anything, it does not count as a change.
    stamp_ = stampNow();
    stamp_second_ = state_.engine().clock().nowMs() / 1000;
}

bool LessonModel::livePassed() const {
    if (live_.empty()) return false;
    for (const auto& r : live_)
        if (!r.passed) return false;
    return true;
}

const std::vector<PaneBlock>& LessonModel::pageBlocks() {
    if (blocks_page_ != guide_->pageIndex()) {
        blocks_page_ = guide_->pageIndex();
        blocks_ = layoutMarkdown(guide_->page().prose);
        hint_blocks_.assign(guide_->page().hints.size(), {});
    }
    return blocks_;
}

const std::vector<PaneBlock>& LessonModel::hintBlocks(size_t hint) {
    pageBlocks();
    if (hint >= hint_blocks_.size()) return no_blocks_;
    if (hint_blocks_[hint].empty()) hint_blocks_[hint] = layoutMarkdown(guide_->page().hints[hint]);
    return hint_blocks_[hint];
}

const std::vector<PaneBlock>& LessonModel::introBlocks() {
    if (!intro_blocks_) intro_blocks_ = layoutMarkdown(lesson_.intro);
    return *intro_blocks_;
}

void LessonModel::runExample(size_t i) {
    const auto& examples = guide_->page().examples;
    if (i >= examples.size()) return;
    // A copy: a line may change the page (":next" in an example), and with it `examples`.
    const std::vector<lesson::ExampleCommand> commands = examples[i].commands;
    for (const auto& c : commands) state_.runLine(state_.currentTab(), c.command);
    status_.clear();
}

void LessonModel::check() {
    state_.runLine(state_.currentTab(), ":check");
    status_ = lastConsoleLine();
    stamp_.page = ~size_t{0};  // evaluate again now
}

bool LessonModel::go(size_t page) {
    if (!guide_->go(page)) return false;
    status_.clear();
    return true;
}

bool LessonModel::revealHint() { return guide_->revealHint().has_value(); }

void LessonModel::submit(const std::string& path) {
    if (path.find_first_not_of(" \t") == std::string::npos) {
        status_ = "Type the file to write the submission to first.";
        return;
    }
    const std::string argv[] = {":submit", path};
    state_.runCommand(argv);
    status_ = lastConsoleLine();
}

std::string LessonModel::lastConsoleLine() const {
    const auto& lines = state_.tabs()[state_.currentTab()].lines;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (!it->text.empty()) return it->text;
    return {};
}

}  // namespace redsim::gui
