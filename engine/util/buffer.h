// Capacity policy for the byte buffers that are Redis structures byte for byte
// (listpacks, intsets).
//
// Redis reallocates a listpack or an intset to its exact new size on every change, so the
// only slack it pays is the allocator's size class (jemalloc's are 12.5-25 % apart).
// std::string instead doubles its capacity when it grows (libstdc++ even rounds an
// explicit reserve() up to twice the old capacity), which would make a listpack cost up
// to twice its bytes and make redsim's memory numbers a poor picture of Redis's. These
// helpers keep about 1/16 spare on growth and give back slack beyond 1/4 on shrink,
// copying into a buffer of the chosen size (what realloc does when it cannot grow in
// place), so a change still costs amortised O(1) copies per byte.
#pragma once

#include <cstddef>
#include <string>

namespace redsim {

// Makes s's capacity exactly `cap` (>= s.size()).
inline void setCapacity(std::string& s, size_t cap) {
    std::string t;
    t.reserve(cap);
    t.append(s);
    s.swap(t);
}

// Before s grows to new_size bytes.
inline void reserveForGrowth(std::string& s, size_t new_size) {
    if (new_size > s.capacity()) setCapacity(s, new_size + new_size / 16 + 16);
}

// After s shrank.
inline void releaseSlack(std::string& s) {
    if (s.capacity() > s.size() + s.size() / 4 + 32) setCapacity(s, s.size());
}

}  // namespace redsim
