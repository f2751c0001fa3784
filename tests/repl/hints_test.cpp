// Hints from tests/repl/hints.txt, checked through repl::hintFor (what the prompt and
// `redsim --hint` show). Lines whose input has no hint expect an empty hint.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "engine/commands/table.h"
#include "repl/hints.h"

namespace {
std::string pipesWithoutSpaces(std::string s) {
    for (size_t p; (p = s.find(" | ")) != std::string::npos;) s.replace(p, 3, "|");
    return s;
}
}  // namespace

TEST_SUITE("repl.hints") {
    TEST_CASE("repl.hints.data_file") {
        std::ifstream in(REDSIM_SOURCE_DIR "/tests/repl/hints.txt");
        REQUIRE(in.good());
        redsim::CommandTable table;
        std::string line;
        int n = 0, lineno = 0;
        while (std::getline(in, line)) {
            ++lineno;
            if (line.empty() || line[0] == '#') continue;
            const auto t1 = line.find('\t');
            const auto t2 = line.find('\t', t1 + 1);
            REQUIRE_MESSAGE(t2 != std::string::npos, "hints.txt:", lineno, ": needs three TAB-separated fields");
            const std::string kind = line.substr(0, t1);
            const std::string input = line.substr(t1 + 1, t2 - t1 - 1);
            const std::string want = line.substr(t2 + 1);
            const std::string got = redsim::repl::hintFor(table, input).value_or("");
            INFO("hints.txt:", lineno, " input [", input, "]");
            if (kind == "cli7")
                CHECK(pipesWithoutSpaces(got) == want);
            else
                CHECK(got == want);
            ++n;
        }
        CHECK(n >= 30);
    }

    TEST_CASE("repl.hints.no_hint") {
        redsim::CommandTable table;
        CHECK_FALSE(redsim::repl::hintFor(table, "").has_value());
        CHECK_FALSE(redsim::repl::hintFor(table, "   ").has_value());
        CHECK_FALSE(redsim::repl::hintFor(table, "NOSUCHCMD ").has_value());
        CHECK_FALSE(redsim::repl::hintFor(table, ":nosuch ").has_value());
    }
}
