// The argument grammar: every row of the real command table parses and prints back
// unchanged, and a few syntaxes parse into the trees Redis's COMMAND DOCS describes.
#include <doctest/doctest.h>

#include <regex>

#include "engine/commands/grammar.h"
#include "engine/commands/table.h"

using redsim::GrammarArg;
using Kind = redsim::GrammarArg::Kind;

namespace {
std::string withoutTypes(std::string_view s) {
    return std::regex_replace(std::string(s), std::regex(":(key|string|integer|double|pattern|unix-time)\\b"), "");
}

void roundTrip(const redsim::CommandSpec& spec, const std::string& label) {
    const auto tree = redsim::parseSyntax(spec.syntax);
    INFO(label, ": ", spec.syntax);
    CHECK(redsim::renderSyntax(tree) == withoutTypes(spec.syntax));
}
}  // namespace

TEST_SUITE("engine.grammar") {
    TEST_CASE("engine.grammar.table_round_trip") {
        redsim::CommandTable table;
        REQUIRE(!table.all().empty());
        for (const auto* spec : table.all()) {
            roundTrip(*spec, std::string(spec->name));
            for (const auto& sub : spec->subcommands)
                roundTrip(sub, std::string(spec->name) + " " + std::string(sub.name));
        }
    }

    TEST_CASE("engine.grammar.set") {
        auto t = redsim::parseSyntax(
            "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | "
            "PXAT unix-time-milliseconds | KEEPTTL]");
        REQUIRE(t.size() == 5);
        CHECK(t[0].kind == Kind::Value);
        CHECK(t[0].type == "key");
        CHECK(t[1].type == "string");
        CHECK(t[2].kind == Kind::OneOf);
        CHECK(t[2].optional);
        REQUIRE(t[2].children.size() == 2);
        CHECK(t[2].children[0].kind == Kind::Token);
        CHECK(t[2].children[0].token == "NX");
        CHECK(t[3].kind == Kind::Token);
        CHECK(t[3].optional);
        const auto& exp = t[4];
        REQUIRE(exp.children.size() == 5);
        CHECK(exp.children[0].kind == Kind::Value);
        CHECK(exp.children[0].token == "EX");
        CHECK(exp.children[0].name == "seconds");
        CHECK(exp.children[0].type == "integer");
        CHECK(exp.children[2].type == "unix-time");
        CHECK(exp.children[4].kind == Kind::Token);
        CHECK(exp.children[4].type == "pure-token");
    }

    TEST_CASE("engine.grammar.repeats_and_types") {
        auto t = redsim::parseSyntax("key value [key value ...]");
        REQUIRE(t.size() == 1);
        CHECK(t[0].kind == Kind::Block);
        CHECK(t[0].multiple);
        CHECK(t[0].children.size() == 2);

        t = redsim::parseSyntax("key [key ...]");
        REQUIRE(t.size() == 1);
        CHECK(t[0].multiple);
        CHECK(t[0].type == "key");

        t = redsim::parseSyntax("key increment:double");
        REQUIRE(t.size() == 2);
        CHECK(t[1].name == "increment");
        CHECK(t[1].type == "double");
        CHECK(redsim::renderSyntax(t) == "key increment");

        t = redsim::parseSyntax("cursor [MATCH pattern] [COUNT count] [TYPE type]");
        REQUIRE(t.size() == 4);
        CHECK(t[0].type == "integer");
        CHECK(t[1].token == "MATCH");
        CHECK(t[1].type == "pattern");
        CHECK(t[1].optional);
        CHECK(t[2].type == "integer");

        t = redsim::parseSyntax("<NX | XX>");
        REQUIRE(t.size() == 1);
        CHECK(t[0].kind == Kind::OneOf);
        CHECK_FALSE(t[0].optional);
        CHECK(redsim::renderSyntax(t) == "<NX | XX>");
    }

    TEST_CASE("engine.grammar.nested_blocks") {
        const std::string s = "[protover [AUTH username password] [SETNAME clientname]]";
        auto t = redsim::parseSyntax(s);
        REQUIRE(t.size() == 1);
        CHECK(t[0].kind == Kind::Block);
        CHECK(t[0].optional);
        REQUIRE(t[0].children.size() == 3);
        CHECK(t[0].children[0].type == "integer");
        CHECK(t[0].children[1].kind == Kind::Block);
        CHECK(t[0].children[1].token == "AUTH");
        CHECK(t[0].children[2].token == "SETNAME");
        CHECK(redsim::renderSyntax(t) == s);

        const std::string g = "key [GET pattern [GET pattern ...]] [LIMIT offset count]";
        t = redsim::parseSyntax(g);
        REQUIRE(t.size() == 3);
        CHECK(t[1].token == "GET");
        CHECK(t[1].multiple);
        CHECK(t[1].multiple_token);
        CHECK(t[2].kind == Kind::Block);
        CHECK(t[2].token == "LIMIT");
        CHECK(redsim::renderSyntax(t) == g);
    }
}
