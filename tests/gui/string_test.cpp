// The string view's model (gui/model/bits_layout.h): encoding rules, hex dump lines,
// the bit grid (SETBIT's numbering), parsing the last bit command, and BITPOS /
// BITCOUNT replayed with Redis's range rules, checked against the engine's answers.
#include "gui/model/bits_layout.h"

#include <doctest/doctest.h>

#include <string>

#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// The engine's reply to a line, as the console shows it ("(integer) 3" -> "3").
std::string reply(GuiState& s, const std::string& line) {
    s.runLine(0, line);
    const auto& lines = s.tabs()[0].lines;
    std::string out = lines.back().text;
    if (out.rfind("(integer) ", 0) == 0) out = out.substr(10);
    return out;
}

}  // namespace

TEST_SUITE("gui.string") {
    TEST_CASE("gui.string.rules") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "SET n 42");
        s.runLine(0, "SET e hello");
        s.runLine(0, "SET r " + std::string(50, 'x'));
        s.runLine(0, "SET a hi");
        s.runLine(0, "APPEND a !");
        auto rules = [&](const char* k) {
            auto v = inspect::inspectValue(s.engine(), 0, k);
            REQUIRE(v);
            std::string applies;
            for (const auto& r : stringEncodingRules(*v))
                if (r.applies) applies += r.name;
            return applies;
        };
        CHECK(rules("n") == "int");
        CHECK(rules("e") == "embstr");
        CHECK(rules("r") == "raw");
        CHECK(rules("a") == "raw");
        auto v = inspect::inspectValue(s.engine(), 0, "n");
        CHECK(contains(stringEncodingRules(*v)[0].rule, "(this one is)"));
    }

    TEST_CASE("gui.string.hexdump") {
        const auto lines = hexDumpLines("hello world\n\x01\xff", 0);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0] == "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 01 ff        |hello world...|");
        const auto two = hexDumpLines(std::string(20, 'A'), 32);
        REQUIRE(two.size() == 2);
        CHECK(two[1].rfind("00000030 ", 0) == 0);
        CHECK(contains(two[1], "|AAAA|"));
        CHECK(hexDumpLines("", 0).empty());
    }

    TEST_CASE("gui.string.grid_numbers_bits_as_setbit") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "SETBIT b 13 1");
        s.runLine(0, "SETBIT b 0 1");
        inspect::Limits lim;
        lim.bit_bytes = 4;
        auto bits = inspect::bitsOf(s.engine(), 0, "b", std::nullopt, lim);
        REQUIRE(bits);
        const auto cells = bitGrid(*bits, 1);
        REQUIRE(cells.size() == 16);
        for (const auto& c : cells) CHECK(c.set == (c.bit == 13 || c.bit == 0));
        CHECK(cells[13].byte == 1);
        CHECK(cells[13].shift == 2);
        CHECK(cells[13].row == 1);
        CHECK(cells[13].col == 5);
        const auto two = bitGrid(*bits, 2);
        CHECK(two[13].row == 0);
        CHECK(two[13].col == 13);
        CHECK(bitCellOf(*bits, 2, 13) == std::pair<int, int>{0, 13});
        CHECK(!bitCellOf(*bits, 2, 800));
        CHECK(contains(bitArithmetic(13, uint8_t{0x04}), "byte 13 / 8 = 1, bit 7 - 13 % 8 = 2 of it (mask 0x04)"));
        CHECK(contains(bitArithmetic(13, uint8_t{0x04}), "0x04 = 00000100, so the bit is 1"));
        CHECK(contains(bitArithmetic(9000, std::nullopt), "past the end"));
    }

    TEST_CASE("gui.string.last_op_parse") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "SETBIT k 7 1");
        s.runLine(0, "SET other x");
        auto op = lastBitOp(s.commands(), "k");
        REQUIRE(op);
        CHECK(op->command == "SETBIT");
        CHECK(op->bit == 7u);
        CHECK(op->value == 1);
        CHECK(op->text == "SETBIT k 7 1");
        s.runLine(0, "bitcount k 0 -1 bit");
        op = lastBitOp(s.commands(), "k");
        REQUIRE(op);
        CHECK(op->command == "BITCOUNT");
        CHECK(op->start == 0);
        CHECK(op->end == -1);
        CHECK(op->bit_unit);
        CHECK(!lastBitOp(s.commands(), "other"));
        s.runLine(0, "GETBIT k notanumber");
        CHECK(!lastBitOp(s.commands(), "k"));
    }

    TEST_CASE("gui.string.bitpos_bitcount_match_the_engine") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "SET k \"\\xff\\xf0\\x00\\x0f\\xff\"");
        s.runLine(0, "SET ones \"\\xff\\xff\"");
        const char* lines[] = {"BITPOS k 1",       "BITPOS k 0",          "BITPOS k 1 2",
                               "BITPOS k 0 3 -1",  "BITPOS k 1 9 30 BIT", "BITPOS k 0 -2 -1 BYTE",
                               "BITPOS k 1 3 1",   "BITPOS ones 0",       "BITPOS ones 0 0 -1",
                               "BITPOS ones 0 0",  "BITCOUNT k",          "BITCOUNT k 1 2",
                               "BITCOUNT k -2 -1", "BITCOUNT k 5 30 BIT", "BITCOUNT k -1 -2",
                               "BITCOUNT k 9 3"};
        for (const char* line : lines) {
            CAPTURE(line);
            const std::string want = reply(s, line);
            const auto op = lastBitOp(s.commands(), std::string(line).find("ones") != std::string::npos ? "ones" : "k");
            REQUIRE(op);
            auto v = inspect::inspectValue(s.engine(), 0, op->text.find("ones") != std::string::npos ? "ones" : "k",
                                           inspect::Limits{.string_bytes = 1024});
            const std::string& bytes = v->string->bytes.text;
            if (op->command == "BITPOS")
                CHECK(std::to_string(bitpos(bytes, *op)) == want);
            else
                CHECK(std::to_string(bitcount(bytes, *op)) == want);
        }
        // The focus: SETBIT's bit, BITPOS's answer, a BITCOUNT range's start.
        BitOp pos;
        pos.command = "BITPOS";
        pos.value = 1;
        CHECK(focusBit(pos, std::string("\x00\x10", 2)) == 11u);
    }
}
