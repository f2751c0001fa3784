// Small ASCII text helpers shared by the engine (case-insensitive names everywhere).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

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

}  // namespace redsim
