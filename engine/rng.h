// Rng: the only source of randomness the engine uses.
//
// Every random choice Redis makes (skiplist levels, eviction samples, RANDOMKEY,
// SRANDMEMBER, the active expire cycle's buckets, the dict hash seed) comes from
// this seeded generator, so the same seed gives the same run. The generator is
// xoshiro256** (Blackman and Vigna), seeded through splitmix64; its output is
// fully specified, unlike the distributions of <random>.
#pragma once

#include <cstdint>

namespace redsim {

class Rng {
public:
    explicit Rng(uint64_t seed = 0) { reseed(seed); }

    void reseed(uint64_t seed) {
        seed_ = seed;
        uint64_t x = seed;
        for (auto& s : s_) s = splitmix64(x);
    }
    uint64_t seed() const { return seed_; }

    // Uniform 64-bit value.
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n). Requires: n > 0. Lemire's multiply-shift with rejection,
    // so there is no modulo bias.
    uint64_t below(uint64_t n) {
        for (;;) {
            const __uint128_t m = static_cast<__uint128_t>(next()) * n;
            const uint64_t low = static_cast<uint64_t>(m);
            if (low >= n || low >= (-n) % n) return static_cast<uint64_t>(m >> 64);
        }
    }

    // Uniform double in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitmix64(uint64_t& x) {
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    uint64_t seed_ = 0;
    uint64_t s_[4]{};
};

}  // namespace redsim
