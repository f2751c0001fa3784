#include "engine/persist/rdb_legacy.h"

#include <cstdint>

namespace redsim {

namespace {

uint64_t le(std::string_view b, size_t at, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t(static_cast<uint8_t>(b[at + i])) << (8 * i);
    return v;
}

uint64_t be(std::string_view b, size_t at, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(b[at + i]);
    return v;
}

// A little-endian two's-complement integer of n bytes, sign-extended.
int64_t signedLe(std::string_view b, size_t at, int n) {
    const uint64_t v = le(b, at, n);
    const int shift = 64 - 8 * n;
    return static_cast<int64_t>(v << shift) >> shift;
}

}  // namespace

std::optional<std::vector<std::string>> decodeZiplist(std::string_view b) {
    constexpr size_t kHeader = 10;
    if (b.size() < kHeader + 1) return std::nullopt;
    if (le(b, 0, 4) != b.size()) return std::nullopt;  // zlbytes: the whole blob
    const uint64_t tail = le(b, 4, 4);
    const uint64_t count = le(b, 8, 2);
    if (static_cast<uint8_t>(b.back()) != 0xFF) return std::nullopt;
    const size_t end = b.size() - 1;

    std::vector<std::string> out;
    size_t p = kHeader, prev_size = 0, last_start = kHeader;
    while (p < end) {
        const size_t start = p;
        // prevlen
        const uint8_t first = static_cast<uint8_t>(b[p]);
        size_t prevlen = 0;
        if (first < 254) {
            prevlen = first;
            p += 1;
        } else if (first == 254) {
            if (p + 5 > end) return std::nullopt;
            prevlen = le(b, p + 1, 4);
            p += 5;
        } else {
            return std::nullopt;  // 0xFF is only the end marker
        }
        if (prevlen != prev_size) return std::nullopt;
        if (p >= end) return std::nullopt;
        // encoding and data
        const uint8_t enc = static_cast<uint8_t>(b[p]);
        auto need = [&](size_t n) { return p + n <= end; };
        switch (enc >> 6) {
            case 0: {  // 00pppppp: a string of up to 63 bytes
                const size_t len = enc & 0x3F;
                if (!need(1 + len)) return std::nullopt;
                out.emplace_back(b.substr(p + 1, len));
                p += 1 + len;
                break;
            }
            case 1: {  // 01pppppp qqqqqqqq: 14-bit length, big-endian
                if (!need(2)) return std::nullopt;
                const size_t len = ((enc & 0x3F) << 8) | static_cast<uint8_t>(b[p + 1]);
                if (!need(2 + len)) return std::nullopt;
                out.emplace_back(b.substr(p + 2, len));
                p += 2 + len;
                break;
            }
            case 2: {  // 10000000 + 4 bytes big-endian length
                if (enc != 0x80 || !need(5)) return std::nullopt;
                const uint64_t len = be(b, p + 1, 4);
                if (len > end - p - 5) return std::nullopt;
                out.emplace_back(b.substr(p + 5, len));
                p += 5 + len;
                break;
            }
            default: {  // 11xxxxxx: an integer
                int bytes = 0;
                int64_t v = 0;
                switch (enc) {
                    case 0xC0:
                        bytes = 2;
                        break;
                    case 0xD0:
                        bytes = 4;
                        break;
                    case 0xE0:
                        bytes = 8;
                        break;
                    case 0xF0:
                        bytes = 3;
                        break;
                    case 0xFE:
                        bytes = 1;
                        break;
                    default:
                        // 1111xxxx with xxxx in 0001..1101: the value xxxx - 1 (0..12).
                        if (enc < 0xF1 || enc > 0xFD) return std::nullopt;
                        v = (enc & 0x0F) - 1;
                }
                if (bytes > 0) {
                    if (!need(1 + static_cast<size_t>(bytes))) return std::nullopt;
                    v = signedLe(b, p + 1, bytes);
                }
                out.push_back(std::to_string(v));
                p += 1 + static_cast<size_t>(bytes);
            }
        }
        prev_size = p - start;
        last_start = start;
    }
    if (p != end) return std::nullopt;
    // zltail points at the last entry (at the end marker's... header end when empty);
    // zllen is the count, or 65535 when the count did not fit.
    if (tail != (out.empty() ? kHeader : last_start)) return std::nullopt;
    if (count != 65535 && count != out.size()) return std::nullopt;
    return out;
}

std::optional<std::vector<std::string>> decodeZipmap(std::string_view b) {
    if (b.size() < 2) return std::nullopt;
    size_t p = 1;  // zmlen: a hint (254 = "count it"), not checked against the walk
    std::vector<std::string> out;
    // A length: one byte below 254, or 254 then a 4-byte little-endian length.
    auto length = [&](size_t& len) {
        if (p >= b.size()) return false;
        const uint8_t first = static_cast<uint8_t>(b[p]);
        if (first < 254) {
            len = first;
            p += 1;
            return true;
        }
        if (first != 254 || p + 5 > b.size()) return false;
        len = le(b, p + 1, 4);
        p += 5;
        return true;
    };
    while (true) {
        if (p >= b.size()) return std::nullopt;
        if (static_cast<uint8_t>(b[p]) == 0xFF) break;
        size_t klen = 0, vlen = 0;
        if (!length(klen) || klen > b.size() - p) return std::nullopt;
        out.emplace_back(b.substr(p, klen));
        p += klen;
        if (!length(vlen) || p >= b.size()) return std::nullopt;
        const size_t free = static_cast<uint8_t>(b[p++]);  // unused bytes after the value
        if (vlen > b.size() - p || free > b.size() - p - vlen) return std::nullopt;
        out.emplace_back(b.substr(p, vlen));
        p += vlen + free;
    }
    if (p + 1 != b.size()) return std::nullopt;
    return out;
}

}  // namespace redsim
