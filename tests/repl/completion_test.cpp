// TAB completion: command names in the typed case, subcommands, grammar tokens, keys
// from a live engine (found with SCAN through the dispatcher), meta commands.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "repl/hints.h"
#include "repl/session.h"

using V = std::vector<std::string>;

namespace {
V complete(redsim::repl::Session& s, std::string_view line) {
    return redsim::repl::completionsFor(s.commands(), line, [&s](std::string_view p) { return s.keysWithPrefix(p); });
}
}  // namespace

TEST_SUITE("repl.completion") {
    TEST_CASE("repl.completion.command_names") {
        redsim::repl::Session s({.virtual_clock = true});
        CHECK(complete(s, "SE") == V{"SELECT", "SET", "SETBIT", "SETEX", "SETNX", "SETRANGE"});
        CHECK(complete(s, "se") == V{"select", "set", "setbit", "setex", "setnx", "setrange"});
        CHECK(complete(s, "GETD") == V{"GETDEL"});
        CHECK(complete(s, "XYZ").empty());
    }

    TEST_CASE("repl.completion.subcommands") {
        redsim::repl::Session s({.virtual_clock = true});
        CHECK(complete(s, "CONFIG G") == V{"GET"});
        const V obj = complete(s, "OBJECT ");
        CHECK(std::find(obj.begin(), obj.end(), "ENCODING") != obj.end());
    }

    TEST_CASE("repl.completion.tokens") {
        redsim::repl::Session s({.virtual_clock = true});
        CHECK(complete(s, "SET k v E") == V{"EX", "EXAT"});
        CHECK(complete(s, "SET k v ") == V{"EX", "EXAT", "GET", "KEEPTTL", "NX", "PX", "PXAT", "XX"});
        CHECK(complete(s, "SET k v NX ") == V{"EX", "EXAT", "GET", "KEEPTTL", "PX", "PXAT"});
        CHECK(complete(s, "SCAN 0 ") == V{"COUNT", "MATCH", "TYPE"});
        CHECK(complete(s, "EXPIRE k 10 g") == V{"gt"});
    }

    TEST_CASE("repl.completion.keys") {
        redsim::repl::Session s({.virtual_clock = true});
        s.runLine("MSET user:1 a user:2 b order:1 c");
        s.takeOutput();
        CHECK(complete(s, "GET user:") == V{"user:1", "user:2"});
        CHECK(complete(s, "GET o") == V{"order:1"});
        CHECK(complete(s, "DEL user:1 u") == V{"user:1", "user:2"});
        // A key is expected here, so keys are offered; after `SET k ` a value is expected.
        CHECK(complete(s, "SET k ").empty());
        s.runLine("SELECT 2");
        s.takeOutput();
        CHECK(complete(s, "GET user:").empty());
    }

    TEST_CASE("repl.completion.meta_and_help") {
        redsim::repl::Session s({.virtual_clock = true});
        CHECK(complete(s, ":t") == V{":time"});
        CHECK(complete(s, ":clock ") == V{"REAL", "VIRTUAL"});
        const V h = complete(s, "help @s");
        CHECK(std::find(h.begin(), h.end(), "@string") != h.end());
    }
}
