// The keyspace browser (the left column): keys grouped by ':' namespaces into folders,
// each key with its type badge, encoding, TTL counting down and MEMORY USAGE; filtered
// by a glob pattern and a type. The list is clipped (only visible rows are drawn and
// looked up) and refreshed incrementally (gui/model/keytree.h), so it stays smooth with
// a million keys. Clicking a key selects it for the centre's visualisers; the context
// menu runs commands on it through the console.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <array>
#include <cstdio>
#include <set>

#include "engine/memory.h"
#include "gui/draw.h"
#include "gui/model/keytree.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

constexpr std::array<std::pair<const char*, ObjType>, 6> kTypes = {{{"string", ObjType::String},
                                                                    {"list", ObjType::List},
                                                                    {"hash", ObjType::Hash},
                                                                    {"set", ObjType::Set},
                                                                    {"zset", ObjType::ZSet},
                                                                    {"stream", ObjType::Stream}}};

// "12s", "3m20s", "2h05m", "4d03h": short enough for a column.
std::string ttlText(int64_t ms) {
    char buf[32];
    const long long s = (ms + 999) / 1000;
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%llds", s);
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
    else if (s < 86400)
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, s % 3600 / 60);
    else
        std::snprintf(buf, sizeof buf, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
    return buf;
}

class KeyspaceView final : public View {
public:
    std::string_view name() const override { return "keyspace"; }
    std::string_view title() const override { return "Keyspace"; }
    void drawContent(Frame& f) override;

private:
    void drawFilters(Frame& f);
    void drawKey(Frame& f, const inspect::KeyInfo& k, int depth);

    KeyBrowserModel model_;
    KeyFilter filter_;
    std::string pattern_;
    int type_index_ = 0;  // 0 = all, else kTypes[i - 1]
    std::set<std::string> expanded_;
    std::vector<KeyTree::Row> rows_;
    uint64_t rows_generation_ = ~0ull;
    bool rows_dirty_ = true;
    bool auto_opened_ = false;
};

void KeyspaceView::drawFilters(Frame& f) {
    GuiState& s = f.state;
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(w * 0.55f);
    if (ImGui::InputTextWithHint("##pattern", "filter: user:*", &pattern_)) filter_.pattern = pattern_;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    const char* current = type_index_ == 0 ? "all types" : kTypes[static_cast<size_t>(type_index_ - 1)].first;
    if (ImGui::BeginCombo("##type", current)) {
        if (ImGui::Selectable("all types", type_index_ == 0)) type_index_ = 0;
        for (size_t i = 0; i < kTypes.size(); ++i)
            if (ImGui::Selectable(kTypes[i].first, type_index_ == static_cast<int>(i + 1)))
                type_index_ = static_cast<int>(i + 1);
        ImGui::EndCombo();
    }
    filter_.type =
        type_index_ == 0 ? std::nullopt : std::optional<ObjType>(kTypes[static_cast<size_t>(type_index_ - 1)].second);
    // The database (SELECT runs in the console so the console's prompt follows).
    ImGui::SetNextItemWidth(w * 0.3f);
    const std::string db_label = "db " + std::to_string(s.db);
    if (ImGui::BeginCombo("##db", db_label.c_str())) {
        for (int i = 0; i < s.engine().dbCount(); ++i) {
            const size_t n = s.engine().db(i).size();
            const std::string label = "db " + std::to_string(i) + (n ? "  (" + std::to_string(n) + ")" : "");
            if (ImGui::Selectable(label.c_str(), i == s.db)) {
                const std::vector<std::string> argv{"SELECT", std::to_string(i)};
                s.runCommand(argv);
            }
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox("follow", &s.follow_console);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Select the key each console command names");
    ImGui::SameLine();
    const KeyTree& tree = model_.tree();
    if (model_.walking())
        ImGui::TextDisabled("%zu keys, scanning %zu...", tree.size(), model_.walked());
    else
        ImGui::TextDisabled("%zu keys", tree.size());
}

void KeyspaceView::drawKey(Frame& f, const inspect::KeyInfo& k, int depth) {
    GuiState& s = f.state;
    Engine& e = s.engine();
    if (depth > 0) ImGui::Indent(static_cast<float>(depth) * ImGui::GetStyle().IndentSpacing);
    const std::string_view type = typeName(k.type);
    badge(type, f.theme.typeColor(type), f.theme.background, ImGui::CalcTextSize("string").x + 8);
    ImGui::SameLine();
    const bool selected = !k.key.empty() && s.selected_key == k.key;
    const std::string label =
        (k.key.empty() ? std::string("\"\" (the empty name)") : ellipsize(printable(k.key), 64)) + "###key";
    const float name_end = ImGui::GetCursorPosX() + ImGui::CalcTextSize(label.c_str(), nullptr, true).x;
    if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowItemOverlap)) s.selected_key = k.key;
    if (ImGui::BeginPopupContextItem()) {
        for (const char* cmd : {"TYPE", "OBJECT ENCODING", "TTL", "MEMORY USAGE", "PERSIST", "DEL"}) {
            if (ImGui::MenuItem(cmd)) {
                std::vector<std::string> argv;
                std::string c(cmd);
                if (const size_t sp = c.find(' '); sp != std::string::npos) {
                    argv = {c.substr(0, sp), c.substr(sp + 1)};
                } else {
                    argv = {c};
                }
                argv.push_back(k.key);
                s.runCommand(argv);
            }
        }
        ImGui::EndPopup();
    }
    // Right-aligned details: encoding, TTL, memory. Looked up for visible rows only.
    if (const Object* o = e.db(s.db).peek(k.key)) {
        const std::string enc(encodingName(o->encoding()));
        const std::string ttl = k.expire_at_ms >= 0
                                    ? "ttl " + ttlText(std::max<int64_t>(0, k.expire_at_ms - e.clock().nowMs())) + "  "
                                    : "";
        std::string mem = humanBytes(memory::memoryUsage(k.key, *o, 5));
        // In a narrow column the details give way to the name: the encoding first, then
        // the memory; the TTL stays longest.
        const float room = ImGui::GetWindowContentRegionMax().x - name_end - ImGui::GetStyle().ItemSpacing.x;
        std::string enc_text = enc + "  ";
        auto width = [&] { return ImGui::CalcTextSize((enc_text + ttl + mem).c_str()).x; };
        if (width() > room) enc_text.clear();
        if (width() > room && !ttl.empty()) mem.clear();
        // Never over the name: what still does not fit is clipped at the column's edge.
        ImGui::SameLine(
            std::max(name_end + ImGui::GetStyle().ItemSpacing.x, ImGui::GetWindowContentRegionMax().x - width()));
        textColored(f.theme.muted, enc_text);
        if (!ttl.empty()) {
            ImGui::SameLine(0, 0);
            textColored(f.theme.warning, ttl);
        }
        ImGui::SameLine(0, 0);
        textColored(f.theme.muted, mem);
    }
    if (depth > 0) ImGui::Unindent(static_cast<float>(depth) * ImGui::GetStyle().IndentSpacing);
}

void KeyspaceView::drawContent(Frame& f) {
    GuiState& s = f.state;
    Engine& e = s.engine();
    drawFilters(f);
    // What changes the list: writes (dirty), expiries, evictions. Only counters that
    // never go down: with the key count in the sum, an expiry (+1 expired, -1 key) left
    // the stamp unchanged and the expired key on the list.
    const uint64_t stamp = e.dirty + e.stats().expired_keys + e.stats().evicted_keys;
    model_.update(e, s.db, stamp, filter_);
    const KeyTree& tree = model_.tree();
    if (rows_generation_ != model_.generation() || rows_dirty_) {
        // A small keyspace opens with its top-level folders open (a big one stays folded).
        if (!auto_opened_ && model_.generation() > 0) {
            auto_opened_ = true;
            if (tree.size() <= 200)
                for (uint32_t c : tree.root().folders) expanded_.insert(tree.folders()[c].prefix);
        }
        rows_ = tree.rows(expanded_);
        rows_generation_ = model_.generation();
        rows_dirty_ = false;
    }
    ImGui::Separator();
    ImGui::BeginChild("##keys", ImVec2(0, 0), false);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const KeyTree::Row& r = rows_[static_cast<size_t>(i)];
            ImGui::PushID(i);
            if (r.folder) {
                const KeyTree::Folder& fo = tree.folders()[r.index];
                if (r.depth > 0) ImGui::Indent(static_cast<float>(r.depth) * ImGui::GetStyle().IndentSpacing);
                const bool open = expanded_.count(fo.prefix) > 0;
                ImGui::SetNextItemOpen(open);
                const std::string label = printable(fo.name) + ":  (" + std::to_string(fo.keys) + ")###folder";
                const bool now_open = ImGui::TreeNodeEx(
                    label.c_str(), ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanAvailWidth);
                if (now_open != open) {
                    if (now_open)
                        expanded_.insert(fo.prefix);
                    else
                        expanded_.erase(fo.prefix);
                    rows_dirty_ = true;
                }
                if (r.depth > 0) ImGui::Unindent(static_cast<float>(r.depth) * ImGui::GetStyle().IndentSpacing);
            } else {
                drawKey(f, tree.keys()[r.index], r.depth);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeKeyspaceView() { return std::make_unique<KeyspaceView>(); }

}  // namespace redsim::gui
