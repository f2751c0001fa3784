// Blocked clients and CLIENT PAUSE (Redis 7.0's blocked.c and the pause half of
// networking.c): the engine side. The commands are in engine/commands/blocking.cpp
// (lists, sorted sets), streams_groups.cpp (XREAD BLOCK) and clients.cpp (CLIENT
// UNBLOCK, PAUSE, UNPAUSE). See engine/blocking.h for the idea.
//
// The bookkeeping, as Redis keeps it:
//   blocking_keys_[db][key]  the clients parked on the key, in the order they blocked;
//   ready_keys_              keys that may have data for them now, in signal order;
//   timeout_table_           (deadline, client) for clients with a timeout;
//   postponed_               clients whose command waits for CLIENT PAUSE to end.
// Ready keys are served after each top-level command (Engine::afterCommand), so a
// transaction or a script that pushes and pops the same key is seen whole.
#include <algorithm>
#include <climits>

#include "engine/commands/command.h"
#include "engine/db.h"
#include "engine/engine.h"
#include "engine/object.h"

namespace redsim {

namespace {

bool holdsBlockType(const Object& o, BlockType t) {
    switch (t) {
        case BlockType::List:
            return o.type() == ObjType::List;
        case BlockType::ZSet:
            return o.type() == ObjType::ZSet;
        case BlockType::Stream:
            return o.type() == ObjType::Stream;
        default:
            return false;
    }
}

}  // namespace

void Engine::blockForKeys(Client& c, BlockState state, std::span<const std::string> argv, const CommandSpec& spec) {
    state.db = c.db;
    state.argv.assign(argv.begin(), argv.end());
    state.spec = &spec;
    // A key named twice is waited on once (its first id, for streams), as Redis's
    // per-client key dict does.
    std::vector<std::string> keys;
    std::vector<StreamID> ids;
    for (size_t i = 0; i < state.keys.size(); ++i) {
        if (std::find(keys.begin(), keys.end(), state.keys[i]) != keys.end()) continue;
        keys.push_back(state.keys[i]);
        if (i < state.ids.size()) ids.push_back(state.ids[i]);
    }
    state.keys = std::move(keys);
    state.ids = std::move(ids);
    auto& by_key = blocking_keys_[static_cast<size_t>(c.db)];
    for (const std::string& k : state.keys) by_key[k].push_back(c.id);
    if (state.deadline_ms != 0) timeout_table_.insert({state.deadline_ms, c.id});
    c.block = std::move(state);
    ++blocked_clients_;
}

void Engine::finishUnblock(Client& c, bool resume) {
    BlockState& b = c.block;
    if (b.type == BlockType::Postpone) {
        std::erase(postponed_, c.id);
    } else {
        auto& by_key = blocking_keys_[static_cast<size_t>(b.db)];
        for (const std::string& k : b.keys) {
            auto it = by_key.find(k);
            if (it == by_key.end()) continue;
            std::erase(it->second, c.id);
            if (it->second.empty()) by_key.erase(it);
        }
    }
    if (b.deadline_ms != 0) timeout_table_.erase({b.deadline_ms, c.id});
    --blocked_clients_;
    c.block = BlockState{};
    if (resume) {
        // The face sends what the client got and goes on with its pending input.
        unblocked_clients.push_back(c.id);
        notePush(c);
    }
}

void Engine::unblockClient(Client& c, UnblockReason why) {
    if (!c.blocked()) return;
    if (why != UnblockReason::Cancel) {
        ReplyWriter reply(c.out, c.resp);
        if (why == UnblockReason::Timeout) {
            reply.nullArray();  // replyToBlockedClientTimedOut: the same for every type
        } else {
            reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
            countErrorReply("UNBLOCKED");
        }
    }
    finishUnblock(c, why != UnblockReason::Cancel);
}

void Engine::countErrorReply(std::string_view code) {
    ++stats_.total_error_replies;
    ++stats_.errors[std::string(code)];
}

void Engine::signalKeyAsReady(int dbid, std::string_view key) {
    if (blocked_clients_ == postponed_.size()) return;  // nobody waits for a key
    auto& by_key = blocking_keys_[static_cast<size_t>(dbid)];
    if (by_key.find(key) == by_key.end()) return;
    if (!ready_set_.emplace(dbid, std::string(key)).second) return;  // already queued
    ready_keys_.emplace_back(dbid, std::string(key));
}

void Engine::signalAllBlockingKeys(int dbid) {
    for (const auto& [key, ids] : blocking_keys_[static_cast<size_t>(dbid)]) signalKeyAsReady(dbid, key);
}

void Engine::handleClientsBlockedOnKeys() {
    while (!ready_keys_.empty()) {
        std::vector<std::pair<int, std::string>> batch;
        batch.swap(ready_keys_);
        for (auto& [dbid, key] : batch) {
            ready_set_.erase({dbid, key});
            refreshTime();  // each key is served at its own "now", as Redis updates its cached time
            Db& d = db(dbid);
            d.expireIfNeeded(key);
            auto found = blocking_keys_[static_cast<size_t>(dbid)].find(key);
            if (found == blocking_keys_[static_cast<size_t>(dbid)].end()) continue;
            const std::vector<uint64_t> waiters = found->second;  // FIFO; serving edits the list
            for (uint64_t id : waiters) {
                Client* c = client(id);
                if (c == nullptr || !c->blocked() || c->block.db != dbid) continue;
                Object* o = d.peek(key);
                if (o == nullptr || o->type() != ObjType::Stream) {
                    // A stream a group reader waited on is gone (deleted, replaced,
                    // expired, flushed): 7.0 tells the reader rather than wait forever.
                    // Plain XREAD readers keep waiting for a new stream.
                    if (c->block.type == BlockType::Stream && !c->block.group.empty()) {
                        ReplyWriter(c->out, c->resp).error("UNBLOCKED the stream key no longer exists");
                        countErrorReply("UNBLOCKED");
                        finishUnblock(*c, true);
                        continue;
                    }
                    if (o == nullptr) continue;
                }
                if (!holdsBlockType(*o, c->block.type)) continue;
                ReplyWriter reply(c->out, c->resp);
                CommandContext ctx{*this, *c, c->block.argv, reply, *c->block.spec};
                const bool served = c->block.serve(ctx, key, *o);
                // Each served client's pop is written on its own (MULTI/EXEC only around
                // what one client's serving wrote), as Redis 7.0 does.
                propagator_.flush();
                for (int i = 0; i < reply.errorCount(); ++i) countErrorReply(reply.lastErrorCode());
                if (served) finishUnblock(*c, true);
            }
        }
    }
}

void Engine::handleBlockedClientsTimeout() {
    // Redis answers a client whose deadline has passed (deadline < now).
    while (!timeout_table_.empty()) {
        const auto [deadline, id] = *timeout_table_.begin();
        if (deadline >= cmd_time_ms_) break;
        Client* c = client(id);
        if (c == nullptr) {
            timeout_table_.erase(timeout_table_.begin());
            continue;
        }
        unblockClient(*c, UnblockReason::Timeout);
    }
}

// ---- CLIENT PAUSE ----------------------------------------------------------------------

void Engine::pauseClients(PauseType type, int64_t end_ms) {
    // A second pause widens the first: the stricter type and the later end win.
    if (static_cast<int>(type) > static_cast<int>(pause_type_)) pause_type_ = type;
    pause_end_ms_ = std::max(pause_end_ms_, end_ms);
}

void Engine::unpauseClients() {
    pause_type_ = PauseType::Off;
    pause_end_ms_ = 0;
    // Every postponed client gets its command run again once the current command is
    // over (it may be postponed again by a later pause).
    for (uint64_t id : postponed_) rerun_.push_back(id);
}

bool Engine::pausePostpones(const Client& c, const CommandSpec& spec, const CommandSpec* parent) const {
    if (pause_type_ == PauseType::Off) return false;
    if (pause_type_ == PauseType::All) return true;
    // WRITE: commands that may change the data set (writes, and what may replicate:
    // EVAL, PUBLISH…), and an EXEC whose queue holds one.
    if (CommandTable::mayReplicate(spec, parent)) return true;
    if (parent == nullptr && spec.name == "exec" && c.in_multi) {
        for (const auto& q : c.queued) {
            const CommandSpec* s = commands_.find(q[0]);
            const CommandSpec* p = nullptr;
            if (s && !s->subcommands.empty() && q.size() >= 2) {
                if (const CommandSpec* sub = CommandTable::findSub(*s, q[1])) {
                    p = s;
                    s = sub;
                }
            }
            if (s && CommandTable::mayReplicate(*s, p)) return true;
        }
    }
    return false;
}

void Engine::postpone(Client& c, std::span<const std::string> argv, const CommandSpec& spec) {
    BlockState st;
    st.type = BlockType::Postpone;
    st.db = c.db;
    st.argv.assign(argv.begin(), argv.end());
    st.spec = &spec;
    c.block = std::move(st);
    postponed_.push_back(c.id);
    ++blocked_clients_;
}

void Engine::beforeCommand() {
    refreshTime();
    if (pause_type_ != PauseType::Off && pause_end_ms_ < cmd_time_ms_) unpauseClients();
    handleBlockedClientsTimeout();
    runUnblocked();
}

void Engine::afterCommand() {
    handleClientsBlockedOnKeys();
    runUnblocked();
}

void Engine::runUnblocked() {
    // The commands CLIENT UNPAUSE (or the pause's end) released, in the order they were
    // postponed; each is a top-level command of its own (whose own before/after must
    // not start the next one first).
    if (rerunning_) return;
    rerunning_ = true;
    while (!rerun_.empty()) {
        const uint64_t id = rerun_.front();
        rerun_.erase(rerun_.begin());
        Client* c = client(id);
        if (c == nullptr || c->block.type != BlockType::Postpone) continue;
        std::vector<std::string> argv = std::move(c->block.argv);
        finishUnblock(*c, true);
        execute(*c, argv);
    }
    rerunning_ = false;
}

}  // namespace redsim
