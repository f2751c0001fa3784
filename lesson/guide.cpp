#include "lesson/guide.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "lesson/grade.h"

namespace fs = std::filesystem;

namespace redsim::lesson {

Guide::Guide(const Lesson& lesson, repl::Session& session)
    : lesson_(lesson), session_(session), steps_(lesson.stepIndexes()) {
    session_.setObserver(this);
}

Guide::~Guide() {
    if (session_.observer() == this) session_.setObserver(nullptr);
}

int Guide::stepNumberOf(size_t page_index) const {
    for (size_t i = 0; i < steps_.size(); ++i)
        if (steps_[i] == page_index) return static_cast<int>(i + 1);
    return 0;
}

int Guide::stepNumber() const { return stepNumberOf(progress_.page); }

bool Guide::go(size_t page_index) {
    if (page_index >= lesson_.pages.size()) return false;
    progress_.page = page_index;
    changed();
    return true;
}

// The marker goes in when the learner first does something on a step, so pages only
// read leave no trace and the record stays short.
void Guide::markStep() {
    const int n = stepNumber();
    if (n == 0 || marked_ == progress_.page) return;
    progress_.record.push_back(stepMarker(n, page().slug));
    marked_ = progress_.page;
}

void Guide::lineRan(repl::Session&, std::string_view line) {
    if (replaying_) return;
    markStep();
    progress_.record.emplace_back(line);
    changed();
}

int Guide::hintsShown() const {
    auto it = progress_.hints.find(page().slug);
    return it == progress_.hints.end() ? 0 : it->second;
}

std::optional<std::string> Guide::revealHint() {
    const Page& p = page();
    const int shown = hintsShown();
    if (p.kind != PageKind::Step || shown >= static_cast<int>(p.hints.size())) return std::nullopt;
    progress_.hints[p.slug] = shown + 1;
    changed();
    return p.hints[static_cast<size_t>(shown)];
}

std::vector<std::string> Guide::exampleLines() const {
    std::vector<std::string> out;
    for (const auto& b : page().examples)
        for (const auto& c : b.commands) out.push_back(c.command);
    return out;
}

std::vector<BlockResult> Guide::check() {
    std::vector<BlockResult> out;
    const Page& p = page();
    if (p.kind != PageKind::Step) return out;
    // A check is something the learner did on this step: it marks the step, so a grader
    // evaluates the step where the learner evaluated it.
    markStep();
    bool all = true;
    for (const auto& block : p.checks) {
        out.push_back(evaluate(block, session_));
        all = all && out.back().passed;
    }
    if (all)
        progress_.passed.insert(p.slug);
    else
        progress_.passed.erase(p.slug);
    changed();
    return out;
}

std::pair<double, double> Guide::score() const {
    double got = 0, total = 0;
    for (size_t idx : steps_) {
        const Page& p = lesson_.pages[idx];
        for (const auto& b : p.checks) {
            total += b.points;
            if (progress_.passed.contains(p.slug)) got += b.points;
        }
    }
    return {got, total};
}

std::string Guide::submission() const {
    std::string s = "# redsim submission\n# lesson: " + lesson_.meta.id + "\n";
    for (const auto& l : progress_.record) s += l + "\n";
    return s;
}

std::string Guide::progressPath(const std::string& lesson_id) {
    std::string base;
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x == '/')
        base = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        base = std::string(h) + "/.local/share";
    else
        base = "/tmp";
    std::string safe;
    for (char c : lesson_id) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    return base + "/redsim/progress/" + safe + ".json";
}

std::optional<std::string> Guide::save() const {
    nlohmann::ordered_json j;
    j["lesson"] = lesson_.meta.id;
    j["page"] = lesson_.pages[progress_.page].slug;
    j["hints"] = progress_.hints;
    j["passed"] = progress_.passed;
    j["record"] = progress_.record;
    const std::string path = progressPath(lesson_.meta.id);
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return "cannot write " + tmp;
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        if (!out) return "cannot write " + tmp;
    }
    fs::rename(tmp, path, ec);
    if (ec) return "cannot write " + path + ": " + ec.message();
    return std::nullopt;
}

bool Guide::resume() {
    std::ifstream in(progressPath(lesson_.meta.id), std::ios::binary);
    if (!in) return false;
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    Progress p;
    try {
        if (j.contains("page") && j["page"].is_string()) {
            const std::string slug = j["page"];
            for (size_t i = 0; i < lesson_.pages.size(); ++i)
                if (lesson_.pages[i].slug == slug) p.page = i;
        }
        if (j.contains("hints") && j["hints"].is_object())
            for (auto& [k, v] : j["hints"].items())
                if (v.is_number_integer()) p.hints[k] = v.get<int>();
        if (j.contains("passed") && j["passed"].is_array())
            for (auto& v : j["passed"])
                if (v.is_string()) p.passed.insert(v.get<std::string>());
        if (j.contains("record") && j["record"].is_array())
            for (auto& v : j["record"])
                if (v.is_string()) p.record.push_back(v.get<std::string>());
    } catch (const nlohmann::json::exception&) {
        return false;  // a damaged file: start over rather than half-resume
    }
    // The learner's engine comes back by running what they typed, quietly.
    replaying_ = true;
    for (const auto& line : p.record) {
        if (line.starts_with("#")) continue;
        session_.runLine(line);
        session_.drainBlocked();
    }
    (void)session_.takeOutput();
    replaying_ = false;
    progress_ = std::move(p);
    // The last marker in the record is the step the learner was on.
    marked_.reset();
    for (auto it = progress_.record.rbegin(); it != progress_.record.rend(); ++it) {
        const auto m = parseStepMarker(*it);
        if (!m) continue;
        for (size_t i = 0; i < lesson_.pages.size(); ++i)
            if (lesson_.pages[i].slug == m->second) marked_ = i;
        break;
    }
    return true;
}

void Guide::restart() {
    progress_ = Progress{};
    marked_.reset();
    std::error_code ec;
    fs::remove(progressPath(lesson_.meta.id), ec);
}

}  // namespace redsim::lesson
