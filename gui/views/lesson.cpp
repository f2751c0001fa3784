// The lesson pane (redsim-gui --lesson FILE): the guided lesson beside the console. The
// page's prose drawn from lesson::parseMarkdown's blocks (headings, wrapped paragraphs
// with inline code and bold, lists, quotes, code, tables; ```redis blocks as a console
// session with a Run button that types them into the console), the step's checks with
// their live status, hints revealed one at a time, Prev / Next and the page list, the
// score, and the submission. Everything goes through the LessonModel (and through the
// console for what the engine or the record should see: examples, :check, :submit).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/draw.h"
#include "gui/model/lesson_model.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class LessonView final : public View {
public:
    std::string_view name() const override { return "lesson"; }
    std::string_view title() const override { return "Lesson"; }
    void drawContent(Frame& f) override;

private:
    void drawHeader(Frame& f, LessonModel& m);
    void drawBody(Frame& f, LessonModel& m);
    void drawChecks(Frame& f, LessonModel& m);
    void drawHints(Frame& f, LessonModel& m);
    void drawFooter(Frame& f, LessonModel& m);
    void drawBlocks(Frame& f, LessonModel& m, const std::vector<PaneBlock>& blocks, bool runnable);
    void drawSpans(Frame& f, const std::vector<lesson::Span>& spans, float indent);
    void drawSession(Frame& f, LessonModel& m, const PaneBlock& b, bool runnable);

    size_t shown_page_ = ~size_t{0};  // to scroll a new page to its top
    int block_id_ = 0;                // ImGui ids of Run buttons within a frame
};

ImFont* headingFont() {
    // redsim-gui loads a larger copy of its font second (App::init); headless, the one.
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
}

std::string plainText(const std::vector<lesson::Span>& spans) {
    std::string s;
    for (const auto& sp : spans) s += (sp.flags & lesson::kHardBreak) ? std::string(" ") : sp.text;
    return s;
}

void LessonView::drawContent(Frame& f) {
    LessonModel* m = f.lesson;
    if (!m) {
        ImGui::TextDisabled("No lesson. Start one with: redsim-gui --lesson lessons/01-strings-and-counters.md");
        return;
    }
    m->update(f.time_s);
    block_id_ = 0;
    drawHeader(f, *m);
    const float footer_h = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().ItemSpacing.y * 2 +
                           (m->status().empty() ? 0.0f : ImGui::GetTextLineHeightWithSpacing() * 2);
    ImGui::BeginChild("##lessonbody", ImVec2(0, -footer_h), false);
    drawBody(f, *m);
    ImGui::EndChild();
    drawFooter(f, *m);
}

void LessonView::drawHeader(Frame& f, LessonModel& m) {
    lesson::Guide& g = m.guide();
    const auto [got, total] = g.score();
    char score[64];
    std::snprintf(score, sizeof score, "score %g/%g", got, total);
    ImGui::AlignTextToFramePadding();
    textColored(f.theme.accent, m.lesson().meta.title);
    const float score_w = ImGui::CalcTextSize(score).x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - score_w));
    textColored(got > 0 && got >= total ? f.theme.ok : f.theme.muted, score);

    // Prev · the page list · Next.
    const size_t n = m.lesson().pages.size();
    const size_t at = g.pageIndex();
    ImGui::BeginDisabled(at == 0);
    if (ImGui::Button("< Prev")) m.prev();
    ImGui::EndDisabled();
    ImGui::SameLine();
    const float next_w = ImGui::CalcTextSize("Next >").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - next_w - ImGui::GetStyle().ItemSpacing.x);
    const std::string preview = "Page " + std::to_string(at + 1) + " of " + std::to_string(n);
    if (ImGui::BeginCombo("##pages", preview.c_str())) {
        for (size_t i = 0; i < n; ++i) {
            const lesson::Page& p = m.lesson().pages[i];
            std::string label = std::to_string(i + 1) + ". ";
            if (p.kind == lesson::PageKind::Step)
                label += (g.passed(p.slug) ? "✓ " : "· ") + pageLabel(g, i) + ": " + p.title;
            else
                label += pageLabel(g, i);
            label += "##page" + std::to_string(i);
            if (ImGui::Selectable(label.c_str(), i == at)) m.go(i);
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(at + 1 >= n);
    if (ImGui::Button("Next >")) m.next();
    ImGui::EndDisabled();
    ImGui::Separator();
}

void LessonView::drawBody(Frame& f, LessonModel& m) {
    lesson::Guide& g = m.guide();
    if (shown_page_ != g.pageIndex()) {
        ImGui::SetScrollY(0);
        shown_page_ = g.pageIndex();
    }
    const lesson::Page& page = g.page();
    // The first page opens with the lesson's introduction.
    if (g.pageIndex() == 0 && !m.lesson().intro.empty()) {
        drawBlocks(f, m, m.introBlocks(), false);
        ImGui::Spacing();
        ImGui::Separator();
    }
    badge(pageLabel(g, g.pageIndex()), f.theme.header, f.theme.text);
    ImGui::PushFont(headingFont());
    ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.accent));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(page.title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    drawBlocks(f, m, m.pageBlocks(), true);
    if (page.kind == lesson::PageKind::Step) {
        drawChecks(f, m);
        drawHints(f, m);
    } else if (g.pageIndex() + 1 < m.lesson().pages.size()) {
        ImGui::Spacing();
        ImGui::TextDisabled("Next > when you are ready.");
    }
}

void LessonView::drawChecks(Frame& f, LessonModel& m) {
    lesson::Guide& g = m.guide();
    const lesson::Page& page = g.page();
    if (page.checks.empty()) return;
    ImGui::Spacing();
    ImGui::Separator();
    textColored(f.theme.accent, "Checks");
    ImGui::SameLine();
    if (m.livePassed())
        textColored(f.theme.ok, g.passed(page.slug) ? "all pass · step complete" : "all pass · press Check");
    else
        ImGui::TextDisabled("live: updated as you type");
    const float wrap = ImGui::GetContentRegionAvail().x;
    for (const auto& block : m.liveChecks()) {
        for (const auto& a : block.assertions) {
            textColored(a.passed ? f.theme.ok : f.theme.error, a.passed ? "✓" : "✗");
            ImGui::SameLine();
            ImGui::PushTextWrapPos(wrap);
            ImGui::TextUnformatted((a.message.empty() ? a.source : a.message).c_str());
            ImGui::PopTextWrapPos();
            if (!a.passed) {
                // What was asked and what came back, under the message.
                std::string asked = a.source.substr(0, a.source.find('#'));
                while (!asked.empty() && asked.back() == ' ') asked.pop_back();
                if (!a.got.empty()) asked += "  (got " + a.got + ")";
                ImGui::Indent(ImGui::CalcTextSize("✗ ").x);
                ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.muted));
                ImGui::PushTextWrapPos(wrap);
                ImGui::TextUnformatted(asked.c_str());
                ImGui::PopTextWrapPos();
                ImGui::PopStyleColor();
                ImGui::Unindent(ImGui::CalcTextSize("✗ ").x);
            }
        }
    }
    if (ImGui::Button("Check")) m.check();
    ImGui::SameLine();
    ImGui::TextDisabled("records the result (:check)");
}

void LessonView::drawHints(Frame& f, LessonModel& m) {
    lesson::Guide& g = m.guide();
    const auto& hints = g.page().hints;
    if (hints.empty()) return;
    ImGui::Spacing();
    ImGui::Separator();
    const int shown = std::min(g.hintsShown(), static_cast<int>(hints.size()));
    const std::string total = std::to_string(hints.size());
    for (int i = 0; i < shown; ++i) {
        textColored(f.theme.warning, "Hint " + std::to_string(i + 1) + "/" + total);
        drawBlocks(f, m, m.hintBlocks(static_cast<size_t>(i)), false);
    }
    if (shown < static_cast<int>(hints.size())) {
        const std::string label = "Hint " + std::to_string(shown + 1) + "/" + total;
        if (ImGui::Button(label.c_str())) m.revealHint();
        ImGui::SameLine();
        ImGui::TextDisabled("stuck? one at a time");
    }
}

void LessonView::drawFooter(Frame& f, LessonModel& m) {
    ImGui::Separator();
    if (!m.status().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.muted));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(m.status().c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    if (ImGui::Button("Submit…")) m.submit(m.submission_path);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##submission", &m.submission_path, ImGuiInputTextFlags_EnterReturnsTrue))
        m.submit(m.submission_path);
    ImGui::BeginDisabled(f.state.serving);
    if (ImGui::Button("Restart lesson")) ImGui::OpenPopup("##restart");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("progress is saved as you go");
    if (ImGui::BeginPopup("##restart")) {
        ImGui::TextUnformatted("Start the lesson over? Your progress and the engine's data go.");
        if (ImGui::Button("Restart")) {
            m.restart_requested = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void LessonView::drawBlocks(Frame& f, LessonModel& m, const std::vector<PaneBlock>& blocks, bool runnable) {
    const float indent_w = ImGui::CalcTextSize("   ").x;
    const float quote_w = 12 * f.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& b : blocks) {
        if (b.gap) ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 0.5f));
        const float left = static_cast<float>(b.indent) * indent_w + static_cast<float>(b.quotes) * quote_w;
        const ImVec2 top = ImGui::GetCursorScreenPos();
        const lesson::Block& blk = b.block;
        switch (blk.kind) {
            case lesson::BlockKind::Heading: {
                const bool big = blk.level <= 2;
                if (big) ImGui::PushFont(headingFont());
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
                ImGui::PushStyleColor(ImGuiCol_Text, vec(big ? f.theme.accent : f.theme.highlight));
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(plainText(blk.spans).c_str());
                ImGui::PopTextWrapPos();
                ImGui::PopStyleColor();
                if (big) ImGui::PopFont();
                break;
            }
            case lesson::BlockKind::Paragraph:
                drawSpans(f, blk.spans, left);
                break;
            case lesson::BlockKind::ListItem: {
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float marker_w = ImGui::CalcTextSize(b.marker.c_str()).x;
                dl->AddText(ImVec2(p.x + left - marker_w - 4 * f.scale, p.y), col(f.theme.muted), b.marker.c_str());
                drawSpans(f, blk.spans, left);
                break;
            }
            case lesson::BlockKind::Code:
                if (b.session) {
                    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
                    drawSession(f, m, b, runnable);
                } else {
                    const ImVec2 size = ImGui::CalcTextSize(blk.code.c_str());
                    const ImVec2 pad(8 * f.scale, 4 * f.scale);
                    const ImVec2 p(top.x + left, top.y);
                    const float w = std::max(size.x + pad.x * 2, ImGui::GetContentRegionAvail().x - left);
                    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + size.y + pad.y * 2), col(f.theme.panel), 4);
                    ImGui::SetCursorScreenPos(ImVec2(p.x + pad.x, p.y + pad.y));
                    ImGui::PushStyleColor(ImGuiCol_Text, vec(f.theme.console_input));
                    ImGui::TextUnformatted(blk.code.c_str());
                    ImGui::PopStyleColor();
                    ImGui::SetCursorScreenPos(ImVec2(top.x, p.y + size.y + pad.y * 2));
                    ImGui::Dummy(ImVec2(0, 0));
                }
                break;
            case lesson::BlockKind::Rule:
                ImGui::Separator();
                break;
            case lesson::BlockKind::Table: {
                const int cols = blk.rows.empty() ? 0 : static_cast<int>(blk.rows[0].size());
                if (cols <= 0 || cols > 64) break;
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left);
                const std::string id = "##table" + std::to_string(block_id_++);
                if (ImGui::BeginTable(
                        id.c_str(), cols,
                        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
                    for (size_t r = 0; r < blk.rows.size(); ++r) {
                        ImGui::TableNextRow();
                        for (size_t c = 0; c < blk.rows[r].size() && c < static_cast<size_t>(cols); ++c) {
                            ImGui::TableSetColumnIndex(static_cast<int>(c));
                            const std::string text = plainText(blk.rows[r][c]);
                            if (static_cast<int>(r) < blk.headerRows)
                                textColored(f.theme.accent, text);
                            else
                                ImGui::TextWrapped("%s", text.c_str());
                        }
                    }
                    ImGui::EndTable();
                }
                break;
            }
        }
        // A bar per enclosing block quote, down the block's side.
        const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
        for (int q = 0; q < b.quotes; ++q) {
            const float x = top.x + static_cast<float>(b.indent) * indent_w + static_cast<float>(q) * quote_w;
            dl->AddRectFilled(ImVec2(x, top.y), ImVec2(x + 3 * f.scale, bottom), col(f.theme.muted, 0.7f));
        }
    }
}

// Wrapped rich text: words placed by wrapSpans, styles drawn with the draw list (one
// font: **strong** is drawn twice a pixel apart, `code` on a panel).
void LessonView::drawSpans(Frame& f, const std::vector<lesson::Span>& spans, float indent) {
    const float width = std::max(40.0f, ImGui::GetContentRegionAvail().x - indent - 4 * f.scale);
    const auto measure = [](std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; };
    const std::vector<PlacedRun> runs = wrapSpans(spans, width, measure);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float line_h = ImGui::GetTextLineHeight() + 2 * f.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    int lines = 1;
    for (const auto& r : runs) {
        lines = std::max(lines, r.line + 1);
        const ImVec2 p(origin.x + indent + r.x, origin.y + static_cast<float>(r.line) * line_h);
        const char* b = r.text.data();
        const char* e = b + r.text.size();
        Rgba c = f.theme.text;
        if (r.flags & lesson::kCode) {
            // The panel behind the code leaves out its trailing blank.
            const char* ink_end = e;
            while (ink_end > b && ink_end[-1] == ' ') --ink_end;
            const float w = ImGui::CalcTextSize(b, ink_end).x;
            dl->AddRectFilled(ImVec2(p.x - 2 * f.scale, p.y - 1), ImVec2(p.x + w + 2 * f.scale, p.y + line_h - 1),
                              col(f.theme.node), 3 * f.scale);
            c = f.theme.console_input;
        } else if (r.flags & lesson::kLink) {
            c = f.theme.accent;
        } else if (r.flags & lesson::kEmphasis) {
            c = f.theme.warning;
        } else if (r.flags & lesson::kStrike) {
            c = f.theme.muted;
        }
        dl->AddText(p, col(c), b, e);
        if (r.flags & lesson::kStrong) dl->AddText(ImVec2(p.x + 1, p.y), col(c), b, e);
        if (r.flags & (lesson::kStrike | lesson::kLink)) {
            const float w = ImGui::CalcTextSize(b, e).x;
            const float y = (r.flags & lesson::kStrike) ? p.y + line_h * 0.5f : p.y + line_h - 2 * f.scale;
            dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + w, y), col(c, 0.8f));
        }
    }
    ImGui::Dummy(ImVec2(width + indent, static_cast<float>(lines) * line_h - ImGui::GetStyle().ItemSpacing.y * 0.5f));
}

// A ```redis block as a small console: prompt and command, replies dimmed, and a Run
// button that types its commands into the console.
void LessonView::drawSession(Frame& f, LessonModel& m, const PaneBlock& b, bool runnable) {
    const ImVec2 pad(8 * f.scale, 5 * f.scale);
    const float line_h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = static_cast<float>(b.lines.size()) * line_h + pad.y * 2;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), col(f.theme.panel), 4 * f.scale);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), col(f.theme.grid), 4 * f.scale);
    const std::string prompt = "redsim> ";
    const float prompt_w = ImGui::CalcTextSize(prompt.c_str()).x;
    dl->PushClipRect(p, ImVec2(p.x + w, p.y + h), true);
    for (size_t i = 0; i < b.lines.size(); ++i) {
        const ImVec2 at(p.x + pad.x, p.y + pad.y + static_cast<float>(i) * line_h);
        const SessionLine& l = b.lines[i];
        if (l.command) {
            dl->AddText(at, col(f.theme.ok), prompt.c_str());
            dl->AddText(ImVec2(at.x + prompt_w, at.y), col(f.theme.console_input), l.text.c_str());
        } else {
            dl->AddText(at, col(f.theme.muted), l.text.c_str());
        }
    }
    dl->PopClipRect();
    ImGui::Dummy(ImVec2(w, h));
    if (runnable && b.example >= 0 && static_cast<size_t>(b.example) < m.guide().page().examples.size()) {
        const ImVec2 after = ImGui::GetCursorScreenPos();
        const char* label = "Run";
        const float bw = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetCursorScreenPos(ImVec2(p.x + w - bw - 4 * f.scale, p.y + 3 * f.scale));
        ImGui::PushID(block_id_++);
        if (ImGui::SmallButton(label)) m.runExample(static_cast<size_t>(b.example));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type these commands into the console");
        ImGui::PopID();
        ImGui::SetCursorScreenPos(after);
        ImGui::Dummy(ImVec2(0, 0));
    }
}

}  // namespace

std::unique_ptr<View> makeLessonView() { return std::make_unique<LessonView>(); }

}  // namespace redsim::gui
