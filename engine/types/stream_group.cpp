// Consumer groups: see stream_group.h for the model (one NACK, two indexes) and the
// read counters.
#include "engine/types/stream_group.h"

#include "engine/types/stream.h"

namespace redsim {

StreamCG::StreamCG(const StreamCG& other) { *this = other; }

StreamCG& StreamCG::operator=(const StreamCG& other) {
    if (this == &other) return *this;
    last_id = other.last_id;
    entries_read = other.entries_read;
    pel_.clear();
    consumers_.clear();
    for (const auto& [name, c] : other.consumers_) {
        StreamConsumer& copy = consumers_[name];
        copy.name = c.name;
        copy.seen_time = c.seen_time;
    }
    for (const auto& [id, nack] : other.pel_) {
        auto copy = std::make_unique<StreamNACK>(*nack);
        if (nack->consumer) {
            StreamConsumer& owner = consumers_.find(nack->consumer->name)->second;
            copy->consumer = &owner;
            owner.pel.emplace(id, copy.get());
        }
        pel_.emplace(id, std::move(copy));
    }
    return *this;
}

const StreamNACK* StreamCG::findNack(StreamID id) const {
    auto it = pel_.find(id);
    return it == pel_.end() ? nullptr : it->second.get();
}

StreamNACK* StreamCG::findNack(StreamID id) {
    auto it = pel_.find(id);
    return it == pel_.end() ? nullptr : it->second.get();
}

StreamConsumer* StreamCG::findConsumer(std::string_view name) {
    auto it = consumers_.find(name);
    return it == consumers_.end() ? nullptr : &it->second;
}

StreamConsumer* StreamCG::createConsumer(std::string_view name, int64_t now_ms) {
    auto [it, inserted] = consumers_.try_emplace(std::string(name));
    if (!inserted) return nullptr;
    it->second.name = std::string(name);
    it->second.seen_time = now_ms;
    return &it->second;
}

size_t StreamCG::deleteConsumer(std::string_view name) {
    auto it = consumers_.find(name);
    if (it == consumers_.end()) return 0;
    const size_t pending = it->second.pel.size();
    // Its pending entries go from the group PEL too: nobody holds them any more.
    for (const auto& [id, nack] : it->second.pel) pel_.erase(id);
    consumers_.erase(it);
    return pending;
}

void StreamCG::deliver(StreamID id, StreamConsumer& c, int64_t now_ms) {
    auto [it, inserted] = pel_.try_emplace(id);
    if (inserted) {
        it->second = std::make_unique<StreamNACK>(StreamNACK{now_ms, 1, &c});
        c.pel.emplace(id, it->second.get());
        return;
    }
    StreamNACK& nack = *it->second;
    nack.consumer->pel.erase(id);
    nack.consumer = &c;
    nack.delivery_time = now_ms;
    nack.delivery_count = 1;
    c.pel.emplace(id, &nack);
}

StreamNACK& StreamCG::createUnowned(StreamID id, int64_t now_ms) {
    auto& slot = pel_[id];
    slot = std::make_unique<StreamNACK>(StreamNACK{now_ms, 1, nullptr});
    return *slot;
}

void StreamCG::assign(StreamID id, StreamNACK& nack, StreamConsumer& c) {
    if (nack.consumer == &c) return;
    if (nack.consumer) nack.consumer->pel.erase(id);
    nack.consumer = &c;
    c.pel.emplace(id, &nack);
}

bool StreamCG::ack(StreamID id) {
    auto it = pel_.find(id);
    if (it == pel_.end()) return false;
    if (it->second->consumer) it->second->consumer->pel.erase(id);
    pel_.erase(it);
    return true;
}

StreamCG* StreamGroups::find(std::string_view name) {
    auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : &it->second;
}

const StreamCG* StreamGroups::find(std::string_view name) const {
    auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : &it->second;
}

StreamCG* StreamGroups::create(std::string_view name, StreamID last_id, int64_t entries_read) {
    auto [it, inserted] = groups_.try_emplace(std::string(name));
    if (!inserted) return nullptr;
    it->second.last_id = last_id;
    it->second.entries_read = entries_read;
    return &it->second;
}

bool StreamGroups::destroy(std::string_view name) {
    auto it = groups_.find(name);
    if (it == groups_.end()) return false;
    groups_.erase(it);
    return true;
}

// ---- read counters (Redis 7.0's rules, case by case) ----

bool streamRangeHasTombstones(const Stream& s, StreamID start) {
    const StreamID max_deleted = s.maxDeletedId();
    // No entries, or nothing ever deleted.
    if (s.length() == 0 || max_deleted == kStreamMinID) return false;
    // The last deletion was before today's first entry: those holes are gone.
    if (s.firstId() > max_deleted) return false;
    return start <= max_deleted;
}

int64_t streamEstimateDistance(const Stream& s, StreamID id) {
    const auto added = static_cast<int64_t>(s.entriesAdded());
    // A stream that never had an entry: everything is at position 0.
    if (added == 0) return 0;
    // An emptied stream: any id up to the last one has seen every entry.
    if (s.length() == 0 && id <= s.lastId()) return added;
    if (id == s.lastId()) return added;                         // exactly the newest entry
    if (id > s.lastId()) return StreamCG::kInvalidEntriesRead;  // the future
    const StreamID max_deleted = s.maxDeletedId();
    const StreamID first = s.firstId();
    // Without deletions between the first entry and the end, positions before and at
    // the first entry follow from the count of entries trimmed away.
    if (max_deleted == kStreamMinID || max_deleted < first) {
        const auto len = static_cast<int64_t>(s.length());
        if (id < first) return added - len;
        if (id == first) return added - len + 1;
    }
    // Somewhere in the middle, or holes ahead: unknown.
    return StreamCG::kInvalidEntriesRead;
}

std::optional<int64_t> streamGroupLag(const Stream& s, const StreamCG& cg) {
    const auto added = static_cast<int64_t>(s.entriesAdded());
    if (added == 0) return 0;
    // A known counter with no holes ahead is exact.
    if (cg.entries_read != StreamCG::kInvalidEntriesRead && !streamRangeHasTombstones(s, cg.last_id))
        return added - cg.entries_read;
    const int64_t read = streamEstimateDistance(s, cg.last_id);
    if (read == StreamCG::kInvalidEntriesRead) return std::nullopt;
    return added - read;
}

void streamGroupAdvance(const Stream& s, StreamCG& cg, StreamID id) {
    if (id <= cg.last_id) return;
    if (cg.entries_read != StreamCG::kInvalidEntriesRead && !streamRangeHasTombstones(s, id))
        ++cg.entries_read;  // one more entry read, and no holes to make it uncertain
    else if (s.entriesAdded() != 0)
        cg.entries_read = streamEstimateDistance(s, id);  // try to (re)learn it
    cg.last_id = id;
}

}  // namespace redsim
