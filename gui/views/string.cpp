// The string view: a string's encoding with the rule that chose it (int / embstr /
// raw), its bytes as a hex + ASCII dump, and the same bytes as a bitmap the way
// SETBIT, GETBIT, BITCOUNT and BITPOS see them: a grid of bits (bit n is bit 7 - n%8 of
// byte n/8), set bits coloured, BITCOUNT and the first set and clear bits, and the last
// bit command on the key highlighted with its byte/bit arithmetic. Buttons run those
// commands on any offset, so the grid can be drawn on.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gui/draw.h"
#include "gui/model/bits_layout.h"
#include "gui/model/value_stamp.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

constexpr size_t kDumpBytes = 4096;      // bytes the hex dump shows
constexpr size_t kScanBytes = 1u << 20;  // bytes BITPOS / BITCOUNT ranges are replayed on

class StringView final : public View {
public:
    std::string_view name() const override { return "string"; }
    std::string_view title() const override { return "String"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override {
        if (v.type != ObjType::String) return 0;
        return v.hll ? 10 : 100;  // the hll view explains an HLL better
    }
    void drawContent(Frame& f) override;

private:
    void refresh(Frame& f);
    void drawRules(Frame& f, const inspect::ValueSnapshot& v);
    void drawDump(Frame& f);
    void drawBits(Frame& f, const inspect::ValueSnapshot& v);
    void drawGrid(Frame& f);

    std::optional<inspect::ValueSnapshot> snap_;
    std::optional<inspect::BitsSnap> bits_;
    std::optional<BitOp> op_;
    std::optional<uint64_t> focus_;
    long long op_answer_ = 0;  // BITPOS / BITCOUNT replayed
    std::vector<std::string> dump_;
    uint64_t stamp_ = ~0ull;
    std::string key_;
    int db_ = -1;
    size_t per_row_ = 4, rows_ = 8;
    size_t want_per_row_ = 4, want_rows_ = 8;
    int offset_ = 0;  // the bit the buttons act on
};

void StringView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = valueStamp(s, s.selected_key);
    if (stamp == stamp_ && key_ == s.selected_key && db_ == s.db && per_row_ == want_per_row_ && rows_ == want_rows_)
        return;
    stamp_ = stamp;
    key_ = s.selected_key;
    db_ = s.db;
    per_row_ = want_per_row_;
    rows_ = want_rows_;
    bits_.reset();
    op_.reset();
    focus_.reset();
    dump_.clear();
    inspect::Limits lim;
    lim.string_bytes = kScanBytes;
    snap_ = key_.empty() ? std::nullopt : inspect::inspectValue(s.engine(), s.db, key_, lim);
    if (!snap_ || snap_->type != ObjType::String || !snap_->string) return;
    const std::string& text = snap_->string->bytes.text;
    dump_ = hexDumpLines(std::string_view(text).substr(0, std::min(text.size(), kDumpBytes)), 0);
    op_ = lastBitOp(s.commands(), key_);
    if (op_) {
        focus_ = focusBit(*op_, text);
        if (op_->command == "BITPOS") op_answer_ = bitpos(text, *op_);
        if (op_->command == "BITCOUNT") op_answer_ = static_cast<long long>(bitcount(text, *op_));
    }
    inspect::Limits bl;
    bl.bit_bytes = per_row_ * rows_;
    bits_ = inspect::bitsOf(s.engine(), s.db, key_, focus_, bl);
    // Keep the string's own text short in the snapshot the header quotes.
    snap_->string->bytes.text.resize(std::min<size_t>(text.size(), kDumpBytes));
}

void StringView::drawRules(Frame& f, const inspect::ValueSnapshot& v) {
    const Theme& th = f.theme;
    textColored(th.muted, "How Redis picks a string's encoding");
    for (const EncodingRule& r : stringEncodingRules(v)) {
        badge(r.name, r.applies ? th.accent : th.grid, r.applies ? th.background : th.muted);
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, vec(r.applies ? th.text : th.muted));
        ImGui::TextWrapped("%s", r.rule.c_str());
        ImGui::PopStyleColor();
    }
}

void StringView::drawDump(Frame& f) {
    const Theme& th = f.theme;
    const size_t len = snap_->string->length;
    if (len > kDumpBytes)
        textColored(th.muted, "Bytes: the first " + std::to_string(kDumpBytes) + " of " + std::to_string(len));
    else
        textColored(th.muted, "Bytes (" + std::to_string(len) + ")");
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float dump_h = std::clamp(static_cast<float>(dump_.size()) + 0.5f, 1.5f, 24.0f) * line_h;
    ImGui::BeginChild("##dump", ImVec2(0, dump_h), false, ImGuiWindowFlags_HorizontalScrollbar);
    const float cw = ImGui::CalcTextSize("0").x;  // a monospace font: columns by characters
    // The bytes of the window the grid shows are marked in the gutter.
    const size_t w0 = bits_ ? bits_->window_first_byte : 0;
    const size_t w1 = bits_ ? w0 + bits_->window.size() : 0;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(dump_.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t first = static_cast<size_t>(i) * 16;
            const bool in_window = first < w1 && first + 16 > w0;
            if (focus_ && *focus_ / 8 >= first && *focus_ / 8 < first + 16) {
                // The focus byte: a box behind its hex digits and its character.
                const size_t k = static_cast<size_t>(*focus_ / 8 - first);
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float hex_x = p.x + cw * static_cast<float>(10 + 3 * k + (k >= 8 ? 1 : 0));
                const float asc_x = p.x + cw * static_cast<float>(10 + 3 * 16 + 1 + 2 + k);
                const float h = ImGui::GetTextLineHeight();
                ImDrawList* dl = ImGui::GetWindowDrawList();
                dl->AddRectFilled(ImVec2(hex_x - 2, p.y), ImVec2(hex_x + 2 * cw + 2, p.y + h), col(th.highlight, 0.35f),
                                  2.0f);
                dl->AddRectFilled(ImVec2(asc_x - 1, p.y), ImVec2(asc_x + cw + 1, p.y + h), col(th.highlight, 0.35f),
                                  2.0f);
            }
            textColored(in_window ? th.text : th.muted, dump_[static_cast<size_t>(i)]);
        }
    clipper.End();
    if (dump_.empty()) textColored(th.muted, "(empty string)");
    ImGui::EndChild();
    ImGui::Spacing();
    drawRules(f, *snap_);
}

void StringView::drawGrid(Frame& f) {
    const Theme& th = f.theme;
    const inspect::BitsSnap& b = *bits_;
    const float cell = std::floor(std::min(26.0f * f.scale, (ImGui::GetContentRegionAvail().x - 190 * f.scale) /
                                                                static_cast<float>(per_row_ * 8 + per_row_)));
    const float label_w = 86 * f.scale;
    const float byte_gap = cell * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float lh = ImGui::GetTextLineHeight();
    const ImVec2 grid(o.x + label_w, o.y + lh + 4 * f.scale);
    auto cellMin = [&](int row, int c) {
        return ImVec2(grid.x + static_cast<float>(c) * cell + static_cast<float>(c / 8) * byte_gap,
                      grid.y + static_cast<float>(row) * cell);
    };
    // Column header: the bit's place in its byte, 7 = most significant, as masks read.
    for (size_t k = 0; k < per_row_ * 8; ++k) {
        char t[8];
        std::snprintf(t, sizeof t, "%zu", k % 8);
        const ImVec2 p = cellMin(0, static_cast<int>(k));
        dl->AddText(ImVec2(p.x + cell / 2 - ImGui::CalcTextSize(t).x / 2, o.y), col(th.muted), t);
    }
    std::optional<std::pair<uint64_t, uint64_t>> range;
    if (op_ && (op_->command == "BITCOUNT" || op_->command == "BITPOS")) range = bitRange(*op_, b.bytes);
    const std::vector<BitCell> cells = bitGrid(b, per_row_);
    const double pulse = 0.5 + 0.5 * std::sin(f.time_s * 5.0);
    for (const BitCell& c : cells) {
        const ImVec2 mn = cellMin(c.row, c.col);
        const ImVec2 mx(mn.x + cell - 2, mn.y + cell - 2);
        const bool in_range = range && c.bit >= range->first && c.bit <= range->second;
        const ImU32 fill = c.set ? col(th.accent) : col(in_range ? th.header : th.node);
        dl->AddRectFilled(mn, mx, fill, 2.0f);
        dl->AddRect(mn, mx, col(in_range ? th.path : th.grid, in_range ? 0.7f : 1.0f), 2.0f);
        if (ImGui::IsMouseHoveringRect(mn, mx)) {
            ImGui::SetTooltip(
                "bit %llu = %d\n%s", static_cast<unsigned long long>(c.bit), c.set ? 1 : 0,
                bitArithmetic(c.bit, static_cast<uint8_t>(b.window[c.byte - b.window_first_byte])).c_str());
            if (ImGui::IsMouseClicked(0)) offset_ = static_cast<int>(std::min<uint64_t>(c.bit, INT32_MAX));
        }
    }
    // Row labels: the byte and the bits it holds.
    const int rows = static_cast<int>((b.window.size() + per_row_ - 1) / per_row_);
    for (int r = 0; r < rows; ++r) {
        const size_t byte = b.window_first_byte + static_cast<size_t>(r) * per_row_;
        char t[48];
        std::snprintf(t, sizeof t, "bits %zu", byte * 8);
        dl->AddText(ImVec2(o.x, grid.y + static_cast<float>(r) * cell + (cell - lh) / 2 - 1), col(th.muted), t);
        std::string hex;
        for (size_t k = 0; k < per_row_ && byte + k < b.window_first_byte + b.window.size(); ++k) {
            char h[8];
            std::snprintf(h, sizeof h, "%s%02x", k ? " " : "",
                          static_cast<uint8_t>(b.window[byte + k - b.window_first_byte]));
            hex += h;
        }
        const ImVec2 end = cellMin(r, static_cast<int>(per_row_ * 8));
        dl->AddText(ImVec2(end.x + 4 * f.scale, grid.y + static_cast<float>(r) * cell + (cell - lh) / 2 - 1),
                    col(th.muted), hex.c_str());
    }
    // The focus: the bit of the last command, pulsing.
    if (focus_) {
        if (const auto at = bitCellOf(b, per_row_, *focus_)) {
            const ImVec2 mn = cellMin(at->first, at->second);
            dl->AddRect(ImVec2(mn.x - 2, mn.y - 2), ImVec2(mn.x + cell, mn.y + cell),
                        col(th.highlight, static_cast<float>(0.6 + 0.4 * pulse)), 3.0f, 0, 2.5f);
            // Its byte, outlined.
            const ImVec2 b0 = cellMin(at->first, at->second - static_cast<int>(*focus_ % 8));
            dl->AddRect(ImVec2(b0.x - 3, b0.y - 3), ImVec2(b0.x + 8 * cell + 1, b0.y + cell + 1),
                        col(th.highlight, 0.5f), 3.0f, 0, 1.0f);
        }
    }
    const float h = lh + 4 * f.scale + static_cast<float>(rows) * cell;
    ImGui::Dummy(ImVec2(label_w + static_cast<float>(per_row_) * (8 * cell + byte_gap) + 90 * f.scale, h));
}

void StringView::drawBits(Frame& f, const inspect::ValueSnapshot& v) {
    const Theme& th = f.theme;
    GuiState& s = f.state;
    const inspect::BitsSnap& b = *bits_;
    ImGui::Text("As a bitmap: %zu bytes = %zu bits", b.bytes, b.bytes * 8);
    ImGui::SameLine(0, 14 * f.scale);
    textColored(th.accent, "BITCOUNT " + std::to_string(b.popcount));
    ImGui::SameLine(0, 14 * f.scale);
    textColored(th.text, "BITPOS 1 = " + std::to_string(b.first_set));
    ImGui::SameLine(0, 14 * f.scale);
    textColored(th.text, "BITPOS 0 = " + std::to_string(b.first_clear));

    // Buttons: bit commands at an offset.
    ImGui::SetNextItemWidth(110 * f.scale);
    ImGui::InputInt("bit##offset", &offset_);
    offset_ = std::max(0, offset_);
    const std::string off = std::to_string(offset_);
    auto run = [&](std::vector<std::string> argv) { s.runCommand(argv); };
    ImGui::SameLine();
    if (ImGui::Button("SETBIT 1")) run({"SETBIT", v.key, off, "1"});
    ImGui::SameLine();
    if (ImGui::Button("SETBIT 0")) run({"SETBIT", v.key, off, "0"});
    ImGui::SameLine();
    if (ImGui::Button("GETBIT")) run({"GETBIT", v.key, off});
    ImGui::SameLine();
    if (ImGui::Button("BITCOUNT")) run({"BITCOUNT", v.key});
    ImGui::SameLine();
    if (ImGui::Button("BITPOS 1")) run({"BITPOS", v.key, "1"});
    ImGui::SameLine();
    if (ImGui::Button("BITPOS 0")) run({"BITPOS", v.key, "0"});

    // The last bit command on this key.
    if (op_) {
        textColored(th.highlight, "last: " + ellipsize(op_->text, 60));
        std::string detail;
        if (op_->bit) {
            // The window was taken around this bit, so its byte is in it unless past the end.
            std::optional<uint8_t> byte;
            const uint64_t at = *op_->bit / 8;
            if (at >= b.window_first_byte && at < b.window_first_byte + b.window.size())
                byte = static_cast<uint8_t>(b.window[static_cast<size_t>(at - b.window_first_byte)]);
            detail = bitArithmetic(*op_->bit, byte);
        } else if (op_->command == "BITCOUNT") {
            const auto r = bitRange(*op_, b.bytes);
            detail = r ? "counts bits " + std::to_string(r->first) + ".." + std::to_string(r->second) +
                             " (shaded): " + std::to_string(op_answer_) + " set"
                       : "an empty range: 0";
        } else {
            detail = "BITPOS answers " + std::to_string(op_answer_);
            if (op_answer_ >= 0 && static_cast<size_t>(op_answer_) >= b.bytes * 8)
                detail += ": no 0 bit in the string, so the first bit past its end";
            else if (op_answer_ >= 0)
                detail += ": byte " + std::to_string(op_answer_ / 8) + ", bit 7 - " + std::to_string(op_answer_ % 8) +
                          " = " + std::to_string(7 - op_answer_ % 8) + " of it (outlined)";
        }
        ImGui::PushStyleColor(ImGuiCol_Text, vec(th.text));
        ImGui::TextWrapped("%s", detail.c_str());
        ImGui::PopStyleColor();
    } else {
        textColored(th.muted, "Run SETBIT / GETBIT / BITCOUNT / BITPOS on this key to see it here.");
    }
    ImGui::Spacing();
    if (b.window.empty()) {
        textColored(th.muted, "(no bits: the string is empty)");
        return;
    }
    char cap[96];
    std::snprintf(cap, sizeof cap, "bytes %zu..%zu of %zu (bit n = bit 7 - n%%8 of byte n/8)", b.window_first_byte,
                  b.window_first_byte + b.window.size() - 1, b.bytes);
    textColored(th.muted, cap);
    drawGrid(f);
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, vec(th.muted));
    ImGui::TextWrapped(
        "SETBIT numbers bits from the most significant bit of byte 0: bit 0 is mask 0x80 of byte 0, bit 7 is 0x01, "
        "bit 8 is 0x80 of byte 1. Setting a bit past the end grows the string with zero bytes. Blue cells are 1; "
        "the outlined byte and cell are the last command's; a BITCOUNT / BITPOS range is shaded. Click a cell to "
        "aim the buttons at it.");
    if (v.hll) ImGui::TextWrapped("This string is a HyperLogLog: the hll view explains its registers.");
    ImGui::PopStyleColor();
}

void StringView::drawContent(Frame& f) {
    refresh(f);
    if (!snap_ || snap_->type != ObjType::String || !snap_->string) {
        drawNoKey(f, "a string's bytes and bits");
        return;
    }
    const inspect::ValueSnapshot& v = *snap_;
    drawValueHeader(f, v);
    // The grid takes 4 bytes a row when there is room, else 2 or 1; rows fill the height.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float left_w = std::min(600 * f.scale, avail * 0.45f);
    const float right_w = avail - left_w - 12 * f.scale;
    want_per_row_ = right_w > 900 * f.scale ? 4 : right_w > 480 * f.scale ? 2 : 1;
    const float free_h = ImGui::GetContentRegionAvail().y - 9 * ImGui::GetTextLineHeightWithSpacing();
    want_rows_ = static_cast<size_t>(std::clamp(free_h / (26 * f.scale) - 1, 4.0f, 24.0f));
    ImGui::BeginChild("##bytes", ImVec2(left_w, 0), false);
    drawDump(f);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##bits", ImVec2(0, 0), false);
    if (bits_) drawBits(f, v);
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeStringView() { return std::make_unique<StringView>(); }

}  // namespace redsim::gui
