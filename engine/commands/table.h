// CommandTable: every command row of every family, looked up by name.
//
// The rows themselves are constant data in the family files (keys.cpp, strings.cpp,
// server.cpp, …); the table only indexes them. It is cheap to build and holds no
// mutable state, so every Engine (and a REPL connected to a remote server) has its own.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/commands/command.h"
#include "engine/util/text.h"

namespace redsim {

// Each family file defines one of these, returning its rows.
std::span<const CommandSpec> keyCommands();
std::span<const CommandSpec> dumpCommands();  // dump.cpp: DUMP, RESTORE
std::span<const CommandSpec> memoryCommands();
std::span<const CommandSpec> stringCommands();
std::span<const CommandSpec> bitmapCommands();
std::span<const CommandSpec> listCommands();
std::span<const CommandSpec> listPosCommands();  // engine/commands/lists_pos.cpp
std::span<const CommandSpec> hashCommands();
std::span<const CommandSpec> setCommands();
std::span<const CommandSpec> zsetCommands();
std::span<const CommandSpec> zsetPopCommands();  // engine/commands/zsets_pop.cpp
std::span<const CommandSpec> zsetOpCommands();
std::span<const CommandSpec> geoCommands();
std::span<const CommandSpec> sortCommands();
std::span<const CommandSpec> serverCommands();
std::span<const CommandSpec> expireCommands();
std::span<const CommandSpec> clientCommands();
std::span<const CommandSpec> introspectionCommands();
std::span<const CommandSpec> hllCommands();
std::span<const CommandSpec> streamCommands();
std::span<const CommandSpec> streamGroupCommands();
std::span<const CommandSpec> streamReadCommands();  // engine/commands/streams_read.cpp
std::span<const CommandSpec> streamInfoCommands();
std::span<const CommandSpec> transactionCommands();
std::span<const CommandSpec> scriptingCommands();
std::span<const CommandSpec> pubsubCommands();
std::span<const CommandSpec> monitorCommands();  // engine/monitor.cpp
std::span<const CommandSpec> aclCommands();
std::span<const CommandSpec> persistCommands();  // engine/commands/persist.cpp
std::span<const CommandSpec> aofCommands();      // engine/commands/aof.cpp

class CommandTable {
public:
    CommandTable();

    // Case-insensitive. nullptr if unknown.
    const CommandSpec* find(std::string_view name) const;
    // The subcommand of a container (CONFIG GET…), case-insensitive; nullptr if unknown.
    static const CommandSpec* findSub(const CommandSpec& parent, std::string_view sub);

    // Every top-level command, sorted by name.
    const std::vector<const CommandSpec*>& all() const { return sorted_; }

    // "config|get" for a subcommand, "get" for a command.
    // Writes and Redis's MAY_REPLICATE commands: EVAL, EVALSHA, FCALL (a script may
    // write), PUBLISH, SPUBLISH and PFCOUNT (it may rewrite its cached count). COMMAND INFO
    // does not show MAY_REPLICATE in 7.0, so the rows do not carry it: the names are here.
    // CLIENT PAUSE WRITE holds these back; a MONITOR client may not run them.
    static bool mayReplicate(const CommandSpec& spec, const CommandSpec* parent);
    static std::string fullName(const CommandSpec& spec, const CommandSpec* parent);

    // Legacy (first, last, step) key positions derived from the key specs, as COMMAND INFO
    // prints them.
    struct LegacyKeys {
        int first = 0, last = 0, step = 0;
    };
    static LegacyKeys legacyKeys(const CommandSpec& spec);

    // ACL categories including those Redis adds from the flags (write → @write, …).
    static uint32_t aclCategories(const CommandSpec& spec);

    // Positions in argv of the keys a command line names (COMMAND GETKEYS), or an empty
    // vector if it names none. `argv[0]` is the command.
    static std::vector<size_t> keyPositions(const CommandSpec& spec, std::span<const std::string> argv);

private:
    std::unordered_map<std::string_view, const CommandSpec*> by_name_;  // names are static data
    std::vector<const CommandSpec*> sorted_;
};

}  // namespace redsim
