// Client-side caching (Redis's tracking.c): the server remembers which client may hold
// a copy of which key, and tells it when that copy goes stale.
//
// A client turns it on with CLIENT TRACKING ON. From then on, in the default mode, every
// key a read-only command of that client reads is written into the tracking table
// (key -> ids of the clients that read it). When the key changes — any write, an expiry,
// an eviction — every client in its row gets one invalidation message and the row is
// dropped: the client has to read the key again to be told about the next change. The
// table is global, not per db (a client caching "k" of db 0 is also told about "k" of db 1).
//
// Other modes:
//   OPTIN   only the reads of the command right after CLIENT CACHING YES are remembered;
//   OPTOUT  every read is remembered except those right after CLIENT CACHING NO;
//   BCAST   nothing is remembered: the client names key prefixes (none = every key) and
//           receives every key that changed under them, in one message per prefix, after
//           the command that changed them (Redis sends them in beforeSleep, redsim at the
//           end of each top-level command and after each cron tick);
//   NOLOOP  no messages about the keys this very client changed.
//
// Where a message goes: a RESP3 client receives a push `>2 invalidate [keys]`; with
// REDIRECT <id>, the messages go to that other client instead — as a push if it speaks
// RESP3, or as a Pub/Sub message on the channel `__redis__:invalidate` if it is a RESP2
// client subscribed to anything (the usual RESP2 setup: one connection for commands, one
// subscribed connection for invalidations). FLUSHDB/FLUSHALL send a null instead of a key
// array: "forget everything". If the redirect client has gone away, the tracking client
// gets `>2 tracking-redir-broken <id>` (RESP3) instead.
//
// A message about a key that the client running the command changed itself comes after
// that command's reply (after EXEC's whole reply for a transaction), as in Redis 7.0.15.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace redsim {

class Engine;
struct Client;
struct CommandSpec;

class Tracking {
public:
    explicit Tracking(Engine& engine) : engine_(engine) {}

    // CLIENT TRACKING ON with its options (already checked by the command). Calling it
    // again on a tracking client changes the options and adds prefixes.
    struct Options {
        uint64_t redirect = 0;
        bool bcast = false, optin = false, optout = false, noloop = false;
        std::vector<std::string> prefixes;
    };
    void enable(Client& c, const Options& opts);
    // CLIENT TRACKING OFF, RESET, a client that goes away: the client leaves its prefixes;
    // its id stays in the tracking table and is skipped lazily, as in Redis.
    void disable(Client& c);

    // Hooks called by Engine::execute around every command, nested ones too.
    void beginCommand(Client& c, const CommandSpec& spec, std::span<const std::string> argv);
    void endCommand();
    // After a command's handler ran: remember the keys it read if it is read-only.
    void afterCall(Client& c, const CommandSpec& spec, std::span<const std::string> argv);
    // After a top-level command (its reply written): self-invalidations that waited for
    // the reply, CLIENT CACHING's one-command lifetime, tracking-table-max-keys, BCAST.
    void afterTopLevel(Client& c, bool was_client_command);
    // BCAST messages of the keys changed since the last call (also run after a tick).
    void broadcast();

    // Engine::signalModifiedKey: `key` changed.
    void invalidateKey(std::string_view key);
    // FLUSHDB/FLUSHALL: a null invalidation to every tracking client; the table empties.
    void invalidateOnFlush();

    // INFO.
    size_t clientCount() const { return tracking_clients_; }
    size_t totalKeys() const { return table_.size(); }
    size_t totalItems() const { return total_items_; }
    size_t totalPrefixes() const { return prefixes_.size(); }

private:
    // One message for `c` (following its redirect): `payload` is RESP of a key array or
    // a null (raw=true), or a single key name (raw=false).
    void send(Client& c, std::string_view payload, bool raw);
    void sendNull(Client& c);
    void invalidate(std::string_view key, bool from_command, bool bcast);
    void limitUsedSlots();
    Client* currentClient();

    Engine& engine_;
    // The tracking table: key -> ids of the clients that may cache it.
    std::map<std::string, std::set<uint64_t>, std::less<>> table_;
    size_t total_items_ = 0;
    // BCAST: prefix -> the keys changed under it since the last broadcast (with the id of
    // the client that changed each last, 0 for none) and the clients listening to it.
    struct Bcast {
        std::map<std::string, uint64_t, std::less<>> keys;
        std::set<uint64_t> clients;
    };
    std::map<std::string, Bcast, std::less<>> prefixes_;
    size_t tracking_clients_ = 0;
    // Commands running now, outermost first (EXEC and scripts nest): who runs what.
    struct Frame {
        Client* client;
        const CommandSpec* spec;
        std::span<const std::string> argv;
    };
    std::vector<Frame> frames_;
    // Messages for the client of the top-level command about keys it changed itself,
    // sent after its reply: (true, "") for a flush's null, (false, key) for a key.
    std::vector<std::pair<bool, std::string>> pending_;
    unsigned limit_timeouts_ = 0;  // trackingLimitUsedSlots's effort
};

}  // namespace redsim
