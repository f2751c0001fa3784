// Lesson Markdown: the document model md4c's callbacks become, the terminal rendering
// (golden strings with colour off and on, wrapping), ```redis sessions, and input that
// must not crash anything.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "lesson/markdown.h"

using namespace redsim::lesson;

namespace {

std::string plain(std::string_view md, int width = 40) { return renderTerminal(md, {.color = false, .width = width}); }

// The text a terminal shows: escapes removed. Fails the test on an escape that is cut.
std::string stripEscapes(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\x1b') {
            out += s[i];
            continue;
        }
        const size_t m = s.find('m', i);
        REQUIRE(m != std::string::npos);
        CHECK(s.substr(i, m - i).find('\n') == std::string::npos);
        i = m;
    }
    return out;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const size_t nl = s.find('\n', i);
        out.push_back(s.substr(i, nl - i));
        i = nl == std::string::npos ? s.size() : nl + 1;
    }
    return out;
}

int columns(std::string_view s) {
    int n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

using C = Container;

}  // namespace

TEST_SUITE("lesson.markdown") {
    TEST_CASE("lesson.markdown.model.inline_spans") {
        const auto blocks =
            parseMarkdown("# Title *it*\n\nA **b** *e* `c` ~~s~~ [l **x**](http://h/?a=1&amp;b=2) ![alt](p.png)");
        REQUIRE(blocks.size() == 2);
        CHECK(blocks[0].kind == BlockKind::Heading);
        CHECK(blocks[0].level == 1);
        CHECK(blocks[0].spans == std::vector<Span>{{"Title ", 0, ""}, {"it", kEmphasis, ""}});
        CHECK(blocks[1].kind == BlockKind::Paragraph);
        CHECK(blocks[1].path.empty());
        CHECK(blocks[1].spans == std::vector<Span>{{"A ", 0, ""},
                                                   {"b", kStrong, ""},
                                                   {" ", 0, ""},
                                                   {"e", kEmphasis, ""},
                                                   {" ", 0, ""},
                                                   {"c", kCode, ""},
                                                   {" ", 0, ""},
                                                   {"s", kStrike, ""},
                                                   {" ", 0, ""},
                                                   {"l ", kLink, "http://h/?a=1&b=2"},
                                                   {"x", kLink | kStrong, "http://h/?a=1&b=2"},
                                                   {" ", 0, ""},
                                                   {"alt", kLink, "p.png"}});
    }

    TEST_CASE("lesson.markdown.model.breaks_and_entities") {
        const auto blocks = parseMarkdown("one\ntwo  \nthree\\\nfour &amp; &lt;&gt; &quot; &#65;&#x263A; &bogus; &#0;");
        REQUIRE(blocks.size() == 1);
        CHECK(blocks[0].spans == std::vector<Span>{{"one two", 0, ""},
                                                   {"", kHardBreak, ""},
                                                   {"three", 0, ""},
                                                   {"", kHardBreak, ""},
                                                   {"four & <> \" A\xE2\x98\xBA &bogus; \xEF\xBF\xBD", 0, ""}});
        CHECK(parseMarkdown("### Deep\n\n###### Six")[1].level == 6);
    }

    TEST_CASE("lesson.markdown.model.lists") {
        const auto blocks =
            parseMarkdown("3. three\n4. four\n   - nested\n     - deeper\n\n- loose\n\n  second paragraph\n");
        REQUIRE(blocks.size() == 6);
        const Block& three = blocks[0];
        CHECK(three.kind == BlockKind::ListItem);
        CHECK(three.ordered);
        CHECK(three.number == 3);
        CHECK(three.tight);
        CHECK(three.listDepth() == 1);
        CHECK(three.spans == std::vector<Span>{{"three", 0, ""}});
        CHECK(blocks[1].number == 4);
        CHECK(blocks[1].path == three.path);
        CHECK(blocks[2].listDepth() == 2);
        CHECK_FALSE(blocks[2].ordered);
        CHECK(blocks[2].path[0] == three.path[0]);
        CHECK(blocks[3].listDepth() == 3);
        CHECK(blocks[3].spans == std::vector<Span>{{"deeper", 0, ""}});
        // A new list: its own id, loose, and an item's second paragraph sits in it.
        CHECK(blocks[4].path.size() == 1);
        CHECK(blocks[4].path[0].kind == C::List);
        CHECK(blocks[4].path[0] != three.path[0]);
        CHECK_FALSE(blocks[4].tight);
        CHECK(blocks[5].kind == BlockKind::Paragraph);
        CHECK(blocks[5].path == blocks[4].path);
        CHECK(blocks[5].spans == std::vector<Span>{{"second paragraph", 0, ""}});
        // "0." is a number, not a bullet.
        const auto zero = parseMarkdown("0. zero");
        CHECK(zero[0].ordered);
        CHECK(zero[0].number == 0);
    }

    TEST_CASE("lesson.markdown.model.code_blocks") {
        const auto blocks =
            parseMarkdown("```redis title=&quot;x&quot;\nSET k v\nOK\n```\n\n    indented\tcode\n\n~~~\n~~~\n");
        REQUIRE(blocks.size() == 3);
        CHECK(blocks[0].kind == BlockKind::Code);
        CHECK(blocks[0].lang == "redis");
        CHECK(blocks[0].info == "redis title=\"x\"");
        CHECK(blocks[0].code == "SET k v\nOK\n");
        CHECK(blocks[0].spans.empty());
        CHECK(blocks[1].lang.empty());
        CHECK(blocks[1].code == "indented\tcode\n");
        CHECK(blocks[2].code.empty());
    }

    TEST_CASE("lesson.markdown.model.quotes_rules_tables_html") {
        const auto quotes = parseMarkdown("> outer\n>\n> > inner\n>\n> - item\n\n- > quoted in an item\n");
        REQUIRE(quotes.size() == 5);
        CHECK(quotes[0].quoteDepth() == 1);
        CHECK(quotes[1].quoteDepth() == 2);
        CHECK(quotes[1].path[0] == quotes[0].path[0]);
        CHECK(quotes[2].kind == BlockKind::ListItem);
        CHECK(quotes[2].path.size() == 2);
        CHECK(quotes[2].path[0].kind == C::Quote);
        CHECK(quotes[2].path[1].kind == C::List);
        // An item whose first child is not a paragraph keeps no text of its own.
        CHECK(quotes[3].kind == BlockKind::ListItem);
        CHECK(quotes[3].spans.empty());
        CHECK(quotes[4].path.size() == 2);
        CHECK(quotes[4].path[0].kind == C::List);
        CHECK(quotes[4].path[1].kind == C::Quote);

        const auto table = parseMarkdown("a\n\n---\n\n| A | `B` |\n|---|--:|\n| 1 | **2** |\n| 3 |\n");
        REQUIRE(table.size() == 3);
        CHECK(table[1].kind == BlockKind::Rule);
        CHECK(table[2].kind == BlockKind::Table);
        CHECK(table[2].headerRows == 1);
        REQUIRE(table[2].rows.size() == 3);
        CHECK(table[2].rows[0][1] == std::vector<Span>{{"B", kCode, ""}});
        CHECK(table[2].rows[1][1] == std::vector<Span>{{"2", kStrong, ""}});
        CHECK(table[2].rows[2].size() == 2);  // md4c pads a short row
        CHECK(table[2].rows[2][1].empty());

        // Raw HTML is dropped; the text between inline tags stays.
        const auto html = parseMarkdown("<!-- note for authors -->\n\nsee <b>this</b>\n\n<div>\nblock\n</div>\n");
        REQUIRE(html.size() == 1);
        CHECK(html[0].spans == std::vector<Span>{{"see this", 0, ""}});
    }

    TEST_CASE("lesson.markdown.model.text_is_clean_utf8") {
        const auto blocks =
            parseMarkdown("bad \x1b[31mred\x7f \xff\xfe \xc2\x9b \xe2\x82 caf\xc3\xa9 &#27;\n\n```\na\x1b\tb\n```\n");
        REQUIRE(blocks.size() == 2);
        const std::string r = "\xEF\xBF\xBD";
        CHECK(blocks[0].spans[0].text ==
              "bad " + r + "[31mred" + r + " " + r + r + " " + r + " " + r + r + " caf\xc3\xa9 " + r);
        CHECK(blocks[1].code == "a" + r + "\tb\n");
    }

    TEST_CASE("lesson.markdown.terminal.golden_plain") {
        const char* md =
            "# Sorted sets\n"
            "\n"
            "A **sorted set** orders *members* by `score`; see [the docs](https://redis.io/docs) or "
            "<https://redis.io>.\n"
            "\n"
            "## Add players\n"
            "\n"
            "### Detail\n"
            "\n"
            "1. First item, long enough to wrap at forty columns.\n"
            "2. Second\n"
            "   - nested\n"
            "     - deeper\n"
            "\n"
            "> A quote that wraps onto a second line here.\n"
            ">\n"
            "> > nested\n"
            "\n"
            "```redis\n"
            "redis> ZADD board 100 alice\n"
            "(integer) 1\n"
            "\n"
            "redis> :time +10s\n"
            "redis> TYPE board\n"
            "zset\n"
            "```\n"
            "\n"
            "```\n"
            "plain\tcode, never wrapped even when it is much longer than the width\n"
            "```\n"
            "\n"
            "| Cmd | Cost |\n"
            "|-----|------|\n"
            "| ZADD | O(log N) |\n"
            "\n"
            "***\n";
        CHECK(plain(md) ==
              "Sorted sets\n"
              "═══════════\n"
              "\n"
              "A sorted set orders members by score;\n"
              "see the docs (https://redis.io/docs) or\n"
              "https://redis.io.\n"
              "\n"
              "Add players\n"
              "───────────\n"
              "\n"
              "### Detail\n"
              "\n"
              "1. First item, long enough to wrap at\n"
              "   forty columns.\n"
              "2. Second\n"
              "   ◦ nested\n"
              "     ▪ deeper\n"
              "\n"
              "│ A quote that wraps onto a second line\n"
              "│ here.\n"
              "│\n"
              "│ │ nested\n"
              "\n"
              "    redsim> ZADD board 100 alice\n"
              "    (integer) 1\n"
              "\n"
              "    redsim> :time +10s\n"
              "    redsim> TYPE board\n"
              "    zset\n"
              "\n"
              "    plain   code, never wrapped even when it is much longer than the width\n"
              "\n"
              "Cmd  │ Cost\n"
              "─────┼─────────\n"
              "ZADD │ O(log N)\n"
              "\n"
              "────────────────────────────────────────\n");
    }

    TEST_CASE("lesson.markdown.terminal.lists_quotes_spacing") {
        // Tight lists keep their items together; loose ones and separate lists do not.
        CHECK(plain("- a\n- b\n\n  more b\n\n1. one\n\n> - q\n") == "• a\n\n• b\n\n  more b\n\n1. one\n\n│ • q\n");
        CHECK(plain("- > quoted\n- ```\n  code\n  ```\n") == "•\n  │ quoted\n•\n      code\n");
        CHECK(plain("9. nine\n10. ten\n    - sub\n") == "9. nine\n10. ten\n    ◦ sub\n");
        CHECK(plain("Hard  \nbreak and a ~~strike~~") == "Hard\nbreak and a strike\n");
    }

    TEST_CASE("lesson.markdown.terminal.golden_color") {
        CHECK(renderTerminal("A **b** *i* `c` [t](u)", {}) ==
              "A \x1b[0;1mb\x1b[0m \x1b[0;3mi\x1b[0m \x1b[0;36mc\x1b[0m \x1b[0;4;34mt\x1b[0;90m (u)\x1b[0m\n");
        CHECK(renderTerminal("## H\n\n- x", {}) == "\x1b[0;1mH\x1b[0m\n─\n\n\x1b[0;33m• \x1b[0mx\n");
        CHECK(renderTerminal("```redis\nredis> SET k v\nOK\nredis> :time +1s\n```", {}) ==
              "    \x1b[0;32mredsim> \x1b[0;1mSET\x1b[0m k v\n"
              "    \x1b[0;90mOK\x1b[0m\n"
              "    \x1b[0;32mredsim> \x1b[0;35m:time +1s\x1b[0m\n");
        CHECK(renderTerminal("> **quoted bold that wraps**", {.color = true, .width = 20}) ==
              "\x1b[0;90m│ \x1b[0;1mquoted bold that\x1b[0m\n"
              "\x1b[0;90m│ \x1b[0;1mwraps\x1b[0m\n");
    }

    TEST_CASE("lesson.markdown.terminal.wrapping") {
        // A word longer than the line is cut; so is a URL.
        CHECK(plain("abcdefghijklmnopqrstuvwxyz", 10) == "abcdefghij\nklmnopqrst\nuvwxyz\n");
        CHECK(plain("see https://example.com/a/very/long/path", 20) == "see\nhttps://example.com/\na/very/long/path\n");
        // A UTF-8 character is one column, and is never split.
        const std::string e = "\xc3\xa9";
        std::string word;
        for (int i = 0; i < 12; ++i) word += e;
        CHECK(plain(word + " " + e + e, 10) == word.substr(0, 20) + "\n" + word.substr(20) + " " + e + e + "\n");
        // Escapes do not count: with colour the visible lines are the plain ones.
        const std::string md =
            "Some **bold words** and *emphasis* with `code spans` and [links](https://x.y/z) that "
            "go on for a while, ~~struck~~ too.\n\n> - quoted **list** item that also wraps around";
        for (const int width : {12, 25, 40}) {
            const std::string colored = renderTerminal(md, {.color = true, .width = width});
            CHECK(stripEscapes(colored) == plain(md, width));
            for (const auto& line : lines(plain(md, width))) CHECK(columns(line) <= width);
        }
        // No wrapping at all when the width is 0.
        CHECK(plain("a b c d e f g h i j k l m n o p q r s t u v w x y z", 0) ==
              "a b c d e f g h i j k l m n o p q r s t u v w x y z\n");
    }

    TEST_CASE("lesson.markdown.terminal.empty_garbage_and_deep_nesting") {
        CHECK(plain("") == "");
        CHECK(plain("   \n\n\t\n") == "");
        CHECK(plain("<!-- only a comment -->") == "");

        // Colour off means no escape at all, even one the input tries to smuggle in.
        const std::string evil =
            "x \x1b[2J \xc2\x9b"
            "31m &#27;[0m\n\n```redis\nGET \x1b]0;t\x07\n```\n";
        CHECK(plain(evil).find('\x1b') == std::string::npos);
        CHECK(stripEscapes(renderTerminal(evil, {})).find('\x07') == std::string::npos);

        // Deep nesting: bars and indents pile up, the text keeps some room.
        std::string quotes(3000, '>');
        const std::string deepQuote = plain(quotes + " deep text");
        CHECK(deepQuote.find("deep text") != std::string::npos);
        std::string list;
        for (int i = 0; i < 60; ++i) list += std::string(static_cast<size_t>(2 * i), ' ') + "- item\n";
        const auto deepList = lines(plain(list, 80));
        CHECK(deepList.size() == 60);
        CHECK(deepList[59].find("item") != std::string::npos);

        // Random bytes and Markdown-ish noise (fixed seed) render without crashing, and
        // whatever comes out is valid for a terminal.
        std::mt19937 rng(20261122);
        const std::string alphabet = "#>*-_`~[]()!|:&;\n \t1.\\<a\xc3\xa9\xff\x1b";
        for (int round = 0; round < 300; ++round) {
            std::string junk;
            const int n = static_cast<int>(rng() % 400);
            for (int i = 0; i < n; ++i) {
                junk += round % 2 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()];
            }
            const std::string out =
                renderTerminal(junk, {.color = round % 3 == 0, .width = static_cast<int>(rng() % 50)});
            if (round % 3 != 0) CHECK(out.find('\x1b') == std::string::npos);
        }
        CHECK_NOTHROW(plain(std::string(20000, '*') + std::string(20000, '[') + std::string(20000, '`')));
    }

    TEST_CASE("lesson.markdown.session.rendered_transaction") {
        CHECK(plain("```redis\nredis> MULTI\nOK\nredis> INCR n\nQUEUED\nredis> EXEC\n1) (integer) 1\nredis> "
                    "RESET\nRESET\nredis> TYPE s\nset\n```") ==
              "    redsim> MULTI\n"
              "    OK\n"
              "    redsim> INCR n\n"
              "    QUEUED\n"
              "    redsim> EXEC\n"
              "    1) (integer) 1\n"
              "    redsim> RESET\n"
              "    RESET\n"
              "    redsim> TYPE s\n"
              "    set\n");
    }
}
