// Drawing helpers shared by the views: theme colours as ImGui colours, labelled boxes,
// arrows, badges. Only gui/ includes this (engine/ never sees ImGui).
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

#include "gui/model/theme.h"

namespace redsim::gui {

inline ImU32 col(Rgba c, float alpha = 1.0f) { return ImGui::GetColorU32(ImVec4(c.r, c.g, c.b, c.a * alpha)); }
inline ImVec4 vec(Rgba c) { return ImVec4(c.r, c.g, c.b, c.a); }

// Sets Dear ImGui's style from the theme (the base style, then our colours) and scales
// sizes by `scale`.
void applyTheme(const Theme& t, float scale);

// A filled, bordered rectangle with centred text (cut with "…" to fit).
void drawBox(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 fill, ImU32 border, ImU32 text_col, std::string_view text,
             float thickness = 1.0f);
// A line with an arrow head at `to`.
void drawArrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 c, float thickness = 1.5f, float head = 7.0f);
// A small rounded badge with text at the cursor (advances the cursor like a widget),
// at least `min_width` wide (badges in a column line up).
void badge(std::string_view text, Rgba fill, Rgba text_col, float min_width = 0);
// Bytes as a label can show them: printable ASCII as is, other bytes as \xNN, and "##"
// broken up (ImGui reads "##" in a label as the start of its hidden id).
std::string printable(std::string_view s);
// Text cut to `max_chars` with an ellipsis (for labels of long members).
std::string ellipsize(std::string_view s, size_t max_chars);
// Bytes as a human reads them: 980B, 12.5K, 3.20M (as INFO's *_human fields).
std::string humanBytes(long long bytes);
// A line of text in a colour.
void textColored(Rgba c, std::string_view s);

}  // namespace redsim::gui
