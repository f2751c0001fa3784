#include "gui/model/keytree.h"

#include <algorithm>

#include "engine/engine.h"
#include "engine/util/glob.h"

namespace redsim::gui {

KeyTree::KeyTree() { clear(); }

void KeyTree::clear() {
    keys_.clear();
    folders_.clear();
    folders_.push_back({});
}

uint32_t KeyTree::child(uint32_t parent, std::string_view segment) {
    // Folders have few children compared with keys; a linear look from the newest is
    // enough (keys of one namespace tend to arrive together).
    auto& kids = folders_[parent].folders;
    for (auto it = kids.rbegin(); it != kids.rend(); ++it)
        if (folders_[*it].name == segment) return *it;
    Folder f;
    f.name = std::string(segment);
    f.prefix = folders_[parent].prefix + f.name + kDelimiter;
    folders_.push_back(std::move(f));
    const auto id = static_cast<uint32_t>(folders_.size() - 1);
    folders_[parent].folders.push_back(id);
    return id;
}

void KeyTree::add(inspect::KeyInfo k) {
    uint32_t at = 0;
    ++folders_[0].keys;
    std::string_view rest = k.key;
    for (size_t pos; (pos = rest.find(kDelimiter)) != std::string_view::npos;) {
        at = child(at, rest.substr(0, pos));
        ++folders_[at].keys;
        rest.remove_prefix(pos + 1);
    }
    keys_.push_back(std::move(k));
    folders_[at].leaves.push_back(static_cast<uint32_t>(keys_.size() - 1));
}

std::vector<inspect::KeyInfo> KeyTree::releaseKeys() {
    std::vector<inspect::KeyInfo> out;
    out.swap(keys_);
    folders_.clear();
    folders_.push_back({});
    return out;
}

void KeyTree::finish() {
    for (auto& f : folders_) {
        std::sort(f.folders.begin(), f.folders.end(),
                  [this](uint32_t a, uint32_t b) { return folders_[a].name < folders_[b].name; });
        if (f.leaves.size() <= kSortLimit)
            std::sort(f.leaves.begin(), f.leaves.end(),
                      [this](uint32_t a, uint32_t b) { return keys_[a].key < keys_[b].key; });
    }
}

std::vector<KeyTree::Row> KeyTree::rows(const std::set<std::string>& expanded) const {
    std::vector<Row> out;
    // Depth-first with an explicit stack (a key may have thousands of ':'). An item is a
    // folder to open, or — `leaves_of` set — the keys of a folder, listed after the
    // subtrees of its child folders.
    struct Item {
        uint32_t folder;
        int depth;
        bool leaves_of;
    };
    std::vector<Item> stack{{0, 0, false}};
    while (!stack.empty()) {
        const Item it = stack.back();
        stack.pop_back();
        const Folder& f = folders_[it.folder];
        if (it.leaves_of) {
            for (uint32_t l : f.leaves) out.push_back({it.depth, false, l});
            continue;
        }
        if (it.folder != 0) {
            out.push_back({it.depth - 1, true, it.folder});
            if (!expanded.count(f.prefix)) continue;
        }
        stack.push_back({it.folder, it.depth, true});
        for (auto c = f.folders.rbegin(); c != f.folders.rend(); ++c) stack.push_back({*c, it.depth + 1, false});
    }
    return out;
}

bool KeyFilter::matches(const inspect::KeyInfo& k) const {
    if (type && k.type != *type) return false;
    if (pattern.empty() || pattern == "*") return true;
    return globMatch(pattern, k.key);
}

void KeyBrowserModel::update(Engine& engine, int db, uint64_t stamp, const KeyFilter& filter, size_t budget) {
    for (size_t n = 0; n < budget && !graveyard_.empty(); ++n) graveyard_.pop_back();
    if (!walking_) {
        if (stamp == shown_stamp_ && db == shown_db_ && filter == shown_filter_) return;
        walking_ = true;
        cursor_ = 0;
        walked_ = 0;
        walk_stamp_ = stamp;
        walk_db_ = db;
        walk_filter_ = filter;
        for (auto& k : next_.releaseKeys()) graveyard_.push_back(std::move(k));  // an abandoned walk
        if (db >= 0 && db < engine.dbCount()) next_.reserve(engine.db(db).size());
    }
    // A filter or db change restarts the walk at once; keyspace changes wait for the
    // walk in progress to finish (it then starts again).
    if (db != walk_db_ || !(filter == walk_filter_)) {
        walking_ = false;
        shown_stamp_ = ~0ull;
        update(engine, db, stamp, filter, budget);
        return;
    }
    batch_.clear();
    cursor_ = inspect::scanKeys(engine, walk_db_, cursor_, budget, batch_);
    walked_ += batch_.size();
    for (auto& k : batch_)
        if (walk_filter_.matches(k)) next_.add(std::move(k));
    if (cursor_ != 0) return;
    next_.finish();
    std::swap(shown_, next_);
    auto old = next_.releaseKeys();
    if (graveyard_.empty())
        graveyard_ = std::move(old);
    else
        for (auto& k : old) graveyard_.push_back(std::move(k));  // rare: a walk shorter than the last free
    walking_ = false;
    shown_stamp_ = walk_stamp_;
    shown_db_ = walk_db_;
    shown_filter_ = walk_filter_;
    ++generation_;
}

}  // namespace redsim::gui
