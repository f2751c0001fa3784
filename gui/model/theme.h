// Colours of redsim-gui, loaded in one place from assets/themes/<name>.theme (embedded
// in the binary at build time), so views never carry colour literals of their own.
//
// A theme file is lines of `name = #RRGGBB` or `#RRGGBBAA`; `#` starts a comment
// otherwise; `base = dark|light` picks Dear ImGui's own style underneath. Every colour
// Theme names must be present: a missing or malformed line is an error with its line
// number (tests load both shipped themes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redsim::gui {

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

// Linear mix of two colours: t = 0 gives a, 1 gives b (t is clamped).
Rgba mix(Rgba a, Rgba b, double t);

struct Theme {
    std::string name;  // "dark"
    bool dark = true;  // base style
    Rgba background, panel, text, muted, accent, error, ok, warning;
    Rgba console_input, console_push;
    Rgba node, node_border, link, path, header, highlight, grid;
    Rgba type_string, type_list, type_hash, type_set, type_zset, type_stream;
    Rgba heat_low, heat_high;  // colour scales (HLL registers, idle time, LFU counters)

    // The colour of a type badge for TYPE's answer ("zset"); muted for anything else.
    Rgba typeColor(std::string_view type) const;
    // A value in [0, 1] on the heat scale.
    Rgba heat(double t) const { return mix(heat_low, heat_high, t); }
};

// Parses a theme file; nullopt with "line N: message" in *error when it is wrong.
std::optional<Theme> parseTheme(std::string_view name, std::string_view text, std::string* error);

// The themes shipped in assets/themes, by name ("dark", "light").
std::vector<std::string> themeNames();
// A shipped theme (parsed once per call); the dark one when `name` is unknown.
Theme loadTheme(std::string_view name);

}  // namespace redsim::gui
