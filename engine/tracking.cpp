// Client-side caching: the tracking table, BCAST prefixes and invalidation messages
// (Redis's tracking.c). See engine/tracking.h.
#include "engine/tracking.h"

#include <algorithm>

#include "engine/client.h"
#include "engine/commands/command.h"
#include "engine/commands/table.h"
#include "engine/engine.h"
#include "engine/reply.h"

namespace redsim {

namespace {

constexpr std::string_view kInvalidateChannel = "__redis__:invalidate";

// RESP of an array of key names (BCAST sends several keys in one message).
std::string keyArray(const std::vector<std::string_view>& keys) {
    std::string out;
    ReplyWriter w(out, 2);
    w.arrayLen(keys.size());
    for (std::string_view k : keys) w.bulk(k);
    return out;
}

}  // namespace

void Tracking::enable(Client& c, const Options& opts) {
    auto& t = c.tracking;
    if (!t.on) ++tracking_clients_;
    t.on = true;
    // Re-enabling resets the modes (the command refuses to switch BCAST or OPTIN/OPTOUT),
    // but not a CLIENT CACHING already given.
    t.broken_redir = t.bcast = t.optin = t.optout = t.noloop = false;
    t.redirect = opts.redirect;
    if (opts.bcast) {
        t.bcast = true;
        std::vector<std::string> wanted = opts.prefixes;
        if (wanted.empty()) wanted.emplace_back();  // no prefix: every key
        for (const std::string& p : wanted) {
            Bcast& b = prefixes_[p];
            if (b.clients.insert(c.id).second) t.prefixes.insert(p);
        }
    }
    t.optin = opts.optin;
    t.optout = opts.optout;
    t.noloop = opts.noloop;
}

void Tracking::disable(Client& c) {
    auto& t = c.tracking;
    for (const std::string& p : t.prefixes) {
        auto it = prefixes_.find(p);
        if (it == prefixes_.end()) continue;
        it->second.clients.erase(c.id);
        if (it->second.clients.empty()) prefixes_.erase(it);  // the last listener: the prefix goes
    }
    t.prefixes.clear();
    if (t.on) {
        --tracking_clients_;
        t = Client::Tracking{};
    }
}

void Tracking::beginCommand(Client& c, const CommandSpec& spec, std::span<const std::string> argv) {
    frames_.push_back({&c, &spec, argv});
}

void Tracking::endCommand() {
    if (!frames_.empty()) frames_.pop_back();
}

Client* Tracking::currentClient() { return frames_.empty() ? nullptr : frames_.front().client; }

void Tracking::afterCall(Client& c, const CommandSpec& spec, std::span<const std::string> argv) {
    if (tracking_clients_ == 0 || !(spec.flags & cmd::kReadonly)) return;
    // A read-only script is not remembered itself: only the reads it makes are.
    for (std::string_view ro : {"eval_ro", "evalsha_ro", "fcall_ro"})
        if (spec.name == ro) return;
    // A command a script runs is remembered for the client that ran the script — with the
    // keys of the script's own command line (EVAL's declared keys), as Redis 7.0 does.
    Client* tracker = &c;
    const CommandSpec* key_spec = &spec;
    std::span<const std::string> key_argv = argv;
    if (engine_.script.caller && &c == engine_.script.script_client) {
        for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
            if (it->client == engine_.script.caller) {
                tracker = it->client;
                key_spec = it->spec;
                key_argv = it->argv;
                break;
            }
        }
    }
    const auto& t = tracker->tracking;
    if (!t.on || t.bcast) return;
    // Shard channels are keys for the cluster's sake only: not cached.
    if (key_spec->flags & cmd::kPubsub) return;
    if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
    for (size_t pos : CommandTable::keyPositions(*key_spec, key_argv)) {
        const std::string& key = key_argv[pos];
        auto it = table_.find(key);
        if (it == table_.end()) it = table_.emplace(key, std::set<uint64_t>{}).first;
        if (it->second.insert(tracker->id).second) ++total_items_;
    }
}

void Tracking::send(Client& c, std::string_view payload, bool raw) {
    Client* target = &c;
    bool redirected = false;
    if (c.tracking.redirect != 0) {
        target = engine_.client(c.tracking.redirect);
        if (!target) {
            // The redirect client went away: tell the tracking client (RESP3 only).
            c.tracking.broken_redir = true;
            if (c.resp > 2) {
                ReplyWriter w(c.out, c.resp);
                w.pushLen(2);
                w.bulk("tracking-redir-broken");
                w.integer(static_cast<long long>(c.tracking.redirect));
                engine_.notePush(c);
            }
            return;
        }
        redirected = true;
    }
    ReplyWriter w(target->out, target->resp);
    if (target->resp > 2) {
        w.pushLen(2);
        w.bulk("invalidate");
    } else if (redirected && target->inPubSubMode()) {
        w.arrayLen(3);
        w.bulk("message");
        w.bulk(kInvalidateChannel);
    } else {
        return;  // a RESP2 connection without redirect cannot carry a push
    }
    if (raw) {
        target->out.append(payload);
    } else {
        w.arrayLen(1);
        w.bulk(payload);
    }
    engine_.notePush(*target);
}

// The null is spelled in the tracking client's protocol, even when it goes to a redirect
// client speaking the other one (Redis uses the tracking client's shared null).
void Tracking::sendNull(Client& c) { send(c, c.resp > 2 ? "_\r\n" : "$-1\r\n", true); }

void Tracking::invalidateKey(std::string_view key) { invalidate(key, true, true); }

void Tracking::invalidate(std::string_view key, bool from_command, bool bcast) {
    if (table_.empty() && prefixes_.empty()) return;  // nobody tracks anything: the common case
    if (bcast && !prefixes_.empty()) {
        // DIFFERS FROM REDIS: a key that expires lazily during a command is recorded as
        // changed by that command's client (Redis records no client), which only matters
        // to a BCAST NOLOOP client reading its own expired key.
        const uint64_t modifier = frames_.empty() ? 0 : frames_.back().client->id;
        for (auto& [prefix, b] : prefixes_) {
            if (key.substr(0, prefix.size()) != prefix) continue;
            b.keys.insert_or_assign(std::string(key), modifier);  // remember who changed it last (NOLOOP)
        }
    }
    auto row = table_.find(key);
    if (row == table_.end()) return;
    const std::set<uint64_t> ids = std::move(row->second);
    total_items_ -= ids.size();
    table_.erase(row);  // read it again to be told again
    Client* current = from_command ? currentClient() : nullptr;
    for (uint64_t id : ids) {
        Client* target = engine_.client(id);
        // Ids of clients that left, turned tracking off or switched to BCAST are skipped
        // here rather than removed when they changed (Redis's lazy cleanup).
        if (!target || !target->tracking.on || target->tracking.bcast) continue;
        if (target->tracking.noloop && target == current) continue;
        if (target == current)
            pending_.emplace_back(false, std::string(key));  // after its own reply
        else
            send(*target, key, false);
    }
}

void Tracking::invalidateOnFlush() {
    if (tracking_clients_ > 0) {
        Client* current = currentClient();
        for (const auto& [id, c] : engine_.clients()) {
            if (!c->tracking.on) continue;
            if (c.get() == current)
                pending_.emplace_back(true, std::string());
            else
                sendNull(*c);
        }
    }
    table_.clear();
    total_items_ = 0;
}

void Tracking::afterTopLevel(Client& c, bool was_client_command) {
    if (!pending_.empty()) {
        std::vector<std::pair<bool, std::string>> pending;
        pending.swap(pending_);
        for (const auto& [is_null, key] : pending) {
            if (is_null)
                sendNull(c);
            else
                send(c, key, false);
        }
    }
    // CLIENT CACHING lasts for one command: the next one that is not a CLIENT subcommand
    // (a transaction keeps it until EXEC).
    if (!c.in_multi && !was_client_command) c.tracking.caching = false;
    if (tracking_clients_ > 0) limitUsedSlots();
    broadcast();
}

void Tracking::limitUsedSlots() {
    const long long max_keys = engine_.cfg().tracking_table_max_keys;
    if (max_keys <= 0) return;
    if (table_.size() <= static_cast<size_t>(max_keys)) {
        limit_timeouts_ = 0;
        return;
    }
    // Over the limit: forget random keys, telling their clients as if the keys changed,
    // trying harder each time the last attempt did not get under the limit.
    long long effort = 100LL * (limit_timeouts_ + 1);
    while (effort-- > 0 && !table_.empty()) {
        auto it = table_.begin();
        std::advance(it, static_cast<long>(engine_.rng().below(table_.size())));
        const std::string key = it->first;
        invalidate(key, false, false);
        if (table_.size() <= static_cast<size_t>(max_keys)) {
            limit_timeouts_ = 0;
            return;
        }
    }
    ++limit_timeouts_;
}

// DIFFERS FROM REDIS: Redis sends the BCAST batches once per event-loop iteration
// (beforeSleep), so a pipeline of writes read in one go makes one batch; redsim sends
// them after every top-level command and after every cron tick.
void Tracking::broadcast() {
    if (tracking_clients_ == 0) return;
    for (auto& [prefix, b] : prefixes_) {
        if (b.keys.empty()) continue;
        std::vector<std::string_view> all;
        for (const auto& [k, who] : b.keys) all.push_back(k);
        const std::string proto = keyArray(all);
        for (uint64_t id : b.clients) {
            Client* c = engine_.client(id);
            if (!c) continue;
            if (c->tracking.noloop) {
                // Leave out the keys this client changed last itself; nothing left, no message.
                std::vector<std::string_view> mine;
                for (const auto& [k, who] : b.keys)
                    if (who != id) mine.push_back(k);
                if (!mine.empty()) send(*c, keyArray(mine), true);
            } else {
                send(*c, proto, true);
            }
        }
        b.keys.clear();
    }
}

}  // namespace redsim
