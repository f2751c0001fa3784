#include "gui/model/console.h"

#include <algorithm>

#include "engine/util/text.h"

namespace redsim::gui {

Completion completeLine(const CommandTable& table, std::string_view line, const repl::KeyLister& keys) {
    Completion c{std::string(line), {}};
    auto cands = repl::completionsFor(table, line, keys);
    if (cands.empty()) return c;
    const size_t word_start = [&] {
        const size_t b = line.find_last_of(" \t");
        return b == std::string_view::npos ? 0 : b + 1;
    }();
    const std::string head(line.substr(0, word_start));
    if (cands.size() == 1) {
        c.line = head + cands[0] + " ";
        return c;
    }
    // The longest prefix all candidates share, compared case-insensitively; the typed
    // word keeps its case, the rest comes from the first candidate.
    std::string common = cands[0];
    for (const auto& s : cands) {
        size_t n = 0;
        while (n < common.size() && n < s.size() && asciiLower(common[n]) == asciiLower(s[n])) ++n;
        common.resize(n);
    }
    const std::string_view typed = line.substr(word_start);
    if (common.size() > typed.size()) c.line = head + std::string(typed) + common.substr(typed.size());
    c.candidates = std::move(cands);
    return c;
}

std::string HistoryCursor::move(const std::vector<std::string>& history, std::string_view current, bool older) {
    if (history.empty()) return std::string(current);
    if (pos_ < 0) {
        if (!older) return std::string(current);
        draft_ = std::string(current);
        pos_ = static_cast<long>(history.size()) - 1;
        return history[static_cast<size_t>(pos_)];
    }
    if (older) {
        if (pos_ > 0) --pos_;
        return history[static_cast<size_t>(pos_)];
    }
    ++pos_;
    if (pos_ >= static_cast<long>(history.size())) {
        pos_ = -1;
        return draft_;
    }
    return history[static_cast<size_t>(pos_)];
}

}  // namespace redsim::gui
