#include "gui/draw.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace redsim::gui {

void applyTheme(const Theme& t, float scale) {
    ImGuiStyle style;
    if (t.dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    style.WindowRounding = 4;
    style.FrameRounding = 3;
    style.TabRounding = 3;
    style.ScrollbarRounding = 3;
    style.WindowBorderSize = 1;
    style.Colors[ImGuiCol_WindowBg] = vec(t.background);
    style.Colors[ImGuiCol_ChildBg] = vec(t.panel);
    style.Colors[ImGuiCol_Text] = vec(t.text);
    style.Colors[ImGuiCol_TextDisabled] = vec(t.muted);
    style.Colors[ImGuiCol_CheckMark] = vec(t.accent);
    style.Colors[ImGuiCol_PlotLines] = vec(t.accent);
    style.Colors[ImGuiCol_PlotHistogram] = vec(t.accent);
    if (!t.dark) {
        // ImGui's light style draws input fields white on our white panels: give them a
        // tint and a border so a learner sees where to type.
        style.Colors[ImGuiCol_FrameBg] = vec(mix(t.panel, t.grid, 0.7));
        style.Colors[ImGuiCol_Border] = vec(t.grid);
        style.FrameBorderSize = 1;
    }
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

void drawBox(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 fill, ImU32 border, ImU32 text_col, std::string_view text,
             float thickness) {
    dl->AddRectFilled(min, max, fill, 3.0f);
    dl->AddRect(min, max, border, 3.0f, 0, thickness);
    if (text.empty()) return;
    const float w = max.x - min.x - 4;
    std::string s(text);
    ImVec2 size = ImGui::CalcTextSize(s.c_str());
    while (size.x > w && s.size() > 1) {
        // Drop characters until it fits, then mark the cut.
        s.resize(s.size() > 4 ? s.size() - 4 : s.size() - 1);
        s += "..";
        size = ImGui::CalcTextSize(s.c_str());
        if (s.size() <= 3) break;
    }
    const ImVec2 at((min.x + max.x - size.x) / 2, (min.y + max.y - size.y) / 2);
    dl->PushClipRect(min, max, true);
    dl->AddText(at, text_col, s.c_str());
    dl->PopClipRect();
}

void drawArrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 c, float thickness, float head) {
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1e-3f) return;
    const float ux = dx / len, uy = dy / len;
    const ImVec2 base(to.x - ux * head, to.y - uy * head);
    dl->AddLine(from, base, c, thickness);
    dl->AddTriangleFilled(to, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                          ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), c);
}

void badge(std::string_view text, Rgba fill, Rgba text_col, float min_width) {
    const std::string s(text);
    ImVec2 size = ImGui::CalcTextSize(s.c_str());
    const ImVec2 pad(4, 1);
    size.x = std::max(size.x, min_width - pad.x * 2);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x + pad.x * 2, p.y + size.y + pad.y * 2), col(fill), 4.0f);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), col(text_col), s.c_str());
    ImGui::Dummy(ImVec2(size.x + pad.x * 2, size.y + pad.y * 2));
}

std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '#' && !out.empty() && out.back() == '#') {
            out += "\\x23";
        } else if (c >= 32 && c < 127) {
            out += static_cast<char>(c);
        } else {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

std::string ellipsize(std::string_view s, size_t max_chars) {
    if (s.size() <= max_chars) return std::string(s);
    if (max_chars <= 2) return std::string(s.substr(0, max_chars));
    return std::string(s.substr(0, max_chars - 2)) + "..";
}

std::string humanBytes(long long bytes) {
    char buf[32];
    const double b = static_cast<double>(bytes);
    if (bytes < 1024)
        std::snprintf(buf, sizeof buf, "%lldB", bytes);
    else if (b < 1024.0 * 1024)
        std::snprintf(buf, sizeof buf, "%.2fK", b / 1024);
    else if (b < 1024.0 * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.2fM", b / (1024.0 * 1024));
    else
        std::snprintf(buf, sizeof buf, "%.2fG", b / (1024.0 * 1024 * 1024));
    return buf;
}

void textColored(Rgba c, std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, vec(c));
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
}

}  // namespace redsim::gui
