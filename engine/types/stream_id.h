// A stream entry id, "ms-seq": two unsigned 64-bit numbers compared in that order.
// Its own header so that consumer groups (stream_group.h), which index their pending
// entries by id, can use it without the whole Stream.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redsim {

struct StreamID {
    uint64_t ms = 0;
    uint64_t seq = 0;
    auto operator<=>(const StreamID&) const = default;
    std::string str() const { return std::to_string(ms) + "-" + std::to_string(seq); }
    // The next id (false when this is the largest id, UINT64_MAX-UINT64_MAX).
    bool incr();
    bool decr();
};

inline constexpr StreamID kStreamMinID{0, 0};
inline constexpr StreamID kStreamMaxID{UINT64_MAX, UINT64_MAX};

// Parses "ms-seq", "ms" (seq = missing_seq), and, when allowed, "-" / "+".
// `seq_given` (optional) tells whether a "-seq" part was there; with `allow_star_seq`,
// "ms-*" is accepted and reported through `star_seq`.
std::optional<StreamID> parseStreamID(std::string_view s, uint64_t missing_seq, bool strict, bool* seq_given = nullptr,
                                      bool allow_star_seq = false, bool* star_seq = nullptr);

}  // namespace redsim
