// Dict: Redis 7.0's hash table (src/dict.c), rebuilt for reading next to the GUI.
//
// Every keyspace, every large hash and set, and many server tables in Redis are one
// of these. What a learner should take away:
//
// CHAINED HASHING, POWER-OF-TWO TABLES
//   A table is an array of 2^k buckets. A key's bucket is hash(key) & (2^k - 1): the
//   low k bits of its 64-bit hash, which is why sizes are powers of two (a mask is
//   cheaper than a modulo). Keys that land in the same bucket form a singly linked
//   chain; a new entry is pushed at the head of its chain, so the newest is found
//   first. Lookups hash once, pick the bucket, and walk that one chain.
//
// GROWING AND SHRINKING
//   The first insert allocates 4 buckets. Before each insert, if the table holds as
//   many entries as it has buckets (load factor 1), it grows to the next power of
//   two >= used+1, i.e. it doubles. While a fork()ed child is saving, Redis "avoids"
//   resizing so copy-on-write pages are not touched; then it grows only when the
//   load factor passes 5 (setResizeAllowed(false) here). Deleting never shrinks by
//   itself: the owner asks needsShrink() (fewer than 10% of the buckets used) and
//   then shrinkToFit(), which resizes to the next power of two >= used (min 4).
//
// INCREMENTAL REHASHING
//   Moving millions of keys at once would stall a single-threaded server, so a
//   resize allocates the new table as a second table (table 1) and moves the old
//   table's buckets over a few at a time. rehashIndex() is the next old bucket to
//   move; every old bucket below it is already empty. While rehashing:
//     - each find/insert/erase first moves one bucket (unless paused), and the
//       server's cron moves more in batches (rehashBatches);
//     - lookups search table 0 then table 1, and new entries go to table 1 only,
//       so table 0 only ever drains;
//     - a step that meets a run of empty buckets gives up after 10 of them per
//       bucket it was asked to move, so one step has bounded cost.
//   When table 0 is empty, table 1 becomes table 0 and rehashIndex() returns to -1.
//   No second resize starts while one is in progress.
//
// SCAN AND ITS REVERSE-BINARY CURSOR
//   SCAN must walk a table that may grow, shrink or be mid-rehash between calls,
//   with no server-side state. The cursor is a bucket index, but it is advanced by
//   adding one to its *bit-reversed* form: with 8 buckets the order is
//   0,4,2,6,1,5,3,7 - counting upwards from the high bit of the mask. Why: when the
//   table doubles, bucket b splits into b and b+size (one more high bit); when it
//   halves, b and b+size/2 merge into b. Because the cursor varies its high bits
//   fastest, all buckets of the old table already visited map onto exactly the
//   buckets of the new table that the cursor has already passed (and vice versa).
//   So the guarantee: every key present for the whole scan is returned at least
//   once; keys may repeat (after a shrink a merged bucket can be visited again),
//   and keys added or removed during the scan may or may not appear. While two
//   tables exist, one call visits bucket (cursor & small_mask) of the smaller table
//   and then every bucket of the larger table that it expands into.
//
// DIFFERS FROM REDIS: keys are std::string and the hash is XXH3 with a per-dict seed
// (Redis uses SipHash with one process-wide seed); the resize switch is per dict,
// not the global dict_can_resize; randomness comes from an injected Rng; the cron's
// rehashing is bounded by a number of 100-bucket batches, not by 1 ms of wall clock.
#pragma once

#include <xxhash.h>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/rng.h"

namespace redsim {

// Seeded 64-bit string hash (XXH3). Same seed, same hash: buckets are reproducible.
struct StringHash {
    uint64_t seed = 0;
    uint64_t operator()(std::string_view s) const { return XXH3_64bits_withSeed(s.data(), s.size(), seed); }
};

// Hash must be constructible as Hash{uint64_t seed} and callable on string_view.
template <class V, class Hash = StringHash>
class Dict {
public:
    // One key/value pair. `next` links the bucket's chain; owners must not change
    // `key` or `next`. An Entry* stays valid until that key is erased/taken, or
    // clear() or the destructor runs: rehashing moves entries between tables
    // without reallocating them.
    struct Entry {
        // `next` and `key` come first so that walking a chain and comparing keys touch
        // one cache line per entry; the value is read only for the entry found.
        Entry* next;
        std::string key;
        // A set's dict stores no values: an empty V takes no space in the entry.
        [[no_unique_address]] V value;
    };

    // Copy of one table's shape, for the GUI and :explain.
    struct TableView {
        size_t size = 0;                      // buckets; 0 when the table is unused
        size_t used = 0;                      // entries
        std::vector<uint32_t> chain_lengths;  // one per bucket
    };

    static constexpr size_t kInitialSize = 4;       // DICT_HT_INITIAL_SIZE
    static constexpr size_t kForceResizeRatio = 5;  // dict_force_resize_ratio
    static constexpr size_t kMinFillPercent = 10;   // server.h HASHTABLE_MIN_FILL
    static constexpr int kFairSample = 15;          // GETFAIR_NUM_ENTRIES

    explicit Dict(uint64_t hash_seed = 0) : hash_{hash_seed} {}
    Dict(const Dict&) = delete;
    Dict& operator=(const Dict&) = delete;
    Dict(Dict&& other) noexcept { takeFrom(other); }
    Dict& operator=(Dict&& other) noexcept {
        if (this != &other) {
            clear();
            takeFrom(other);
        }
        return *this;
    }
    ~Dict() { clear(); }

    // Entries in both tables.
    size_t size() const { return ht_[0].used + ht_[1].used; }
    // Buckets allocated in both tables (what the bucket arrays cost in memory).
    size_t buckets() const { return ht_[0].size() + ht_[1].size(); }
    // Buckets of table i (0 or 1) without copying it (the memory model reads this).
    size_t tableSize(int i) const { return ht_[i & 1].size(); }
    bool empty() const { return size() == 0; }

    // The entry for `key`, or nullptr. Does one rehash step first when rehashing
    // and not paused (as dictFind). Lifetime of the result: see Entry.
    Entry* find(std::string_view key) {
        if (empty()) return nullptr;
        if (isRehashing()) rehashStep();
        return lookup(key, hash_(key));
    }
    // Same, without the rehash step.
    const Entry* find(std::string_view key) const {
        if (empty()) return nullptr;
        return lookup(key, hash_(key));
    }

    // Adds key -> value if key is absent: returns {new entry, true}. If present,
    // returns {existing entry, false} and leaves its value untouched (`value` is
    // dropped). Takes ownership of key and value. May start a resize (see the file
    // comment); does one rehash step first when rehashing and not paused.
    std::pair<Entry*, bool> insert(std::string key, V value) {
        if (isRehashing()) rehashStep();
        const uint64_t h = hash_(key);
        expandIfNeeded();
        if (Entry* existing = lookup(key, h)) return {existing, false};
        Table& t = ht_[isRehashing() ? 1 : 0];  // new keys go to the new table
        Entry*& head = t.buckets[h & t.mask()];
        head = new Entry{head, std::move(key), std::move(value)};
        ++t.used;
        return {head, true};
    }

    // Removes key; true if it was there. Invalidates that entry's pointer only.
    bool erase(std::string_view key) {
        Entry* e = unlink(key);
        delete e;
        return e != nullptr;
    }

    // Removes key and returns its value (nullopt if absent).
    std::optional<V> take(std::string_view key) {
        Entry* e = unlink(key);
        if (e == nullptr) return std::nullopt;
        std::optional<V> v(std::move(e->value));
        delete e;
        return v;
    }

    // Frees every entry and both tables (as dictEmpty, which also forgets any pause).
    // The next insert starts again from a 4-bucket table.
    void clear() {
        for (Table& t : ht_) {
            for (Entry* head : t.buckets) {
                while (head != nullptr) {
                    Entry* next = head->next;
                    delete head;
                    head = next;
                }
            }
            t = Table{};
        }
        rehashidx_ = -1;
        pause_ = 0;
    }

    // ---- Rehashing ------------------------------------------------------------

    bool isRehashing() const { return rehashidx_ != -1; }
    long rehashIndex() const { return rehashidx_; }

    // Moves up to n non-empty buckets of table 0 into table 1, visiting at most
    // n*10 empty buckets. Returns true if there is more to move. Runs even while
    // paused (as dictRehash; only the automatic steps honour the pause).
    // Requires: no forEach/scan is running on this dict.
    bool rehash(int n) {
        if (!isRehashing()) return false;
        int empty_visits = n * 10;
        Table& from = ht_[0];
        Table& to = ht_[1];
        for (; n > 0 && from.used != 0; --n) {
            assert(static_cast<size_t>(rehashidx_) < from.size() && "Dict::rehash");
            while (from.buckets[rehashidx_] == nullptr) {
                ++rehashidx_;
                if (--empty_visits == 0) return true;
            }
            Entry* e = from.buckets[rehashidx_];
            while (e != nullptr) {
                Entry* next = e->next;
                Entry*& head = to.buckets[hash_(e->key) & to.mask()];
                e->next = head;
                head = e;
                --from.used;
                ++to.used;
                e = next;
            }
            from.buckets[rehashidx_] = nullptr;
            ++rehashidx_;
        }
        if (from.used == 0) {  // done: the new table becomes table 0
            ht_[0] = std::move(ht_[1]);
            ht_[1] = Table{};
            rehashidx_ = -1;
            return false;
        }
        return true;
    }

    // The server cron's share of rehashing: up to max_batches calls of rehash(100),
    // stopping early when done. Returns how many batches ran (0 when paused or not
    // rehashing).
    // DIFFERS FROM REDIS: incrementallyRehash -> dictRehashMilliseconds keeps
    // calling dictRehash(d,100) until 1 ms of wall clock has passed; we bound the
    // work by a batch count so runs are deterministic.
    int rehashBatches(int max_batches) {
        if (pause_ > 0) return 0;
        int batches = 0;
        while (batches < max_batches && isRehashing()) {
            ++batches;
            if (!rehash(100)) break;
        }
        return batches;
    }

    // As dictExpand: starts a resize to the next power of two >= size (min 4), or
    // just allocates table 0 if there is none. Returns false and does nothing if
    // already rehashing, if size < entries, or if the size would not change.
    bool expand(size_t size) {
        if (isRehashing() || ht_[0].used > size) return false;
        const size_t real = nextPowerOfTwo(size);
        if (real < size || real == ht_[0].size()) return false;
        Table t;
        t.buckets.assign(real, nullptr);
        if (ht_[0].buckets.empty()) {
            ht_[0] = std::move(t);  // first allocation: nothing to move
        } else {
            ht_[1] = std::move(t);
            rehashidx_ = 0;
        }
        return true;
    }

    // Redis's htNeedsResize: more than 4 buckets (both tables) and under 10% used.
    bool needsShrink() const {
        const size_t slots = ht_[0].size() + ht_[1].size();
        return slots > kInitialSize && size() * 100 / slots < kMinFillPercent;
    }

    // Redis's dictResize: resize to fit the entries (min 4). False when resizing is
    // not allowed, a rehash is running, or the size would not change.
    bool shrinkToFit() {
        if (!resize_allowed_ || isRehashing()) return false;
        return expand(ht_[0].used < kInitialSize ? kInitialSize : ht_[0].used);
    }

    // Redis's dict_can_resize (false while a child saves): when false the table grows
    // only past load factor 5 and shrinkToFit refuses.
    void setResizeAllowed(bool allowed) { resize_allowed_ = allowed; }
    bool resizeAllowed() const { return resize_allowed_; }

    // While paused (a counter, as dictPauseRehashing), find/insert/erase/random
    // picks and rehashBatches do no rehash step. Requires: each resume matches a pause.
    void pauseRehash() { ++pause_; }
    void resumeRehash() {
        assert(pause_ > 0 && "Dict::resumeRehash without pauseRehash");
        --pause_;
    }

    // ---- SCAN -----------------------------------------------------------------

    // Calls fn for every entry in the bucket(s) that `cursor` names and returns the
    // next cursor; 0 means the scan is complete (start with 0). While rehashing it
    // visits the smaller table's bucket and then all buckets of the larger table
    // that it expands into. Guarantee: see the file comment. fn must not modify
    // this dict; the entry reference is valid only during the call.
    uint64_t scan(uint64_t cursor, const std::function<void(const Entry&)>& fn) {
        if (empty()) return 0;
        PauseGuard guard(*this);  // fn could call find(); keep the tables still
        uint64_t v = cursor;
        if (!isRehashing()) {
            const Table& t = ht_[0];
            const uint64_t m0 = t.mask();
            visitChain(t.buckets[v & m0], fn);
            v = nextCursor(v, m0);
        } else {
            const Table* small = &ht_[0];
            const Table* large = &ht_[1];
            if (small->size() > large->size()) std::swap(small, large);
            const uint64_t m0 = small->mask();
            const uint64_t m1 = large->mask();
            visitChain(small->buckets[v & m0], fn);
            // The large-table buckets that share the low bits (v & m0): iterate the
            // extra high bits (m0 ^ m1) with the same reversed increment.
            do {
                visitChain(large->buckets[v & m1], fn);
                v = nextCursor(v, m1);
            } while (v & (m0 ^ m1));
        }
        return v;
    }

    // ---- Random picks ----------------------------------------------------------

    // dictGetRandomKey: a random non-empty bucket, then a random entry of its chain
    // (so entries in long chains are less likely). nullptr when empty. Does one
    // rehash step first when rehashing and not paused.
    Entry* randomEntry(Rng& rng) {
        if (empty()) return nullptr;
        if (isRehashing()) rehashStep();
        Entry* head = nullptr;
        if (isRehashing()) {
            // Buckets below rehashidx in table 0 are empty: draw from
            // [rehashidx, size0 + size1) over both tables seen as one array.
            const size_t s0 = ht_[0].size();
            const size_t slots = s0 + ht_[1].size();
            const size_t first = static_cast<size_t>(rehashidx_);
            do {
                const size_t h = first + rng.below(slots - first);
                head = h >= s0 ? ht_[1].buckets[h - s0] : ht_[0].buckets[h];
            } while (head == nullptr);
        } else {
            const uint64_t m = ht_[0].mask();
            do {
                head = ht_[0].buckets[rng.next() & m];
            } while (head == nullptr);
        }
        size_t len = 0;
        for (Entry* e = head; e != nullptr; e = e->next) ++len;
        size_t pick = rng.below(len);
        while (pick-- > 0) head = head->next;
        return head;
    }

    // dictGetSomeKeys: replaces `out` with up to `count` entries taken from runs of
    // consecutive buckets starting at a random index (jumping elsewhere after long
    // empty runs), both tables when rehashing. Fast but not uniform; may return fewer
    // than asked (it gives up after count*10 bucket steps) and may list an entry more
    // than once (the walk can wrap around). Does up to `count` rehash steps first.
    // Returns out.size(). Pointers: see Entry.
    size_t sampleEntries(Rng& rng, size_t count, std::vector<Entry*>& out) {
        out.clear();
        if (count > size()) count = size();
        if (count == 0) return 0;
        size_t maxsteps = count * 10;
        for (size_t j = 0; j < count && isRehashing(); ++j) {
            if (pause_ > 0) break;
            rehash(1);
        }
        const int tables = isRehashing() ? 2 : 1;
        uint64_t maxmask = ht_[0].mask();
        if (tables == 2 && ht_[1].mask() > maxmask) maxmask = ht_[1].mask();
        uint64_t i = rng.next() & maxmask;
        size_t emptylen = 0;  // consecutive empty buckets seen
        while (out.size() < count && maxsteps-- > 0) {
            for (int j = 0; j < tables; ++j) {
                // Table 0 is empty below rehashidx. If i is also past the end of
                // table 1 (shrinking), no table has anything there: jump ahead.
                if (tables == 2 && j == 0 && i < static_cast<uint64_t>(rehashidx_)) {
                    if (i >= ht_[1].size()) {
                        i = static_cast<uint64_t>(rehashidx_);
                    } else {
                        continue;
                    }
                }
                if (i >= ht_[j].size()) continue;
                Entry* e = ht_[j].buckets[i];
                if (e == nullptr) {
                    ++emptylen;
                    if (emptylen >= 5 && emptylen > count) {
                        i = rng.next() & maxmask;
                        emptylen = 0;
                    }
                } else {
                    emptylen = 0;
                    for (; e != nullptr; e = e->next) {
                        out.push_back(e);
                        if (out.size() == count) return count;
                    }
                }
            }
            i = (i + 1) & maxmask;
        }
        return out.size();
    }

    // dictGetFairRandomKey: samples up to 15 entries with sampleEntries and picks one
    // uniformly, which evens out chain lengths; falls back to randomEntry if the
    // sample came back empty. nullptr when empty.
    Entry* fairRandomEntry(Rng& rng) {
        std::vector<Entry*> sample;
        const size_t n = sampleEntries(rng, kFairSample, sample);
        if (n == 0) return randomEntry(rng);
        return sample[rng.below(n)];
    }

    // ---- Iteration and inspection ---------------------------------------------

    // Calls fn(Entry&) once per entry: table 0 in bucket order, then table 1, each
    // chain head first. Rehashing is paused meanwhile. Requires: fn does not insert,
    // erase, clear or call rehash() on this dict (it may change values).
    template <class F>
    void forEach(F&& fn) {
        PauseGuard guard(*this);
        for (Table& t : ht_) {
            for (Entry* e : t.buckets) {
                for (; e != nullptr; e = e->next) fn(*e);
            }
        }
    }
    template <class F>
    void forEach(F&& fn) const {
        for (const Table& t : ht_) {
            for (const Entry* e : t.buckets) {
                for (; e != nullptr; e = e->next) fn(*e);
            }
        }
    }

    // Copy of table i's shape. Requires: i is 0 or 1.
    TableView table(int i) const {
        assert((i == 0 || i == 1) && "Dict::table");
        const Table& t = ht_[i];
        TableView view;
        view.size = t.size();
        view.used = t.used;
        view.chain_lengths.reserve(t.size());
        for (const Entry* e : t.buckets) {
            uint32_t len = 0;
            for (; e != nullptr; e = e->next) ++len;
            view.chain_lengths.push_back(len);
        }
        return view;
    }

    uint64_t hashOf(std::string_view key) const { return hash_(key); }

    // The bucket `key` belongs to in table t (0 or 1); 0 when that table is unused.
    uint64_t bucketOf(std::string_view key, int t) const {
        assert((t == 0 || t == 1) && "Dict::bucketOf");
        return ht_[t].size() == 0 ? 0 : hash_(key) & ht_[t].mask();
    }

    // Checks every structural invariant; for tests. Returns false and names the
    // first broken one in *why. O(n).
    bool checkInvariants(std::string* why = nullptr) const {
        auto fail = [why](const char* msg) {
            if (why != nullptr) *why = msg;
            return false;
        };
        if (pause_ < 0) return fail("negative pause count");
        if (isRehashing() != !ht_[1].buckets.empty()) return fail("rehashidx vs table 1");
        if (ht_[0].buckets.empty() && size() != 0) return fail("entries without table 0");
        if (isRehashing() && static_cast<size_t>(rehashidx_) > ht_[0].size()) return fail("rehashidx out of range");
        std::unordered_set<std::string_view> seen;
        for (int t = 0; t < 2; ++t) {
            const Table& tab = ht_[t];
            const size_t n = tab.size();
            if (n != 0 && ((n & (n - 1)) != 0 || n < kInitialSize)) return fail("table size not a power of two >= 4");
            size_t count = 0;
            for (size_t b = 0; b < n; ++b) {
                if (t == 0 && isRehashing() && b < static_cast<size_t>(rehashidx_) && tab.buckets[b] != nullptr)
                    return fail("table 0 bucket below rehashidx not empty");
                for (const Entry* e = tab.buckets[b]; e != nullptr; e = e->next) {
                    ++count;
                    if ((hash_(e->key) & tab.mask()) != b) return fail("entry in wrong bucket");
                    if (!seen.insert(e->key).second) return fail("duplicate key");
                }
            }
            if (count != tab.used) return fail("used count mismatch");
        }
        return true;
    }

private:
    struct Table {
        std::vector<Entry*> buckets;  // empty vector = table not allocated
        size_t used = 0;
        size_t size() const { return buckets.size(); }
        uint64_t mask() const { return buckets.size() - 1; }  // Requires: size() > 0
    };

    // Pauses rehashing for a scope (Redis pairs dictPause/ResumeRehashing by hand).
    struct PauseGuard {
        explicit PauseGuard(Dict& d) : d_(d) { d_.pauseRehash(); }
        ~PauseGuard() { d_.resumeRehash(); }
        PauseGuard(const PauseGuard&) = delete;
        PauseGuard& operator=(const PauseGuard&) = delete;
        Dict& d_;
    };

    // _dictRehashStep: one bucket, unless paused (an iterator or scan is walking).
    void rehashStep() {
        if (pause_ == 0) rehash(1);
    }

    // _dictExpandIfNeeded: allocate on first use; grow at load factor 1 (or past 5
    // when resizing is avoided). Never starts a second resize during a rehash.
    void expandIfNeeded() {
        if (isRehashing()) return;
        const Table& t = ht_[0];
        if (t.size() == 0) {
            expand(kInitialSize);
            return;
        }
        if (t.used >= t.size() && (resize_allowed_ || t.used / t.size() > kForceResizeRatio)) expand(t.used + 1);
    }

    // Searches table 0, then table 1 if rehashing.
    Entry* lookup(std::string_view key, uint64_t h) const {
        for (int t = 0; t < 2; ++t) {
            const Table& tab = ht_[t];
            if (tab.size() != 0) {
                for (Entry* e = tab.buckets[h & tab.mask()]; e != nullptr; e = e->next) {
                    if (e->key == key) return e;
                }
            }
            if (!isRehashing()) break;
        }
        return nullptr;
    }

    // Detaches key's entry from its chain and returns it (caller frees), or nullptr.
    Entry* unlink(std::string_view key) {
        if (empty()) return nullptr;
        if (isRehashing()) rehashStep();
        const uint64_t h = hash_(key);
        for (int t = 0; t < 2; ++t) {
            Table& tab = ht_[t];
            if (tab.size() != 0) {
                for (Entry** link = &tab.buckets[h & tab.mask()]; *link != nullptr; link = &(*link)->next) {
                    Entry* e = *link;
                    if (e->key == key) {
                        *link = e->next;
                        e->next = nullptr;
                        --tab.used;
                        return e;
                    }
                }
            }
            if (!isRehashing()) break;
        }
        return nullptr;
    }

    static void visitChain(const Entry* e, const std::function<void(const Entry&)>& fn) {
        while (e != nullptr) {
            const Entry* next = e->next;
            fn(*e);
            e = next;
        }
    }

    // Smallest power of two >= size, at least 4; 0 on overflow.
    static size_t nextPowerOfTwo(size_t size) {
        size_t n = kInitialSize;
        while (n < size) {
            if (n > (SIZE_MAX >> 1)) return 0;
            n <<= 1;
        }
        return n;
    }

    static uint64_t reverseBits(uint64_t v) {
        v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
        v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
        v = ((v >> 8) & 0x00FF00FF00FF00FFULL) | ((v & 0x00FF00FF00FF00FFULL) << 8);
        v = ((v >> 16) & 0x0000FFFF0000FFFFULL) | ((v & 0x0000FFFF0000FFFFULL) << 16);
        return (v >> 32) | (v << 32);
    }

    // The reverse-binary increment under `mask`: set the bits above the mask so the
    // carry runs off the top, reverse, add one, reverse back.
    static uint64_t nextCursor(uint64_t v, uint64_t mask) {
        v |= ~mask;
        v = reverseBits(v);
        ++v;
        return reverseBits(v);
    }

    void takeFrom(Dict& other) noexcept {
        ht_[0] = std::move(other.ht_[0]);
        ht_[1] = std::move(other.ht_[1]);
        rehashidx_ = other.rehashidx_;
        pause_ = other.pause_;
        resize_allowed_ = other.resize_allowed_;
        hash_ = other.hash_;
        other.ht_[0] = Table{};
        other.ht_[1] = Table{};
        other.rehashidx_ = -1;
        other.pause_ = 0;
    }

    Table ht_[2];
    long rehashidx_ = -1;  // next table-0 bucket to move; -1 when not rehashing
    int pause_ = 0;        // > 0: automatic rehash steps are suspended
    bool resize_allowed_ = true;
    Hash hash_;
};

}  // namespace redsim
