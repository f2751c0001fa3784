// markdown.cpp — md4c's callbacks turned into blocks (parseMarkdown), blocks turned into
// terminal lines (renderTerminal), and the command/reply split of ```redis blocks.
//
// The terminal side never wraps text that already holds escape sequences: it lays out
// `Styled` text (a style per byte) and writes escapes only when a finished line is
// emitted, so a break can never fall inside an escape and escapes never count as columns.
#include "lesson/markdown.h"

#include <md4c.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <utility>

namespace redsim::lesson {

int Block::quoteDepth() const {
    return static_cast<int>(
        std::count_if(path.begin(), path.end(), [](Container c) { return c.kind == Container::Quote; }));
}
int Block::listDepth() const { return static_cast<int>(path.size()) - quoteDepth(); }

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void appendUtf8(std::string& out, uint32_t cp) {
    const int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    constexpr unsigned kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    out += static_cast<char>(n == 1 ? cp : kLead[n] | (cp >> (6 * (n - 1))));
    for (int k = n - 2; k >= 0; --k) out += static_cast<char>(0x80 | ((cp >> (6 * k)) & 0x3F));
}

// Length of the well-formed UTF-8 character at s[i] (no overlong forms, no surrogates),
// or 0 when the bytes there are not one.
size_t utf8Length(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80                 ? 1
                     : c >= 0xC2 && c <= 0xDF ? 2
                     : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4
                                              : 0;
    if (n <= 1) return n;
    if (i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
        return 0;
    }
    return n;
}

// Appends `s` keeping the model's promise: valid UTF-8 and no control characters (C0, DEL
// and C1: U+009B alone starts a terminal escape). Code keeps its '\n' and '\t'; in prose
// they are spaces.
void appendClean(std::string& out, std::string_view s, bool code) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = utf8Length(s, i);
        if (n == 1 && (c < 0x20 || c == 0x7F)) {
            if (c == '\n' || c == '\t') {
                out += code ? static_cast<char>(c) : ' ';
            } else {
                out += kReplacement;
            }
        } else if (n == 0 || (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0)) {
            out += kReplacement;
        } else {
            out.append(s.substr(i, n));
        }
        i += std::max<size_t>(n, 1);
    }
}

// The named entities a lesson is likely to use; any other name stays as written.
constexpr std::pair<std::string_view, uint32_t> kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},    {"nbsp", 0xA0},
    {"copy", 0xA9},    {"reg", 0xAE},     {"deg", 0xB0},      {"plusmn", 0xB1},  {"middot", 0xB7},  {"times", 0xD7},
    {"divide", 0xF7},  {"ndash", 0x2013}, {"mdash", 0x2014},  {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"bull", 0x2022},  {"hellip", 0x2026}, {"larr", 0x2190},  {"rarr", 0x2192},  {"harr", 0x2194},
    {"le", 0x2264},    {"ge", 0x2265},    {"ne", 0x2260},     {"infin", 0x221E}, {"check", 0x2713},
};

// "&amp;" -> "&", "&#233;" / "&#xE9;" -> "é". Numeric references to nothing (0, surrogates,
// past U+10FFFF) become U+FFFD, as CommonMark says.
std::string decodeEntity(std::string_view e) {
    std::string out;
    if (e.size() < 3 || e.front() != '&' || e.back() != ';') return std::string(e);
    const std::string_view body = e.substr(1, e.size() - 2);
    if (body[0] == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        uint32_t cp = 0;
        for (const char ch : body.substr(hex ? 2 : 1)) {
            const int d = ch >= '0' && ch <= '9'                                 ? ch - '0'
                          : hex && std::isxdigit(static_cast<unsigned char>(ch)) ? (ch | 0x20) - 'a' + 10
                                                                                 : -1;
            if (d < 0) return std::string(e);
            cp = std::min<uint32_t>(cp * (hex ? 16 : 10) + static_cast<uint32_t>(d), 0x110000);
        }
        appendUtf8(out, cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp);
        return out;
    }
    for (const auto& [name, cp] : kEntities) {
        if (name == body) {
            appendUtf8(out, cp);
            return out;
        }
    }
    return std::string(e);
}

// An md4c attribute (a link's href, a code block's info string) with entities decoded.
std::string attribute(const MD_ATTRIBUTE& a) {
    std::string raw;
    for (int k = 0; a.size > 0 && a.substr_offsets[k] < a.size; ++k) {
        const std::string_view piece(a.text + a.substr_offsets[k], a.substr_offsets[k + 1] - a.substr_offsets[k]);
        raw += a.substr_types[k] == MD_TEXT_ENTITY     ? decodeEntity(piece)
               : a.substr_types[k] == MD_TEXT_NULLCHAR ? std::string(kReplacement)
                                                       : std::string(piece);
    }
    std::string out;
    appendClean(out, raw, false);
    return out;
}

// Collects blocks from md4c's enter/leave/text callbacks.
struct Builder {
    struct List {
        bool tight = false;
        bool ordered = false;
        int next = 0;  // the number of its next item
    };
    std::vector<Block> blocks;
    std::vector<Container> path;     // containers open now
    std::vector<List> lists;         // lists open now, innermost last
    int target = -1;                 // the block receiving inline text; -1: none
    int table = -1;                  // the table being read
    bool inCell = false;             // inline text goes to the table's last cell
    int containers = 0;              // ids given so far
    std::array<int, 16> spans{};     // open spans, by MD_SPANTYPE
    std::vector<std::string> hrefs;  // of open links, innermost last

    Block& open(BlockKind kind) {
        Block& b = blocks.emplace_back();
        b.kind = kind;
        b.path = path;
        b.tight = !lists.empty() && lists.back().tight;
        target = static_cast<int>(blocks.size()) - 1;
        return b;
    }
    std::vector<Span>& sink() {
        // Text with no block to go to (a tight item's text after its nested list, say)
        // gets a paragraph of its own.
        if (target < 0) open(BlockKind::Paragraph);
        Block& b = blocks[static_cast<size_t>(target)];
        return inCell && !b.rows.empty() && !b.rows.back().empty() ? b.rows.back().back() : b.spans;
    }
    void addText(std::string_view text) {
        if (target >= 0 && blocks[static_cast<size_t>(target)].kind == BlockKind::Code) {
            appendClean(blocks[static_cast<size_t>(target)].code, text, true);
            return;
        }
        const uint8_t flags = (spans[MD_SPAN_STRONG] ? kStrong : 0) | (spans[MD_SPAN_EM] ? kEmphasis : 0) |
                              (spans[MD_SPAN_CODE] ? kCode : 0) | (spans[MD_SPAN_DEL] ? kStrike : 0) |
                              (hrefs.empty() ? 0 : kLink);
        const std::string href = hrefs.empty() ? std::string() : hrefs.back();
        std::vector<Span>& to = sink();
        if (to.empty() || to.back().flags != flags || to.back().href != href) to.push_back(Span{"", flags, href});
        appendClean(to.back().text, text, false);
    }
};

Builder& builder(void* user) { return *static_cast<Builder*>(user); }

int enterBlock(MD_BLOCKTYPE type, void* detail, void* user) {
    Builder& b = builder(user);
    switch (type) {
        case MD_BLOCK_QUOTE:
            b.path.push_back({Container::Quote, ++b.containers});
            b.target = -1;
            break;
        case MD_BLOCK_UL:
        case MD_BLOCK_OL: {
            Builder::List list;
            if (type == MD_BLOCK_UL) {
                list.tight = static_cast<MD_BLOCK_UL_DETAIL*>(detail)->is_tight != 0;
            } else {
                const auto* ol = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
                list = {ol->is_tight != 0, true, static_cast<int>(std::min<unsigned>(ol->start, INT_MAX / 2))};
            }
            b.lists.push_back(list);
            b.path.push_back({Container::List, ++b.containers});
            b.target = -1;
            break;
        }
        case MD_BLOCK_LI:
            if (!b.lists.empty()) {
                Builder::List& list = b.lists.back();
                Block& item = b.open(BlockKind::ListItem);
                item.ordered = list.ordered;
                item.number = list.ordered ? list.next++ : 0;
            }
            break;
        case MD_BLOCK_HR:
            b.open(BlockKind::Rule);
            b.target = -1;
            break;
        case MD_BLOCK_H:
            b.open(BlockKind::Heading).level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
            break;
        case MD_BLOCK_CODE: {
            const auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
            Block& code = b.open(BlockKind::Code);
            code.info = attribute(d->info);
            code.lang = attribute(d->lang);
            break;
        }
        case MD_BLOCK_P: {
            // An item's first paragraph is the item's own text.
            const bool freshItem = b.target >= 0 &&
                                   b.blocks[static_cast<size_t>(b.target)].kind == BlockKind::ListItem &&
                                   b.blocks[static_cast<size_t>(b.target)].spans.empty();
            if (!freshItem) b.open(BlockKind::Paragraph);
            break;
        }
        case MD_BLOCK_TABLE:
            b.open(BlockKind::Table).headerRows =
                static_cast<int>(static_cast<MD_BLOCK_TABLE_DETAIL*>(detail)->head_row_count);
            b.table = b.target;
            break;
        case MD_BLOCK_TR:
            if (b.table >= 0) b.blocks[static_cast<size_t>(b.table)].rows.emplace_back();
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (b.table >= 0 && !b.blocks[static_cast<size_t>(b.table)].rows.empty()) {
                b.blocks[static_cast<size_t>(b.table)].rows.back().emplace_back();
                b.target = b.table;
                b.inCell = true;
            }
            break;
        default:  // the document, raw HTML (dropped), a table's head and body
            break;
    }
    return 0;
}

int leaveBlock(MD_BLOCKTYPE type, void*, void* user) {
    Builder& b = builder(user);
    if ((type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL) && !b.path.empty()) b.path.pop_back();
    if ((type == MD_BLOCK_UL || type == MD_BLOCK_OL) && !b.lists.empty()) b.lists.pop_back();
    if (type == MD_BLOCK_TABLE) b.table = -1;
    b.inCell = false;
    b.target = (type == MD_BLOCK_TH || type == MD_BLOCK_TD) ? b.table : -1;
    return 0;
}

int onSpan(MD_SPANTYPE type, void* detail, void* user, int delta) {
    Builder& b = builder(user);
    if (type == MD_SPAN_A || type == MD_SPAN_IMG) {
        if (delta > 0) {
            b.hrefs.push_back(attribute(type == MD_SPAN_A ? static_cast<MD_SPAN_A_DETAIL*>(detail)->href
                                                          : static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src));
        } else if (!b.hrefs.empty()) {
            b.hrefs.pop_back();
        }
    } else if (static_cast<size_t>(type) < b.spans.size()) {
        b.spans[static_cast<size_t>(type)] += delta;
    }
    return 0;
}

int onText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
    Builder& b = builder(user);
    if (type == MD_TEXT_BR) {
        b.sink().push_back(Span{"", kHardBreak, ""});
    } else if (type != MD_TEXT_HTML) {
        const std::string_view s(text, size);
        b.addText(type == MD_TEXT_SOFTBR     ? std::string(" ")
                  : type == MD_TEXT_ENTITY   ? decodeEntity(s)
                  : type == MD_TEXT_NULLCHAR ? std::string(kReplacement)
                                             : std::string(s));
    }
    return 0;
}

}  // namespace

std::vector<Block> parseMarkdown(std::string_view md) {
    Builder b;
    MD_PARSER parser{};
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
    parser.enter_block = enterBlock;
    parser.leave_block = leaveBlock;
    parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) { return onSpan(t, d, u, +1); };
    parser.leave_span = [](MD_SPANTYPE t, void* d, void* u) { return onSpan(t, d, u, -1); };
    parser.text = onText;
    // md4c counts in unsigned ints; a lesson is never near 4 GiB, so cutting there is fine.
    md_parse(md.data(), static_cast<MD_SIZE>(std::min<size_t>(md.size(), UINT_MAX)), &parser, &b);
    // Paragraphs that held only raw HTML are left empty: nothing to show.
    std::erase_if(b.blocks, [](const Block& x) { return x.kind == BlockKind::Paragraph && x.spans.empty(); });
    return std::move(b.blocks);
}

// ---- Terminal rendering ------------------------------------------------------------

namespace {

// A style: SGR attribute bits in the low byte, an SGR colour number (0: none) above.
enum : uint16_t { kBold = 1, kItalic = 2, kUnderline = 4, kStrikeOut = 8 };
constexpr uint16_t fg(int sgr) { return static_cast<uint16_t>(sgr << 8); }
constexpr uint16_t kGreen = fg(32), kYellow = fg(33), kBlue = fg(34), kMagenta = fg(35), kCyan = fg(36), kGrey = fg(90);
constexpr uint16_t withColor(uint16_t style, uint16_t color) { return static_cast<uint16_t>((style & 0xFF) | color); }

constexpr int kNoWrap = 1 << 24;                          // "columns" when the style asks for no wrapping
constexpr int kMinText = 20;                              // deep nesting leaves text half the width, up to this much
constexpr std::string_view kBullets[] = {"•", "◦", "▪"};  // by list level, round and round

// Text with a style per byte.
struct Styled {
    std::string text;
    std::vector<uint16_t> style;
    void add(std::string_view s, uint16_t st) {
        text += s;
        style.insert(style.end(), s.size(), st);
    }
    void add(const Styled& o) {
        text += o.text;
        style.insert(style.end(), o.style.begin(), o.style.end());
    }
};

// Columns of valid UTF-8: one per character, whatever its shape.
int columns(std::string_view s) {
    return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

std::string sgr(uint16_t st) {
    std::string s = "\x1b[0";
    if (st & kBold) s += ";1";
    if (st & kItalic) s += ";3";
    if (st & kUnderline) s += ";4";
    if (st & kStrikeOut) s += ";9";
    if (st >> 8) s += ";" + std::to_string(st >> 8);
    return s + "m";
}

// Writes one finished line: trailing spaces dropped, an escape wherever the style
// changes, and a reset at the end so no style leaks into the next line.
void emitLine(std::string& out, const Styled& line, bool color) {
    const size_t last = line.text.find_last_not_of(' ');
    const size_t end = last == std::string::npos ? 0 : last + 1;
    uint16_t current = 0;
    for (size_t i = 0; i < end; ++i) {
        if (color && line.style[i] != current) out += sgr(current = line.style[i]);
        out += line.text[i];
    }
    if (current != 0) out += "\x1b[0m";
    out += '\n';
}

// Greedy word wrap at `width` columns ('\n' forces a break). Runs of spaces become one;
// a word wider than a whole line is cut between two characters.
std::vector<Styled> wrap(const Styled& s, int width) {
    width = std::max(width, 1);
    const std::string& t = s.text;
    std::vector<Styled> lines(1);
    int cols = 0;
    auto take = [&](size_t from, size_t to) {
        lines.back().text.append(t, from, to - from);
        lines.back().style.insert(lines.back().style.end(), s.style.begin() + static_cast<long>(from),
                                  s.style.begin() + static_cast<long>(to));
    };
    for (size_t i = 0; i < t.size();) {
        if (t[i] == '\n') {
            lines.emplace_back();
            cols = 0;
        }
        if (t[i] == ' ' || t[i] == '\n') {
            ++i;
            continue;
        }
        const size_t j = std::min(t.find_first_of(" \n", i), t.size());
        int w = columns(std::string_view(t).substr(i, j - i));
        if (cols > 0 && cols + 1 + w > width) {
            lines.emplace_back();
            cols = 0;
        }
        if (cols > 0) {
            lines.back().add(" ", s.style[i - 1]);  // the space keeps its style (a link's underline)
            ++cols;
        }
        while (w > width) {
            size_t cut = i;
            for (int n = 0; n < width; ++n) {
                ++cut;
                while (cut < j && (t[cut] & 0xC0) == 0x80) ++cut;
            }
            take(i, cut);
            lines.emplace_back();
            w -= width;
            i = cut;
        }
        take(i, j);
        cols += w;
        i = j;
    }
    return lines;
}

// A link shows its target after its text, unless the text is the target (an autolink).
bool showsTarget(std::string_view text, std::string_view href) {
    return !href.empty() && text != href && ("mailto:" + std::string(text)) != href;
}

Styled inlineText(const std::vector<Span>& spans, uint16_t base) {
    Styled out;
    std::string linkText;
    for (size_t k = 0; k < spans.size(); ++k) {
        const Span& sp = spans[k];
        if (sp.flags & kHardBreak) {
            out.add("\n", base);
            continue;
        }
        uint16_t st = base;
        if (sp.flags & kStrong) st |= kBold;
        if (sp.flags & kEmphasis) st |= kItalic;
        if (sp.flags & kStrike) st |= kStrikeOut;
        if (sp.flags & kCode) st = withColor(st, kCyan);
        if (sp.flags & kLink) st = withColor(st | kUnderline, kBlue);
        out.add(sp.text, st);
        if (!(sp.flags & kLink)) continue;
        linkText += sp.text;
        const bool linkEnds = k + 1 == spans.size() || !(spans[k + 1].flags & kLink) || spans[k + 1].href != sp.href;
        if (!linkEnds) continue;
        if (showsTarget(linkText, sp.href)) out.add(" (" + sp.href + ")", withColor(base, kGrey));
        linkText.clear();
    }
    return out;
}

std::string expandTabs(std::string_view line) {
    std::string out;
    int col = 0;
    for (const char c : line) {
        if (c == '\t') {
            const int n = 4 - col % 4;
            out.append(static_cast<size_t>(n), ' ');
            col += n;
        } else {
            out += c;
            col += (c & 0xC0) != 0x80;
        }
    }
    return out;
}

// A code block's lines, indented four columns. A ```redis block reads as a session at
// the redsim prompt: the command's name bold, meta lines in their own colour, replies grey.
std::vector<Styled> codeLines(const Block& b) {
    std::vector<Styled> lines;
    const bool redis = b.lang == "redis";
    std::string_view code = b.code;
    while (!code.empty()) {
        const size_t nl = std::min(code.find('\n'), code.size());
        const std::string line = expandTabs(code.substr(0, nl));
        code.remove_prefix(std::min(nl + 1, code.size()));
        Styled& l = lines.emplace_back();
        l.add("    ", 0);
        if (!redis) {
            l.add(line, kCyan);
            continue;
        }
        // A command follows the prompt "redis> " (shown as the learner's "redsim> ");
        // every other line is what redis-cli printed.
        constexpr std::string_view kPrompt = "redis> ";
        if (!std::string_view(line).starts_with(kPrompt)) {
            if (!line.empty()) l.add(line, kGrey);
            continue;
        }
        const std::string_view cmd = std::string_view(line).substr(kPrompt.size());
        l.add("redsim> ", kGreen);
        if (cmd.starts_with(':')) {
            l.add(cmd, kMagenta);
            continue;
        }
        const size_t name = std::min(cmd.find(' '), cmd.size());
        l.add(cmd.substr(0, name), kBold);
        l.add(cmd.substr(name), 0);
    }
    if (lines.empty()) lines.emplace_back();
    return lines;
}

// Columns padded to their widest cell, "│" between them, a rule under the header.
std::vector<Styled> tableLines(const Block& b) {
    std::vector<std::vector<Styled>> cells;
    std::vector<int> widths;
    for (size_t r = 0; r < b.rows.size(); ++r) {
        auto& row = cells.emplace_back();
        for (size_t c = 0; c < b.rows[r].size(); ++c) {
            Styled cell = inlineText(b.rows[r][c], static_cast<int>(r) < b.headerRows ? kBold : 0);
            std::replace(cell.text.begin(), cell.text.end(), '\n', ' ');
            if (widths.size() <= c) widths.push_back(0);
            widths[c] = std::max(widths[c], columns(cell.text));
            row.push_back(std::move(cell));
        }
    }
    std::vector<Styled> lines;
    for (size_t r = 0; r < cells.size(); ++r) {
        Styled& line = lines.emplace_back();
        for (size_t c = 0; c < widths.size(); ++c) {
            if (c > 0) line.add(" │ ", kGrey);
            const int w = c < cells[r].size() ? columns(cells[r][c].text) : 0;
            if (c < cells[r].size()) line.add(cells[r][c]);
            line.add(std::string(static_cast<size_t>(widths[c] - w), ' '), 0);
        }
        if (static_cast<int>(r) + 1 == b.headerRows) {
            Styled& rule = lines.emplace_back();
            for (size_t c = 0; c < widths.size(); ++c)
                rule.add(std::string(c > 0 ? "─┼─" : "") + repeat("─", widths[c]), kGrey);
        }
    }
    return lines;
}

struct Renderer {
    const TermStyle& style;
    std::string out;
    std::vector<int> indents;  // per list level: the columns of its current item's marker

    // A bar per block quote and the hanging indent of each list level, for the first
    // `depth` containers of `b`; `marker`: the first line of an item, whose innermost
    // indent shows the bullet or number.
    Styled prefix(const Block& b, size_t depth, bool marker) const {
        Styled p;
        const size_t innermost = static_cast<size_t>(b.listDepth());
        size_t level = 0;
        for (size_t k = 0; k < depth; ++k) {
            if (b.path[k].kind == Container::Quote) {
                p.add("│ ", kGrey);
            } else if (++level == innermost && marker) {
                p.add(markerOf(b), kYellow);
            } else {
                p.add(std::string(static_cast<size_t>(indents[level - 1]), ' '), 0);
            }
        }
        return p;
    }
    static std::string markerOf(const Block& b) {
        if (b.ordered) return std::to_string(b.number) + ". ";
        return std::string(kBullets[static_cast<size_t>(std::max(b.listDepth() - 1, 0)) % 3]) + " ";
    }

    // The blank line between two blocks, keeping the bars of the quotes they share. The
    // blocks of a tight list follow each other without one.
    void separate(const Block& prev, const Block& b) {
        size_t common = 0;
        while (common < prev.path.size() && common < b.path.size() && prev.path[common] == b.path[common]) ++common;
        const auto shared = b.path.begin() + static_cast<long>(common);
        if (b.tight && std::any_of(b.path.begin(), shared, [](Container c) { return c.kind == Container::List; }))
            return;
        emitLine(out, prefix(b, common, false), style.color);
    }

    std::vector<Styled> body(const Block& b, int width) const {
        switch (b.kind) {
            case BlockKind::Heading: {
                const uint16_t base = b.level == 1 ? kBold | kMagenta : kBold;
                Styled text;
                if (b.level >= 3) text.add(std::string(static_cast<size_t>(b.level), '#') + " ", base);
                text.add(inlineText(b.spans, base));
                auto lines = wrap(text, width);
                int w = 0;
                for (const auto& l : lines) w = std::max(w, columns(l.text));
                if (b.level <= 2 && w > 0)
                    lines.emplace_back().add(repeat(b.level == 1 ? "═" : "─", w),
                                             withColor(0, static_cast<uint16_t>(base & 0xFF00)));
                return lines;
            }
            case BlockKind::Paragraph:
            case BlockKind::ListItem:
                return wrap(inlineText(b.spans, 0), width);
            case BlockKind::Code:
                return codeLines(b);
            case BlockKind::Table:
                return tableLines(b);
            case BlockKind::Rule: {
                std::vector<Styled> rule(1);
                rule[0].add(repeat("─", width == kNoWrap ? 40 : width), kGrey);
                return rule;
            }
        }
        return {};
    }

    void block(const Block& b) {
        indents.resize(static_cast<size_t>(b.listDepth()), 2);
        if (b.kind == BlockKind::ListItem && !indents.empty()) indents.back() = columns(markerOf(b));
        const Styled first = prefix(b, b.path.size(), b.kind == BlockKind::ListItem);
        const Styled rest = prefix(b, b.path.size(), false);
        int width = kNoWrap;
        if (style.width > 0) width = std::max(style.width - columns(rest.text), std::min(style.width / 2, kMinText));
        const auto lines = body(b, width);
        for (size_t i = 0; i < lines.size(); ++i) {
            Styled line = i == 0 ? first : rest;
            line.add(lines[i]);
            emitLine(out, line, style.color);
        }
    }
};

}  // namespace

std::string renderTerminal(std::string_view md, const TermStyle& style) {
    const std::vector<Block> blocks = parseMarkdown(md);
    Renderer r{style, {}, {}};
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (i > 0) r.separate(blocks[i - 1], blocks[i]);
        r.block(blocks[i]);
    }
    return std::move(r.out);
}

}  // namespace redsim::lesson
