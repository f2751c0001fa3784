// Client: one connection's state inside the engine (Redis's `client` struct).
//
// Faces create clients through Engine::createClient and run commands with
// Engine::execute(client, argv); replies accumulate in `out` as RESP bytes until the
// face takes them (takeOutput). The embedded REPL has one client; the server has one
// per connection.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/blocking.h"

namespace redsim {

struct CommandSpec;
namespace acl {
struct User;
}

struct Client {
    uint64_t id = 0;
    std::string name;
    int db = 0;
    int resp = 2;
    std::string out;  // pending reply bytes (RESP)
    int64_t created_ms = 0;
    int64_t last_interaction_ms = 0;
    const CommandSpec* last_command = nullptr;  // CLIENT LIST's cmd= field
    const CommandSpec* last_parent = nullptr;
    std::string addr = "embedded";  // "ip:port" for network clients
    std::string laddr = "embedded";
    int fd = -1;                     // the connection's socket (CLIENT LIST fd=); -1 embedded
    bool local = true;               // loopback / embedded (enable-debug-command local)
    bool close_after_reply = false;  // QUIT, a protocol error, CLIENT KILL of itself
    bool close_asap = false;         // killed by another client (CLIENT KILL): close now
    bool authenticated = true;       // false until AUTH when requirepass is set

    // The ACL user it runs as (engine/acl.h): the default user until AUTH.
    std::shared_ptr<acl::User> user;

    // Pub/Sub subscriptions (engine/pubsub.h keeps the other direction: who listens to
    // what). Each list is in subscription order. A RESP2 client with any of them is in
    // "subscribed mode" (Redis's CLIENT_PUBSUB flag) and may only run (P|S)SUBSCRIBE,
    // (P|S)UNSUBSCRIBE, PING, QUIT and RESET.
    std::vector<std::string> sub_channels;
    std::vector<std::string> sub_patterns;
    std::vector<std::string> sub_shard_channels;
    // SUBSCRIBE/UNSUBSCRIBE/PSUBSCRIBE/PUNSUBSCRIBE count channels and patterns together.
    size_t subscriptionCount() const { return sub_channels.size() + sub_patterns.size(); }
    bool inPubSubMode() const { return subscriptionCount() + sub_shard_channels.size() > 0; }

    // Listed in Engine::pushed_clients since the face last took the list (one entry per
    // client however many messages it got).
    bool push_pending = false;

    // CLIENT REPLY: replies dropped until ON / for the command running now / for the next.
    bool reply_off = false, reply_skip = false, reply_skip_next = false;
    bool no_evict = false;  // CLIENT NO-EVICT ON
    // Redis 7.2's CLIENT NO-TOUCH: while this client runs a command (other than TOUCH),
    // key lookups leave the keys' LRU/LFU data alone, so looking at a key does not make
    // it "recently used". redsim has no command for it (7.0 has none): lesson checks set
    // it, so that checking a learner's keys does not change what OBJECT IDLETIME shows.
    bool no_touch = false;

    // MULTI/EXEC (engine/multi.cpp). Between MULTI and EXEC commands are queued, not run.
    bool in_multi = false;
    bool in_exec = false;                          // EXEC is running the queued commands
    bool dirty_exec = false;                       // a command failed to queue: EXEC answers EXECABORT
    bool dirty_cas = false;                        // a WATCHed key changed: EXEC answers a null array
    std::vector<std::vector<std::string>> queued;  // the commands EXEC will run
    size_t queued_count_during_exec = 0;           // CLIENT LIST's multi= while EXEC runs
    // WATCHed keys. `expired`: the key existed but was already past its deadline when
    // watched, so its deletion alone is no change (Redis 7.0's watchedKey.expired).
    struct WatchedKey {
        int db = 0;
        std::string key;
        bool expired = false;
    };
    std::vector<WatchedKey> watched;

    // Blocked (BLPOP…, XREAD BLOCK, a command held by CLIENT PAUSE): the engine answers
    // later; until then the face runs none of the client's further commands.
    BlockState block;
    bool blocked() const { return block.type != BlockType::None; }
    // CLIENT TRACKING (engine/tracking.h): client-side caching state.
    struct Tracking {
        bool on = false;
        bool bcast = false, optin = false, optout = false, noloop = false;
        bool caching = false;            // CLIENT CACHING YES/NO given for the next command
        bool broken_redir = false;       // the redirect client went away (CLIENT LIST flag R)
        uint64_t redirect = 0;           // 0: messages go to this client itself
        std::set<std::string> prefixes;  // BCAST prefixes, in byte order
    } tracking;
    bool monitor = false;  // MONITOR: receives every command run (engine/monitor.h)

    // Returns and clears the pending reply bytes.
    std::string takeOutput() {
        std::string r;
        r.swap(out);
        return r;
    }
};

}  // namespace redsim
