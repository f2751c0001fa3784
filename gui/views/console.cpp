// The console: the REPL in a window. One tab per engine client (`:client NAME` opens
// one, "+" too); each keeps its scrollback and history. Tab completes from the command
// grammar and the keyspace, the grey hint after the cursor is the REPL's hint, Up/Down
// walk the history, replies print as redis-cli prints them (errors in red), and messages
// a client receives outside its replies (Pub/Sub, invalidations, a blocked command's
// late reply) appear in its tab as they arrive.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "gui/draw.h"
#include "gui/model/console.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class ConsoleView final : public View {
public:
    std::string_view name() const override { return "console"; }
    std::string_view title() const override { return "Console"; }
    void drawContent(Frame& f) override;

private:
    static int callback(ImGuiInputTextCallbackData* data);
    int onCallback(ImGuiInputTextCallbackData* data);
    void drawLines(Frame& f, ConsoleTab& tab);

    std::string input_;
    HistoryCursor history_;
    std::vector<std::string> candidates_;  // shown under the input after an ambiguous Tab
    std::string new_tab_;
    bool refocus_ = true;
    size_t last_line_count_ = 0;
    size_t last_tab_ = ~size_t{0};
    Frame* frame_ = nullptr;  // for the input callback, during drawContent only
};

int ConsoleView::callback(ImGuiInputTextCallbackData* data) {
    return static_cast<ConsoleView*>(data->UserData)->onCallback(data);
}

int ConsoleView::onCallback(ImGuiInputTextCallbackData* data) {
    GuiState& s = frame_->state;
    auto replace = [&](const std::string& text) {
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, text.c_str());
    };
    switch (data->EventFlag) {
        case ImGuiInputTextFlags_CallbackCompletion: {
            const std::string line(data->Buf, static_cast<size_t>(data->BufTextLen));
            auto lister = [&s](std::string_view prefix) { return s.session().keysWithPrefix(prefix); };
            Completion c = completeLine(s.session().commands(), line, lister);
            if (c.line != line) replace(c.line);
            candidates_ = std::move(c.candidates);
            break;
        }
        case ImGuiInputTextFlags_CallbackHistory: {
            const std::string line(data->Buf, static_cast<size_t>(data->BufTextLen));
            const auto& hist = s.tabs()[s.currentTab()].history;
            replace(history_.move(hist, line, data->EventKey == ImGuiKey_UpArrow));
            break;
        }
        case ImGuiInputTextFlags_CallbackEdit:
            history_.reset();
            candidates_.clear();
            break;
        default:
            break;
    }
    return 0;
}

void ConsoleView::drawLines(Frame& f, ConsoleTab& tab) {
    const float footer = ImGui::GetFrameHeightWithSpacing() * (candidates_.empty() ? 1.0f : 2.0f);
    ImGui::BeginChild("##scroll", ImVec2(0, -footer), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(tab.lines.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ConsoleLine& l = tab.lines[static_cast<size_t>(i)];
            Rgba c = f.theme.text;
            switch (l.kind) {
                case ConsoleLine::Kind::Input:
                    c = f.theme.console_input;
                    break;
                case ConsoleLine::Kind::Error:
                    c = f.theme.error;
                    break;
                case ConsoleLine::Kind::Push:
                    c = f.theme.console_push;
                    break;
                case ConsoleLine::Kind::Info:
                    c = f.theme.muted;
                    break;
                case ConsoleLine::Kind::Output:
                    break;
            }
            textColored(c, l.text);
        }
    }
    // Follow the output while new lines arrive (unless the user scrolled up).
    const bool grew = tab.lines.size() != last_line_count_ || f.state.currentTab() != last_tab_;
    if (grew && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 40) ImGui::SetScrollHereY(1.0f);
    if (grew && f.state.currentTab() != last_tab_) ImGui::SetScrollHereY(1.0f);
    last_line_count_ = tab.lines.size();
    last_tab_ = f.state.currentTab();
    ImGui::EndChild();
}

void ConsoleView::drawContent(Frame& f) {
    frame_ = &f;
    GuiState& s = f.state;
    if (ImGui::BeginTabBar("##clients", ImGuiTabBarFlags_AutoSelectNewTabs)) {
        const size_t current = s.currentTab();
        for (size_t i = 0; i < s.tabs().size(); ++i) {
            ConsoleTab& t = s.tabs()[i];
            std::string label = t.client;
            if (t.unread > 0) label += " (" + std::to_string(t.unread) + ")";
            label += "###tab" + t.client;
            const ImGuiTabItemFlags flags = (i == current && last_tab_ != current) ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem(label.c_str(), nullptr, flags)) {
                if (i != s.currentTab() && last_tab_ == s.currentTab()) s.setCurrentTab(i);
                ImGui::EndTabItem();
            }
        }
        if (ImGui::TabItemButton("+", ImGuiTabItemFlags_Trailing)) ImGui::OpenPopup("##newclient");
        if (ImGui::BeginPopup("##newclient")) {
            ImGui::TextUnformatted("New client name");
            ImGui::SetNextItemWidth(160 * f.scale);
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            if (ImGui::InputText("##name", &new_tab_, ImGuiInputTextFlags_EnterReturnsTrue) && !new_tab_.empty()) {
                s.setCurrentTab(s.openTab(new_tab_));
                new_tab_.clear();
                refocus_ = true;
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
        ImGui::EndTabBar();
    }
    ConsoleTab& tab = s.tabs()[s.currentTab()];
    drawLines(f, tab);

    // The input line: prompt, text, and the hint drawn in grey after the text.
    const std::string prompt = s.session().prompt();
    ImGui::AlignTextToFramePadding();
    textColored(f.theme.console_input, prompt);
    ImGui::SameLine(0, 0);
    ImGui::SetNextItemWidth(-1);
    const ImVec2 input_pos = ImGui::GetCursorScreenPos();
    if (refocus_) {
        ImGui::SetKeyboardFocusHere();
        refocus_ = false;
    }
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackCompletion |
                                      ImGuiInputTextFlags_CallbackHistory | ImGuiInputTextFlags_CallbackEdit;
    if (ImGui::InputText("##input", &input_, flags, &ConsoleView::callback, this)) {
        s.runLine(s.currentTab(), input_);
        input_.clear();
        history_.reset();
        candidates_.clear();
        refocus_ = true;
    }
    if (auto hint = repl::hintFor(s.session().commands(), input_)) {
        const ImVec2 typed = ImGui::CalcTextSize(input_.c_str());
        const ImVec2 pad = ImGui::GetStyle().FramePadding;
        ImGui::GetWindowDrawList()->AddText(ImVec2(input_pos.x + pad.x + typed.x, input_pos.y + pad.y),
                                            col(f.theme.muted), hint->c_str());
    }
    if (!candidates_.empty()) {
        std::string list;
        for (const auto& c : candidates_) {
            if (list.size() > 400) {
                list += " ...";
                break;
            }
            list += c + "  ";
        }
        textColored(f.theme.muted, list);
    }
    frame_ = nullptr;
}

}  // namespace

std::unique_ptr<View> makeConsoleView() { return std::make_unique<ConsoleView>(); }

}  // namespace redsim::gui
