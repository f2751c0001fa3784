// ACL: users, their permissions, and the security log (Redis 7.0's acl.c).
//
// Every client runs as a user. A user has flags (on/off, nopass), a list of password
// hashes (SHA-256, hex) and one or more *selectors*. A selector says which commands
// may run (one bit per command and subcommand, plus "first-arg" exceptions such as
// `+select|0`), which keys may be named (glob patterns, each allowing reads, writes or
// both) and which Pub/Sub channels may be used. The first selector is the user's
// "root" one (the rules written outside parentheses); `(…)` adds more, and a command
// is allowed when any selector allows it.
//
// ACL SETUSER applies rules one by one to a copy of the user and stores the copy only
// if all of them were valid, so a bad rule changes nothing. ACL LIST / GETUSER
// describe a user back as rules (describe*): the command part is rebuilt from the
// bitmap by Redis's greedy algorithm (start from +@all or -@all, add the categories
// that fit best, then fix single commands), so what you set is not always what you
// read back, but setting what you read back gives the same permissions.
//
// DIFFERS FROM REDIS: Redis walks its command table in hash order, which is random
// per process, so the order of single commands in ACL LIST/GETUSER and in ACL CAT
// <category> changes from one redis-server run to the next; redsim uses the command
// table's order (alphabetical, subcommands in row order).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace redsim {

class Engine;
class CommandTable;
struct Client;
struct CommandSpec;

namespace acl {

// Key pattern permissions (%R~ / %W~ / ~ = both).
enum KeyPerm : int { kKeyRead = 1, kKeyWrite = 2, kKeyAll = 3 };

struct KeyPattern {
    std::string pattern;
    int perm = kKeyAll;
};

struct Selector {
    bool root = false;
    bool allkeys = false;
    bool allchannels = false;
    std::vector<bool> allowed;  // by command id (CommandIndex)
    bool future = false;        // +@all/allcommands: Redis's reserved bit for commands added later
    std::map<size_t, std::vector<std::string>> firstargs;  // +select|0: allowed argv[1] of a denied command
    std::vector<KeyPattern> keys;
    std::vector<std::string> channels;
};

// User flags, in the order ACL LIST prints them.
enum UserFlag : uint32_t {
    kOn = 1u << 0,
    kOff = 1u << 1,
    kNoPass = 1u << 2,
    kSkipSanitize = 1u << 3,
    kSanitize = 1u << 4,
};

struct User {
    std::string name;
    uint32_t flags = kOff;
    std::vector<std::string> passwords;  // SHA-256 hex digests, in the order added
    std::vector<Selector> selectors;     // [0] is the root selector
    bool enabled() const { return flags & kOn; }
};

// Why a command was refused (Redis's ACL_DENIED_*; the order matters: with several
// selectors the "largest" reason is reported).
enum class Denied : int { kOk = 0, kCommand = 1, kKey = 2, kAuth = 3, kChannel = 4 };
enum class LogContext : int { kToplevel, kMulti, kLua };

struct LogEntry {
    uint64_t count = 1;
    Denied reason = Denied::kCommand;
    LogContext context = LogContext::kToplevel;
    std::string object;    // command name, key, channel, or "AUTH"
    std::string username;  // the user refused (for auth: the name tried)
    int64_t ctime_ms = 0;  // engine time of the last occurrence
    std::string cinfo;     // CLIENT INFO line of the client, at the last occurrence
};

// Every command and subcommand with an id (the bit in Selector::allowed).
struct CommandIndex {
    struct Entry {
        const CommandSpec* spec;
        const CommandSpec* parent;  // null for a top-level command
        std::string fullname;       // "config|get"
        uint32_t categories;        // including those implied by flags
        std::vector<size_t> subs;   // ids of the subcommands (containers)
    };
    std::vector<Entry> entries;
    std::vector<size_t> top;  // top-level ids in table order
    std::unordered_map<const CommandSpec*, size_t> ids;
    explicit CommandIndex(const CommandTable& table);
    // "get", "config|get" (case-insensitive, one level); nullptr if unknown.
    const Entry* lookup(std::string_view name) const;
    size_t id(const Entry& e) const { return static_cast<size_t>(&e - entries.data()); }
};

// SHA-256 of `text` as 64 lowercase hex digits (the form passwords are stored in).
std::string hashPassword(std::string_view text);

class Acl {
public:
    explicit Acl(const CommandTable& table);

    const CommandIndex& index() const { return index_; }
    std::shared_ptr<User> defaultUser() const { return default_; }
    std::shared_ptr<User> find(std::string_view name) const;
    const std::map<std::string, std::shared_ptr<User>, std::less<>>& users() const { return users_; }
    // Creates an empty user (off, no permissions) or returns nullptr if it exists.
    std::shared_ptr<User> create(std::string_view name);
    bool remove(std::string_view name);

    // A new, unlinked user in its initial state (off, -@all).
    User blankUser(std::string_view name) const;
    // Applies one rule. On failure returns the reason (ACLSetUserStringError's text)
    // and may have changed `u` partly: callers work on a copy.
    std::optional<std::string> apply(User& u, std::string_view op) const;
    std::optional<std::string> applySelector(Selector& s, std::string_view op) const;
    // Joins "(a" "b)" spread over several arguments into one selector rule; on an
    // unmatched '(' returns nullopt and sets `bad` to the offending argument's index.
    static std::optional<std::vector<std::string>> mergeSelectorArgs(std::span<const std::string> args, size_t& bad);

    // ACL LIST's form without "user <name> ", and GETUSER's "commands" field.
    std::string describe(const User& u) const;
    std::string describeCommands(const Selector& s) const;
    static std::string describeKeys(const Selector& s);  // GETUSER's "keys"
    static std::string describeChannels(const Selector& s);

    // May `u` run this command line? `spec`/`parent` as execute() resolved them.
    // On refusal, `pos` is the argv index of the key or channel refused.
    Denied check(const User& u, const CommandSpec& spec, std::span<const std::string> argv, size_t& pos) const;
    // AUTH: the user if the name and password are valid, nullptr otherwise.
    std::shared_ptr<User> authenticate(std::string_view name, std::string_view password) const;
    // requirepass: the default user's password (empty: nopass).
    void setDefaultPassword(std::string_view pass);
    // Can `u` (after SETUSER) still use `channel`, as a literal name (pattern subscription)
    // or as a channel name?
    static bool channelAllowed(const User& u, std::string_view channel, bool literal);

    // The security log, newest first.
    std::deque<LogEntry>& log() { return log_; }
    void addLog(LogEntry entry, size_t max_len);

    // ACL LOAD / startup: replaces every user with those described by `text` (aclfile
    // lines "user <name> <rules…>"). All or nothing; returns Redis's error text.
    std::optional<std::string> loadFile(std::string_view text, std::string_view filename,
                                        std::vector<std::shared_ptr<User>>& dropped);
    // The aclfile contents ACL SAVE writes.
    std::string serialize() const;
    // Startup `user` lines of the config file (already validated): applied in order.
    std::optional<std::string> loadConfigUsers(const std::vector<std::vector<std::string>>& lines);

private:
    void setCommand(Selector& s, size_t id, bool allow) const;  // ACLChangeSelectorPerm
    void setCategory(Selector& s, uint32_t cat, bool allow) const;
    void countCategory(const Selector& s, uint32_t cat, unsigned long& on, unsigned long& off) const;
    Denied checkSelector(const Selector& s, size_t id, const CommandSpec& spec, std::span<const std::string> argv,
                         size_t& pos) const;

    CommandIndex index_;
    std::map<std::string, std::shared_ptr<User>, std::less<>> users_;
    std::shared_ptr<User> default_;
    std::deque<LogEntry> log_;
};

// The parts of the ACL that touch the rest of the engine (engine/commands/acl.cpp).
// Checks `client`'s permissions for the command about to run; on refusal logs it and
// returns the NOPERM reply text (or the Lua/EXEC variant for `context`).
std::optional<std::string> checkCommand(Engine& engine, Client& client, const CommandSpec& spec,
                                        const CommandSpec* parent, std::span<const std::string> argv,
                                        LogContext context);
// Records a refusal in the ACL LOG (the client's CLIENT INFO line, the engine clock).
void logDenial(Engine& engine, const Client& client, Denied reason, LogContext context, std::string object,
               std::string username);
// AUTH / HELLO AUTH: on success the client runs as that user; on failure the attempt is
// logged (reason auth, object = the command as typed) and false returned.
bool authenticateClient(Engine& engine, Client& client, std::string_view username, std::string_view password,
                        std::string_view command);
// A fresh connection's (and RESET's) identity: the default user, authenticated if it
// needs no password.
void setDefaultAuth(Engine& engine, Client& client);
// ACL LOAD and startup: reads the aclfile; `gone` receives the replaced users.
std::optional<std::string> loadAclFile(Engine& engine, std::vector<std::shared_ptr<User>>& gone);
// At engine start: requirepass, then the config's `user` lines or the aclfile. Returns
// the message redis-server would log before exiting, or "".
std::string loadStartupUsers(Engine& engine);
// For `user`-directive validation while the config file is read (no engine yet):
// Redis's "Error in user declaration '<word>': <reason>" or nullopt.
std::optional<std::string> validateUserLine(std::span<const std::string> words);

}  // namespace acl

// The CLIENT INFO / CLIENT LIST line of a client (engine/commands/clients.cpp).
std::string clientInfoLine(Engine& engine, const Client& c);

}  // namespace redsim
