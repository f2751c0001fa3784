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
    if (!active()) return;
    pending_.push_back({db, std::move(argv)});
}

Propagator::Mark Propagator::begin() {
    Mark m{pending_.size(), self_prevented_};
    self_prevented_ = false;
    return m;
}

void Propagator::end(Mark m, int db, std::span<const std::string> argv, uint64_t dirty_delta) {
    const bool added = pending_.size() > m.ops;
    if (dirty_delta > 0 && !added && !self_prevented_ && active())
        pending_.push_back({db, std::vector<std::string>(argv.begin(), argv.end())});
    self_prevented_ = m.prevented;
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
