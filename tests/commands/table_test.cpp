// Walks the command table: every row is complete and consistent with its grammar.
#include <doctest/doctest.h>

#include <set>

#include "engine/commands/grammar.h"
#include "engine/commands/table.h"

using namespace redsim;

namespace {

// Counts the arguments a syntax requires at least (without optional parts).
void checkRow(const CommandSpec& spec, const CommandSpec* parent) {
    const std::string full = CommandTable::fullName(spec, parent);
    CAPTURE(full);
    CHECK(!spec.summary.empty());
    CHECK(!spec.group.empty());
    CHECK(!spec.since.empty());
    CHECK(!spec.complexity.empty());
    CHECK(spec.arity != 0);
    if (spec.subcommands.empty()) CHECK(static_cast<bool>(spec.handler));
    for (char c : spec.name) CHECK(!(c >= 'A' && c <= 'Z'));
    // Arity agrees with the grammar: the required words are at least |arity|.
    const auto args = parseSyntax(spec.syntax);
    const int base = parent ? 2 : 1;
    // A container needs its subcommand; the subcommand's own row checks the rest.
    const int required = base + minimumWords(args) + (spec.subcommands.empty() ? 0 : 1);
    if (spec.arity > 0)
        CHECK(required == spec.arity);
    else
        CHECK(required >= -spec.arity);
    // Every key argument named by the grammar has a key spec.
    if (countKeyArgs(args) > 0) CHECK(!spec.keys.empty());
    for (const auto& ks : spec.keys) {
        CHECK(ks.begin_index >= 1);
        CHECK(!ks.flags.empty());
    }
}

}  // namespace

TEST_SUITE("commands") {
    TEST_CASE("commands.table.rows_are_complete") {
        CommandTable table;
        std::set<std::string> names;
        for (const auto* spec : table.all()) {
            CHECK(names.insert(std::string(spec->name)).second);
            checkRow(*spec, nullptr);
            std::set<std::string> subs;
            for (const auto& sub : spec->subcommands) {
                CHECK(subs.insert(std::string(sub.name)).second);
                checkRow(sub, spec);
            }
        }
        CHECK(names.size() >= 60);
    }

    TEST_CASE("commands.table.lookup_is_case_insensitive") {
        CommandTable table;
        REQUIRE(table.find("GeT") != nullptr);
        CHECK(table.find("GeT")->name == "get");
        const auto* config = table.find("config");
        REQUIRE(config != nullptr);
        REQUIRE(CommandTable::findSub(*config, "GET") != nullptr);
        CHECK(table.find("nosuchcommand") == nullptr);
    }

    TEST_CASE("commands.table.legacy_key_positions") {
        CommandTable table;
        auto legacy = [&](const char* n) { return CommandTable::legacyKeys(*table.find(n)); };
        CHECK(legacy("get").first == 1);
        CHECK(legacy("mset").last == -1);
        CHECK(legacy("mset").step == 2);
        CHECK(legacy("rename").last == 2);
        CHECK(legacy("ping").first == 0);
    }
}
