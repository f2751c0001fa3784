// Consumer groups of a stream (Redis's streamCG, streamConsumer and streamNACK).
//
// A consumer group is a cursor over a stream shared by several readers ("consumers"):
// XREADGROUP … > hands each new entry to exactly one consumer of the group and moves the
// group's cursor (`last_id`) past it. Until the consumer confirms it with XACK, the entry
// stays "pending": it has a NACK (not-acknowledged record) saying who has it, when it was
// last delivered and how many times.
//
// One NACK, two indexes. Every NACK is reachable from two places:
//   - the group's PEL (pending entries list), all pending ids of the group, which owns
//     the NACK objects (XPENDING, XAUTOCLAIM, XACK look here), and
//   - its consumer's own PEL, the ids that consumer holds (XREADGROUP with an explicit id
//     replays it; XGROUP DELCONSUMER drops it), which only points at them.
// The NACK itself points back at its consumer, so XACK finds the id in the group PEL and
// removes it from both in O(log N). Moving an entry to another consumer (XCLAIM) changes
// the NACK's owner and moves the pointer between the two consumers' PELs; the group PEL
// does not change.
//
// Redis keeps groups, consumers and both PELs in radix trees ordered by their bytes (ids
// are stored big-endian, so byte order is numeric order). Here they are std::maps keyed
// by std::string (which compares as unsigned bytes, the same order) or by StreamID.
//
// Read counters (Redis 7.0). Every stream counts the entries ever added to it
// (entries-added); every group may know how many of those it has read (entries-read),
// which gives XINFO GROUPS's `lag` = entries-added - entries-read without walking the
// stream. The counter stays valid while a group reads forward through a stream without
// deleted entries ("tombstones") ahead of it; when it cannot be known it is -1 and shows
// as nil, and `lag` is then estimated from the stream's first entry when possible
// (streamEstimateDistance below follows Redis's rules exactly).
//
// Times (delivery_time, seen_time) are milliseconds of the engine clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/types/stream_id.h"

namespace redsim {

class Stream;
struct StreamConsumer;

// A pending entry: delivered to `consumer`, not acknowledged yet.
struct StreamNACK {
    int64_t delivery_time = 0;    // ms of the last delivery (idle time = now - this)
    uint64_t delivery_count = 1;  // deliveries so far (XPENDING's 4th column)
    StreamConsumer* consumer = nullptr;
};

struct StreamConsumer {
    std::string name;
    int64_t seen_time = 0;                // ms of the last read/claim attempt by it
    std::map<StreamID, StreamNACK*> pel;  // its pending entries (owned by the group PEL)
};

class StreamCG {
public:
    // entries_read when the group's position in the stream's history is unknown.
    static constexpr int64_t kInvalidEntriesRead = -1;

    StreamCG() = default;
    // Copying (COPY of a stream) rebuilds the NACKs and points them at the copy's own
    // consumers; moving keeps the nodes, so the pointers stay valid.
    StreamCG(const StreamCG& other);
    StreamCG& operator=(const StreamCG& other);
    StreamCG(StreamCG&&) noexcept = default;
    StreamCG& operator=(StreamCG&&) noexcept = default;

    StreamID last_id{};  // the last id delivered by XREADGROUP … >
    int64_t entries_read = kInvalidEntriesRead;

    // Read-only views for XINFO, the inspectors and snapshots.
    const std::map<StreamID, std::unique_ptr<StreamNACK>>& pel() const { return pel_; }
    const std::map<std::string, StreamConsumer, std::less<>>& consumers() const { return consumers_; }
    const StreamNACK* findNack(StreamID id) const;

    StreamNACK* findNack(StreamID id);
    StreamConsumer* findConsumer(std::string_view name);
    // Creates the consumer (seen now); nullptr when it exists already.
    StreamConsumer* createConsumer(std::string_view name, int64_t now_ms);
    // Deletes a consumer and its pending entries; returns how many were pending.
    size_t deleteConsumer(std::string_view name);

    // XREADGROUP delivered `id` to `c`: a new NACK, or, when the id was pending already
    // (possible after XGROUP SETID moved the cursor back), the old NACK handed to `c`
    // with its count restarted at 1.
    void deliver(StreamID id, StreamConsumer& c, int64_t now_ms);
    // A NACK with no owner yet (XCLAIM … FORCE); the caller gives it one with assign().
    StreamNACK& createUnowned(StreamID id, int64_t now_ms);
    // Makes `c` the owner of the pending entry `id` (moving it between consumer PELs).
    void assign(StreamID id, StreamNACK& nack, StreamConsumer& c);
    // Removes a pending entry from both PELs (XACK, or its entry was deleted).
    bool ack(StreamID id);

private:
    std::map<StreamID, std::unique_ptr<StreamNACK>> pel_;
    std::map<std::string, StreamConsumer, std::less<>> consumers_;
};

// The groups of one stream, by name.
class StreamGroups {
public:
    using Map = std::map<std::string, StreamCG, std::less<>>;

    size_t size() const { return groups_.size(); }
    const Map& all() const { return groups_; }
    StreamCG* find(std::string_view name);
    const StreamCG* find(std::string_view name) const;
    // nullptr when a group of that name exists.
    StreamCG* create(std::string_view name, StreamID last_id, int64_t entries_read);
    bool destroy(std::string_view name);

private:
    Map groups_;
};

// Redis's streamEstimateDistanceFromFirstEverEntry: the number of entries added up to
// and including `id` (its "logical read counter"), or kInvalidEntriesRead when deleted
// entries or an id between the first and the last entry make it unknowable.
int64_t streamEstimateDistance(const Stream& s, StreamID id);
// Redis's streamRangeHasTombstones(s, start, +inf): may a deleted entry lie at or after
// `start` (judged from the stream's largest deleted id)?
bool streamRangeHasTombstones(const Stream& s, StreamID start);
// XINFO GROUPS's `lag` (streamCGLag), or nullopt when it cannot be known (nil).
std::optional<int64_t> streamGroupLag(const Stream& s, const StreamCG& cg);
// What reading `id` (above the group's last id) does to the group's read counter and
// cursor (the bookkeeping in Redis's streamReplyWithRange).
void streamGroupAdvance(const Stream& s, StreamCG& cg, StreamID id);

}  // namespace redsim
