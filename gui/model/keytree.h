// The key browser's model: keys grouped by ':' namespaces into folders, as RedisInsight's
// tree view groups them ("user:1000:name" sits in user: > 1000:), filtered by a glob
// pattern and a type, and refreshed incrementally so a keyspace of a million keys never
// costs one frame more than a bounded step.
//
// The browser walks the database with inspect::scanKeys (SCAN's cursor) a budget of keys
// per frame into a new tree, and swaps it in when the walk completes; a new walk starts
// only when the keyspace changed. Folders are sorted by name; the keys of a folder are
// sorted too unless it holds more than kSortLimit of them (then they stay in SCAN's order,
// which is also what RedisInsight shows).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/keyspace.h"
#include "engine/object.h"

namespace redsim {
class Engine;
}

namespace redsim::gui {

class KeyTree {
public:
    static constexpr size_t kSortLimit = 20000;
    static constexpr char kDelimiter = ':';

    struct Folder {
        std::string name;               // the segment: "1000"
        std::string prefix;             // the namespace with its delimiter: "user:1000:"
        size_t keys = 0;                // keys under it, at any depth
        std::vector<uint32_t> folders;  // child folders (indices into folders())
        std::vector<uint32_t> leaves;   // keys directly in it (indices into keys())
    };
    // One line of the browser: a folder or a key, at a depth.
    struct Row {
        int depth = 0;
        bool folder = false;
        uint32_t index = 0;  // into folders() or keys()
    };

    KeyTree();
    void clear();
    // Adds a key under its namespaces. Requires: finish() not called since clear().
    void add(inspect::KeyInfo k);
    // Sorts folders and (small) leaf lists. Call once after the last add().
    void finish();

    size_t size() const { return keys_.size(); }
    // Room for n keys (the walk knows the db's size: no reallocation mid-walk).
    void reserve(size_t n) { keys_.reserve(n); }
    // Moves the keys out (the tree is empty afterwards): freeing a million strings at
    // once takes a frame's time, so the browser frees them a budget at a time.
    std::vector<inspect::KeyInfo> releaseKeys();
    const std::vector<inspect::KeyInfo>& keys() const { return keys_; }
    const std::vector<Folder>& folders() const { return folders_; }
    const Folder& root() const { return folders_[0]; }
    // Visible rows in drawing order: in each folder its folders first, then its keys;
    // a folder's contents only when its prefix is in `expanded`.
    std::vector<Row> rows(const std::set<std::string>& expanded) const;

private:
    uint32_t child(uint32_t parent, std::string_view segment);
    std::vector<inspect::KeyInfo> keys_;
    std::vector<Folder> folders_;  // [0] is the root ("")
};

// Which keys the browser shows.
struct KeyFilter {
    std::string pattern;          // a glob as KEYS takes it; "" or "*" = all
    std::optional<ObjType> type;  // nullopt = every type
    bool matches(const inspect::KeyInfo& k) const;
    friend bool operator==(const KeyFilter&, const KeyFilter&) = default;
};

class KeyBrowserModel {
public:
    // Keys scanned per update() call: about 1 ms of work in a release build, so a
    // million keys are walked in 200 frames (3 s at 60 frames a second).
    static constexpr size_t kDefaultBudget = 5000;

    // Does one bounded step. A walk starts when `stamp` (anything that changes when the
    // keyspace does), the db or the filter differ from those of the tree shown; each call
    // scans up to `budget` keys; a complete walk replaces the tree shown.
    void update(Engine& engine, int db, uint64_t stamp, const KeyFilter& filter, size_t budget = kDefaultBudget);
    const KeyTree& tree() const { return shown_; }
    bool walking() const { return walking_; }
    // Keys the current walk has seen, for a progress line.
    size_t walked() const { return walked_; }
    // Bumps with each tree swapped in (views cache their rows on it).
    uint64_t generation() const { return generation_; }

private:
    KeyTree shown_, next_;
    bool walking_ = false;
    uint64_t cursor_ = 0;
    size_t walked_ = 0;
    uint64_t shown_stamp_ = ~0ull, walk_stamp_ = 0;
    int shown_db_ = -1, walk_db_ = -1;
    KeyFilter shown_filter_, walk_filter_;
    uint64_t generation_ = 0;
    std::vector<inspect::KeyInfo> batch_;
    std::vector<inspect::KeyInfo> graveyard_;  // the previous tree's keys, freed gradually
};

}  // namespace redsim::gui
