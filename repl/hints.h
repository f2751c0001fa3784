// Hints and completion for the REPL, derived from the command table's grammar and the
// live keyspace (the REPL keeps no word lists of its own).
//
// Hints follow redis-cli 7.2's argument-aware algorithm (src/redis-cli.c, makeHint):
// the typed words are matched against the argument tree — optional arguments in any
// order within a run of optionals, one-ofs, repeated arguments, tokens with their
// values, integers that must parse — and the hint shows what is left. When a typed word
// cannot match, the hint disappears. The text uses the table's notation ("[NX | XX]").
// DIFFERS FROM REDIS: redis-cli 7.0.15 shows the whole documented syntax minus one word
// per typed argument up to the first '[' (so after `SET k v EX ` it still shows
// "[NX|XX] [GET] [EX seconds|...]"), and writes one-ofs without spaces ("NX|XX").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/commands/table.h"

namespace redsim::repl {

// The hint shown after `line` (the whole line typed so far, cursor at its end), with a
// leading space when the line does not end in a blank; std::nullopt when there is no
// hint (unknown command, nothing typed, a word that does not match).
std::optional<std::string> hintFor(const CommandTable& table, std::string_view line);

// Returns the keys that start with `prefix` (at most a few hundred).
using KeyLister = std::function<std::vector<std::string>(std::string_view prefix)>;

// Candidates for the word being typed at the end of `line` (the text after its last
// blank): command names in the case the user typed, subcommands of containers, `HELP`
// topics, meta commands, option tokens the grammar allows at that position, and key
// names where the grammar expects a key (through `keys`, which may be empty). Sorted,
// without duplicates.
std::vector<std::string> completionsFor(const CommandTable& table, std::string_view line, const KeyLister& keys);

}  // namespace redsim::repl
