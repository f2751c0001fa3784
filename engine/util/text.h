// Small ASCII text helpers shared by the engine (case-insensitive names everywhere).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace redsim {

inline char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }
inline char asciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - ('a' - 'A')) : c; }

inline std::string toLower(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = asciiLower(c);
    return r;
}

inline std::string toUpper(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = asciiUpper(c);
    return r;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return asciiLower(x) == asciiLower(y); });
}

// `s` without the spaces, tabs and carriage returns around it.
inline std::string_view trimBlanks(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

// The lines of a text, without their "\n" or "\r\n"; a last line without "\n" counts,
// an empty text has none. Views into `text`.
inline std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view l = text.substr(pos, nl - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        lines.push_back(l);
        pos = nl + 1;
    }
    return lines;
}

}  // namespace redsim
