// markdown.h — a lesson's Markdown as a small document model, and its terminal rendering.
//
// md4c (CommonMark plus GitHub tables and strikethrough) does the parsing; parseMarkdown
// turns its callbacks into a flat list of blocks that any face can draw: the REPL renders
// them for a terminal here (renderTerminal), the GUI's lesson pane draws the same blocks
// with Dear ImGui. The model knows nothing about either.
//
// Flat, not a tree: every block records the containers it sits in (block quotes and list
// items, outermost first), so a renderer walks one vector and draws a bar per quote and
// an indent per list level; no recursion, however deep the nesting.
//
// The text in the model is always valid UTF-8 without control characters (bytes that are
// not UTF-8 and control characters become U+FFFD; code keeps '\n' and '\t'), so nothing a
// lesson holds can move a terminal's cursor or confuse a font.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redsim::lesson {

// Inline styles of a span, combined as bits.
enum SpanFlag : uint8_t {
    kStrong = 1,      // **strong**
    kEmphasis = 2,    // *emphasis*
    kCode = 4,        // `code`
    kLink = 8,        // [text](href); an image ![alt](src) is a link too
    kStrike = 16,     // ~~strikethrough~~
    kHardBreak = 32,  // a hard line break (two spaces or '\' at the end of a line); no text
};

// A run of text with one style. Soft line breaks are spaces; entities are decoded.
struct Span {
    std::string text;
    uint8_t flags = 0;  // SpanFlag bits
    std::string href;   // kLink only
    bool operator==(const Span&) const = default;
};

enum class BlockKind { Heading, Paragraph, ListItem, Code, Rule, Table };

// A block quote or a list around a block. The id tells containers of the same kind
// apart (two lists in a row are two lists); it is unique within one parsed document.
struct Container {
    enum Kind : uint8_t { Quote, List } kind = Quote;
    int id = 0;
    bool operator==(const Container&) const = default;
};

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    // The block quotes and lists this block sits in, outermost first. A list item's own
    // list is the last List here; a paragraph that continues an item (its second
    // paragraph, say) has the same path as the item and is indented like its text.
    std::vector<Container> path;
    // Inside a tight list (items not separated by blank lines): no blank line is wanted
    // between this block and a preceding block in the same list.
    bool tight = false;

    int level = 0;         // Heading: 1..6
    bool ordered = false;  // ListItem: in an ordered list ("1." rather than a bullet)
    int number = 0;        // ListItem in an ordered list: its number

    std::vector<Span> spans;  // Heading, Paragraph, ListItem (the item's first paragraph)

    std::string info;  // Code: the whole info string ("redis title=x"); empty if none
    std::string lang;  // Code: its first word ("redis")
    std::string code;  // Code: the raw text, each line ending in '\n'

    // Table: rows of cells, each cell a list of spans; the first headerRows rows are the
    // header. Every row has the same number of cells.
    std::vector<std::vector<std::vector<Span>>> rows;
    int headerRows = 0;

    int quoteDepth() const;
    int listDepth() const;
};

// Parses Markdown (CommonMark with tables and ~~strikethrough~~). Never fails: any input,
// binary included, gives some blocks. Raw HTML is dropped (an HTML comment is a note for
// authors), the text between inline tags stays.
std::vector<Block> parseMarkdown(std::string_view md);

struct TermStyle {
    bool color = true;  // ANSI escapes; false: plain text with the same layout
    int width = 80;     // columns to wrap at; 0 or less: no wrapping
};

// Renders Markdown for a terminal: the result is lines ending in '\n' ("" for a document
// without blocks). Headings: h1 underlined with '═', h2 with '─', deeper ones keep their
// "###"; lists get bullets or numbers with hanging indents, block quotes a "│ " bar,
// links read "text (url)". Prose wraps at style.width (escapes do not count; a UTF-8
// character is one column; a word longer than a line is cut). Code blocks are indented
// four columns and never wrapped; ```redis blocks are shown as a redsim session (a
// "redsim> " prompt before each command written after "redis> ", replies dimmed).
// Tables are laid out in columns and are not wrapped either.
std::string renderTerminal(std::string_view md, const TermStyle& style);

}  // namespace redsim::lesson
