#include "gui/model/theme.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <utility>

#include "engine/util/text.h"
#include "gui/model/theme_data.h"

namespace redsim::gui {

Rgba mix(Rgba a, Rgba b, double t) {
    const float u = static_cast<float>(std::clamp(t, 0.0, 1.0));
    return {a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u, a.a + (b.a - a.a) * u};
}

Rgba Theme::typeColor(std::string_view type) const {
    if (type == "string") return type_string;
    if (type == "list") return type_list;
    if (type == "hash") return type_hash;
    if (type == "set") return type_set;
    if (type == "zset") return type_zset;
    if (type == "stream") return type_stream;
    return muted;
}

namespace {

// Every colour a theme must set, by its name in the file.
std::array<std::pair<std::string_view, Rgba Theme::*>, 25> colourFields() {
    return {{{"background", &Theme::background},
             {"panel", &Theme::panel},
             {"text", &Theme::text},
             {"muted", &Theme::muted},
             {"accent", &Theme::accent},
             {"error", &Theme::error},
             {"ok", &Theme::ok},
             {"warning", &Theme::warning},
             {"console_input", &Theme::console_input},
             {"console_push", &Theme::console_push},
             {"node", &Theme::node},
             {"node_border", &Theme::node_border},
             {"link", &Theme::link},
             {"path", &Theme::path},
             {"header", &Theme::header},
             {"highlight", &Theme::highlight},
             {"grid", &Theme::grid},
             {"type_string", &Theme::type_string},
             {"type_list", &Theme::type_list},
             {"type_hash", &Theme::type_hash},
             {"type_set", &Theme::type_set},
             {"type_zset", &Theme::type_zset},
             {"type_stream", &Theme::type_stream},
             {"heat_low", &Theme::heat_low},
             {"heat_high", &Theme::heat_high}}};
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<Rgba> parseColour(std::string_view v) {
    if ((v.size() != 7 && v.size() != 9) || v[0] != '#') return std::nullopt;
    float parts[4] = {0, 0, 0, 1};
    for (size_t i = 0; i + 1 < v.size(); i += 2) {
        const int hi = hexDigit(v[i + 1]), lo = hexDigit(v[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        parts[i / 2] = static_cast<float>(hi * 16 + lo) / 255.0f;
    }
    return Rgba{parts[0], parts[1], parts[2], parts[3]};
}

}  // namespace

std::optional<Theme> parseTheme(std::string_view name, std::string_view text, std::string* error) {
    Theme t;
    t.name = std::string(name);
    std::map<std::string_view, Rgba Theme::*> fields;
    for (const auto& [n, m] : colourFields()) fields[n] = m;
    std::map<std::string_view, bool> seen;
    bool base_seen = false;
    int lineno = 0;
    auto fail = [&](const std::string& msg) {
        if (error) *error = "line " + std::to_string(lineno) + ": " + msg;
        return std::nullopt;
    };
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = trimBlanks(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++lineno;
        if (line.empty() || line.front() == '#') continue;
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) return fail("expected `name = value`");
        const std::string_view key = trimBlanks(line.substr(0, eq)), value = trimBlanks(line.substr(eq + 1));
        if (key == "base") {
            if (value != "dark" && value != "light") return fail("base must be dark or light");
            t.dark = value == "dark";
            base_seen = true;
            continue;
        }
        auto it = fields.find(key);
        if (it == fields.end()) return fail("unknown colour '" + std::string(key) + "'");
        auto c = parseColour(value);
        if (!c) return fail("'" + std::string(value) + "' is not #RRGGBB or #RRGGBBAA");
        t.*(it->second) = *c;
        seen[it->first] = true;
    }
    if (!base_seen) return fail("missing `base = dark|light`");
    for (const auto& [n, m] : fields)
        if (!seen[n]) return fail("missing colour '" + std::string(n) + "'");
    return t;
}

std::vector<std::string> themeNames() {
    std::vector<std::string> names;
    for (const auto& e : embeddedThemes()) names.emplace_back(e.name);
    return names;
}

Theme loadTheme(std::string_view name) {
    const auto& all = embeddedThemes();
    for (const auto& e : all)
        if (e.name == name) {
            std::string err;
            if (auto t = parseTheme(e.name, e.text, &err)) return *t;
            std::fprintf(stderr, "redsim-gui: theme %s: %s\n", e.name.data(), err.c_str());
        }
    for (const auto& e : all)
        if (e.name == "dark")
            if (auto t = parseTheme(e.name, e.text, nullptr)) return *t;
    return Theme{};
}

}  // namespace redsim::gui
