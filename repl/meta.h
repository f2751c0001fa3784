// Meta commands: lines starting with ':' that the REPL handles itself (redis-cli uses
// ':set hints' the same way). One table drives dispatch, `:help`, completion and hints,
// as DuckDB's shell keeps its dot-commands in one table with named fields.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace redsim::repl {

class Session;

struct MetaCommand {
    std::string_view name;   // with the colon: ":time"
    std::string_view args;   // argument syntax, in the command table's notation
    std::string_view usage;  // one line, as :help prints it
    std::string_view help;   // what it does
    // argv[0] is the meta command as typed. Output goes through Session::print.
    void (*handler)(Session&, std::span<const std::string> argv) = nullptr;
};

// Every meta command, in :help order. The span points at static constant data.
std::span<const MetaCommand> metaCommands();
// Case-insensitive lookup; nullptr if unknown.
const MetaCommand* findMeta(std::string_view name);
// Adds a face's own meta commands (guided mode's) after the REPL's, for dispatch, :help,
// completion and hints. Names already known are skipped. Not thread-safe: call at start.
void addMetaCommands(std::span<const MetaCommand> more);

// Parses "+10s", "+500ms", "+2m", "+1h", "+250us" (the '+' is optional) into
// microseconds; returns false on anything else (negative, no unit, overflow).
bool parseDuration(std::string_view text, long long& us);

}  // namespace redsim::repl
