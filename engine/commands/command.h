// The command table's row type, and what a handler receives.
//
// Commands are data (as Redis 7's src/commands/*.json): one CommandSpec per command,
// next to its handler in the family's file (keys.cpp, strings.cpp, …). Dispatch,
// arity errors, COMMAND INFO/DOCS/GETKEYS, HELP, the REPL's completion and hints and
// docs/commands.md are all derived from these rows.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/reply.h"

namespace redsim {

class Engine;
struct Client;
class Db;

// Command flags, in the order COMMAND INFO lists them (Redis 7.0).
namespace cmd {
enum Flag : uint32_t {
    kWrite = 1u << 0,
    kReadonly = 1u << 1,
    kDenyOom = 1u << 2,
    kAdmin = 1u << 3,
    kPubsub = 1u << 4,
    kNoscript = 1u << 5,
    kBlocking = 1u << 6,
    kLoading = 1u << 7,
    kStale = 1u << 8,
    kSkipMonitor = 1u << 9,
    kSkipSlowlog = 1u << 10,
    kFast = 1u << 11,
    kNoAuth = 1u << 12,
    kMayReplicate = 1u << 13,
    kNoMandatoryKeys = 1u << 14,
    kNoMulti = 1u << 15,
    kMovableKeys = 1u << 16,
    kAllowBusy = 1u << 17,
};
// Flag names as COMMAND INFO prints them, indexed by bit.
std::span<const std::string_view> flagNames();
}  // namespace cmd

// ACL categories, in Redis's order.
namespace acl {
enum Category : uint32_t {
    kKeyspace = 1u << 0,
    kRead = 1u << 1,
    kWrite = 1u << 2,
    kSet = 1u << 3,
    kSortedSet = 1u << 4,
    kList = 1u << 5,
    kHash = 1u << 6,
    kString = 1u << 7,
    kBitmap = 1u << 8,
    kHyperLogLog = 1u << 9,
    kGeo = 1u << 10,
    kStream = 1u << 11,
    kPubsub = 1u << 12,
    kAdmin = 1u << 13,
    kFast = 1u << 14,
    kSlow = 1u << 15,
    kBlocking = 1u << 16,
    kDangerous = 1u << 17,
    kConnection = 1u << 18,
    kTransaction = 1u << 19,
    kScripting = 1u << 20,
};
std::span<const std::string_view> categoryNames();  // without '@'
}  // namespace acl

// A key specification (Redis 7 "key_specs"): where keys start (an index) and how to
// find the rest (a range: lastkey relative to the first key, -1 = to the end, a step).
struct KeySpec {
    std::string_view flags;  // space-separated: "RW access update variable_flags"
    int begin_index = 1;
    int last_key = 0;  // 0 = only one key; -1 = to the last argument; -2 …
    int key_step = 1;
    int limit = 0;
    std::string_view notes = {};
    // find_keys "keynum" instead of "range" when keynum_index >= 0 (LMPOP, ZUNIONSTORE…):
    // the number of keys is the argument at begin_index + keynum_index, the keys start
    // at begin_index + first_key, one every key_step arguments. last_key and limit are
    // then unused. Such commands also carry cmd::kMovableKeys.
    int keynum_index = -1;
    int first_key = 1;
    // begin_search and find_keys "unknown" (SORT's STORE key, which may appear anywhere):
    // only the command's get_keys procedure can find such keys.
    bool unknown = false;
    // begin_search "keyword" when not empty (GEORADIUS … STORE key): the keys start right
    // after this keyword, searched from argument `startfrom` towards the end (or, when
    // negative, from argc + startfrom towards the start); begin_index is then unused.
    std::string_view keyword = {};
    int startfrom = 0;
};

// One key a command line names, with its flags (COMMAND GETKEYSANDFLAGS).
struct KeyRef {
    size_t pos;
    std::string_view flags;
};

struct CommandContext;
using Handler = void (*)(CommandContext&);

struct CommandSpec {
    std::string_view name = {};  // lower case; for a subcommand, the subcommand's name alone
    int arity = 0;               // Redis's arity: N exact, -N at least N (command name included)
    uint32_t flags = 0;          // cmd::Flag bits
    uint32_t acl = 0;            // acl::Category bits (those implied by flags are added)
    std::span<const KeySpec> keys = {};
    std::string_view syntax = {};  // argument grammar after the name, Redis's documented syntax
    std::string_view summary = {};
    std::string_view complexity = {};
    std::string_view group = {};  // "string", "generic", "server", "connection", …
    std::string_view since = {};
    std::string_view tips = {};  // space-separated, e.g. "nondeterministic_output"
    Handler handler = nullptr;
    std::span<const CommandSpec> subcommands = {};
    // For key specs flagged variable_flags: the real flags for one command line (SET is
    // RW only with GET), as Redis's per-command getkeys procedures report them.
    std::string_view (*variable_key_flags)(std::span<const std::string> argv) = nullptr;
    // Redis's per-command getkeys procedure, for commands whose key specs cannot say
    // where all the keys are (SORT … STORE dst): the keys of one command line.
    std::vector<KeyRef> (*get_keys)(std::span<const std::string> argv) = nullptr;
};

// What a handler gets. The reply goes to `reply`; `argv[0]` is the command name as typed.
struct CommandContext {
    Engine& engine;
    Client& client;
    std::span<const std::string> argv;
    ReplyWriter& reply;
    const CommandSpec& spec;

    Db& db();
    size_t argc() const { return argv.size(); }
    // `key` in this client's db changed (Engine::signalModifiedKey) / publish a keyspace
    // event about it (Engine::notifyKeyspaceEvent, `type` a notify::Class).
    void keyModified(std::string_view key);
    void notify(uint32_t type, std::string_view event, std::string_view key);
    const std::string& arg(size_t i) const { return argv[i]; }
};

}  // namespace redsim
