// The listpack view's model (gui/model/listpack_layout.h): the pieces of a listpack
// and of an intset add up to the whole buffer, the strip layout wraps groups into rows
// within the budget, and the hex / backlen / little-endian helpers.
#include "gui/model/listpack_layout.h"

#include <doctest/doctest.h>

#include <string>

#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

TEST_SUITE("gui.listpack") {
    TEST_CASE("gui.listpack.pieces.cover_every_byte") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "HSET h name ada age 36 city london");
        auto v = inspect::inspectValue(s.engine(), 0, "h", inspect::Limits{.raw_bytes = 32});
        REQUIRE(v);
        REQUIRE(v->listpack);
        const auto pieces = listpackPieces(*v->listpack);
        // Consecutive and complete: header, entries, terminator.
        size_t next = 0;
        for (const BytePiece& p : pieces) {
            CHECK(p.offset == next);
            next = p.offset + p.bytes;
        }
        CHECK(next == v->listpack->total_bytes);
        CHECK(pieces.front().kind == BytePiece::Kind::Total);
        CHECK(pieces.front().label == std::to_string(v->listpack->total_bytes));
        CHECK(pieces[1].label == "6");
        CHECK(pieces.back().kind == BytePiece::Kind::Terminator);
        CHECK(pieces.back().hex == "FF");
        // "36" is a 7-bit uint: the value lives in the encoding byte, no data piece.
        bool small_int = false;
        for (const BytePiece& p : pieces)
            if (p.kind == BytePiece::Kind::Encoding && p.label == "uint7") {
                small_int = true;
                CHECK(p.hex == "24");  // 36
            }
        CHECK(small_int);
        // A string's data is its bytes; its backlen is encoding + data.
        for (const BytePiece& p : pieces)
            if (p.kind == BytePiece::Kind::Data && p.label == "ada") CHECK(p.hex == "61 64 61");
        CHECK(pieces[2].kind == BytePiece::Kind::Encoding);  // "name": 6BIT_STR, 1 + 4 bytes
        CHECK(pieces[2].hex == "84");
        CHECK(pieces[4].kind == BytePiece::Kind::Backlen);
        CHECK(pieces[4].hex == "05");
    }

    TEST_CASE("gui.listpack.pieces.empty_snapshots") {
        // An empty listpack is its header and terminator; an empty intset its header.
        inspect::ListpackSnap lp;
        lp.total_bytes = 7;
        lp.terminator_offset = 6;
        const auto pieces = listpackPieces(lp);
        REQUIRE(pieces.size() == 3);
        CHECK(pieces[2].offset == 6);
        CHECK(intsetPieces(inspect::IntsetSnap{}).size() == 2);
    }

    TEST_CASE("gui.listpack.pieces.intset") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "SADD s 5 -2 300");
        auto v = inspect::inspectValue(s.engine(), 0, "s");
        REQUIRE(v);
        REQUIRE(v->intset);
        const auto pieces = intsetPieces(*v->intset);
        REQUIRE(pieces.size() == 5);
        CHECK(pieces[0].hex == "02 00 00 00");
        CHECK(pieces[1].hex == "03 00 00 00");
        CHECK(pieces[2].label == "-2");
        CHECK(pieces[2].hex == "FE FF");
        CHECK(pieces[4].label == "300");
        CHECK(pieces[4].hex == "2C 01");
        CHECK(pieces[4].offset + pieces[4].bytes == v->intset->blob_bytes);
    }

    TEST_CASE("gui.listpack.layout.rows_within_budget") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        std::string line = "HSET h";
        for (int i = 0; i < 40; ++i) line += " field" + std::to_string(i) + " value-" + std::to_string(i * 7);
        s.runLine(0, line);
        auto v = inspect::inspectValue(s.engine(), 0, "h", inspect::Limits{.entries = 200});
        REQUIRE(v->listpack);
        auto pieces = listpackPieces(*v->listpack);
        StripGeometry g;
        const float budget = 600;
        const int rows = layoutPieces(pieces, budget, g);
        CHECK(rows > 1);
        for (size_t i = 0; i < pieces.size(); ++i) {
            const BytePiece& p = pieces[i];
            CHECK(p.w >= g.min_w);
            CHECK(p.x >= 0);
            CHECK(p.x + p.w <= budget + 0.01f);
            CHECK(p.row < rows);
            if (i == 0) continue;
            const BytePiece& q = pieces[i - 1];
            // Left to right within a row, rows in order, an entry's parts on one row.
            CHECK((p.row == q.row ? p.x > q.x : p.row == q.row + 1));
            if (p.group == q.group) CHECK(p.row == q.row);
        }
        // Wider pieces for more bytes, capped.
        std::vector<BytePiece> two(2);
        two[0].bytes = 4;
        two[0].group = 0;
        two[1].bytes = 1000;
        two[1].group = 1;
        CHECK(layoutPieces(two, 1000, g) == 1);
        CHECK(two[0].w == doctest::Approx(std::max(g.min_w, 4 * g.px_per_byte)));
        CHECK(two[1].w == doctest::Approx(g.max_w));
        CHECK(layoutPieces(two, 100, g) == 2);
        std::vector<BytePiece> none;
        CHECK(layoutPieces(none, 100, g) == 0);
    }

    TEST_CASE("gui.listpack.hex.helpers") {
        CHECK(hexBytes("") == "");
        CHECK(hexBytes(std::string("\x00\xff\x10", 3)) == "00 FF 10");
        CHECK(hexBytes("abcdef", 2) == "61 62 ..");
        CHECK(shortEncoding("6BIT_STR") == "str6");
        CHECK(shortEncoding("7BIT_UINT") == "uint7");
        CHECK(shortEncoding("64BIT_INT") == "int64");
        CHECK(shortEncoding("odd") == "odd");
        CHECK(redsim::Listpack::backlenBytes(5) == "\x05");
        CHECK(redsim::Listpack::backlenBytes(127) == "\x7f");
        CHECK(redsim::Listpack::backlenBytes(200) == std::string("\x01\xc8", 2));  // 200 = 1*128 + 72
        CHECK(redsim::Listpack::backlenBytes(16383).size() == 3);                  // Redis's strict "<"
        CHECK(littleEndian(1, 2) == std::string("\x01\x00", 2));
        CHECK(littleEndian(-1, 4) == std::string("\xff\xff\xff\xff", 4));
        CHECK(littleEndian(0x0102030405060708LL, 8) == "\x08\x07\x06\x05\x04\x03\x02\x01");
    }
}
