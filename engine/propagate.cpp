#include "engine/propagate.h"

#include <algorithm>

namespace redsim {

int Propagator::addSink(Sink sink) {
    sinks_.emplace_back(next_id_, std::move(sink));
    return next_id_++;
}

void Propagator::removeSink(int id) {
    std::erase_if(sinks_, [id](const auto& s) { return s.first == id; });
}

void Propagator::add(int db, std::vector<std::string> argv) {
    ++counted_;
    if (!active()) return;
    pending_.push_back({db, std::move(argv)});
}

void Propagator::addDeletion(int db, const std::string& key, bool unlink) {
    if (!active()) return;
    pending_.push_back({db, {unlink ? "UNLINK" : "DEL", key}});
    if (depth_ == 0) flush();
}

Propagator::Mark Propagator::begin() {
    Mark m{counted_, self_prevented_, self_forced_};
    self_prevented_ = false;
    self_forced_ = false;
    ++depth_;
    return m;
}

void Propagator::end(Mark m, int db, std::span<const std::string> argv, uint64_t dirty_delta) {
    --depth_;
    const bool added = counted_ > m.counted;
    // The command's own line goes last, after the deletions of keys it found expired.
    if ((dirty_delta > 0 || self_forced_) && !added && !self_prevented_) {
        ++counted_;
        if (active()) pending_.push_back({db, std::vector<std::string>(argv.begin(), argv.end())});
    }
    self_prevented_ = m.prevented;
    self_forced_ = m.forced;
}

void Propagator::flush() {
    if (pending_.empty()) return;
    if (pending_.size() > 1) {
        const int db = pending_.front().db;
        pending_.insert(pending_.begin(), PropagatedOp{db, {"MULTI"}});
        pending_.push_back(PropagatedOp{pending_.back().db, {"EXEC"}});
    }
    std::vector<PropagatedOp> ops = std::move(pending_);
    pending_.clear();
    for (auto& [id, sink] : sinks_) sink(ops);
}

}  // namespace redsim
