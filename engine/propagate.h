// Propagation: what a write did, written as commands that redo it.
//
// Redis keeps a data set's history in two places that read the same stream: the AOF
// and the replicas. That stream is not the commands clients typed, but commands that
// give the same result when run again later, on another machine, at another time:
//   - a relative expire becomes absolute (EXPIRE k 10 -> PEXPIREAT k <ms>),
//   - a random or blocking command becomes its effect (SPOP -> SREM, BLPOP -> LPOP),
//   - a script or a transaction becomes the writes it made, wrapped in MULTI/EXEC,
//   - a key that expires or is evicted becomes a DEL (or UNLINK),
//   - a command that changed nothing is not written at all.
// While a top-level command runs, its operations collect here (Redis's also_propagate);
// when it ends, flush() hands them, wrapped in MULTI/EXEC when there are several, to
// every sink (the AOF, and later the replication stream). Each operation carries its
// database; a sink that writes a stream inserts SELECT where the database changes.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace redsim {

struct PropagatedOp {
    int db = 0;
    std::vector<std::string> argv;
};

class Propagator {
public:
    using Sink = std::function<void(std::span<const PropagatedOp>)>;

    // Sinks receive the operations of each top-level command (or cron step) at flush().
    int addSink(Sink sink);
    void removeSink(int id);
    bool active() const { return !sinks_.empty(); }

    // Adds one operation for the command now running (Redis's alsoPropagate). The
    // command's own argv is then no longer propagated: a handler that add()s writes
    // everything it did (SPOP count -> one SREM per member).
    void add(int db, std::vector<std::string> argv);
    // A key that expired (lazily on access, or in the active cycle) is written as
    // DEL key, or UNLINK key with lazyfree-lazy-expire (Redis's propagateDeletion). Unlike
    // add() it does not replace the running command's own line: GET of a stale key writes
    // only the DEL; SET over a stale key writes DEL then SET (wrapped in MULTI/EXEC, as
    // Redis 7.0 does). Outside any command (the cron's active expiry, serving blocked
    // clients) each deletion is flushed on its own, as 7.0 writes each one alone.
    void addDeletion(int db, const std::string& key, bool unlink);
    // The command now running replaces its own line: the engine will not propagate the
    // argv as typed (Redis's rewriteClientCommandVector / preventCommandPropagation).
    // After preventSelf() the command propagates only what it add()ed.
    void preventSelf() { self_prevented_ = true; }
    // The command now running is written as typed even if it changed nothing (Redis's
    // forceCommandPropagation: FLUSHDB of an empty database still reaches the AOF).
    void forceSelf() { self_forced_ = true; }

    // Engine side: around each handler call.
    struct Mark {
        uint64_t counted;
        bool prevented;
        bool forced;
    };
    Mark begin();
    // After the handler: if it changed the data set (dirty_delta > 0, or forceSelf()) and
    // added nothing itself and did not prevent it, its own argv is propagated, after any
    // deletions of expired keys it ran into.
    void end(Mark m, int db, std::span<const std::string> argv, uint64_t dirty_delta);

    // Hands the pending operations to the sinks, wrapped in MULTI/EXEC when more than one,
    // and clears them. Called after each top-level command and after each cron step.
    void flush();
    const std::vector<PropagatedOp>& pending() const { return pending_; }

private:
    std::vector<PropagatedOp> pending_;
    // Operations that stand for a command (add() and the argv end() pushes), but not the
    // deletions of expired keys: a handler whose Mark sees this grow wrote itself.
    uint64_t counted_ = 0;
    int depth_ = 0;  // handlers running (nested for EXEC and scripts)
    bool self_prevented_ = false;
    bool self_forced_ = false;
    int next_id_ = 1;
    std::vector<std::pair<int, Sink>> sinks_;
};

}  // namespace redsim
