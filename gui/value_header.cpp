#include "gui/value_header.h"

#include <imgui.h>

#include "engine/engine.h"
#include "engine/memory.h"
#include "gui/draw.h"

namespace redsim::gui {

void drawValueHeader(Frame& f, const inspect::ValueSnapshot& v) {
    GuiState& s = f.state;
    Engine& e = s.engine();
    const std::string_view type = typeName(v.type);
    badge(type, f.theme.typeColor(type), f.theme.background);
    ImGui::SameLine();
    ImGui::TextUnformatted(ellipsize(printable(v.key), 80).c_str());
    ImGui::SameLine(0, 16 * f.scale);
    ImGui::TextDisabled("encoding");
    ImGui::SameLine();
    textColored(f.theme.accent, encodingName(v.encoding));
    ImGui::SameLine(0, 16 * f.scale);
    ImGui::TextDisabled("length %zu", v.length);
    const int64_t at = e.db(s.db).expireAt(v.key);
    if (at >= 0) {
        ImGui::SameLine(0, 16 * f.scale);
        ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.warning));
        ImGui::Text("ttl %.1fs", static_cast<double>(std::max<int64_t>(0, at - e.clock().nowMs())) / 1000.0);
        ImGui::PopStyleColor();
    }
    if (const Object* o = e.db(s.db).peek(v.key)) {
        ImGui::SameLine(0, 16 * f.scale);
        ImGui::TextDisabled("memory %s", humanBytes(memory::memoryUsage(v.key, *o, 5)).c_str());
    }
    if (!v.reason.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.muted));
        ImGui::TextWrapped("%s", v.reason.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
}

void drawNoKey(Frame& f, std::string_view what) {
    textColored(f.theme.muted, std::string("Select a key in the keyspace column to see ") + std::string(what) + ".");
}

}  // namespace redsim::gui
