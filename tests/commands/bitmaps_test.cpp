// Bitmap commands against a model: a long seeded random sequence of SETBIT, GETBIT,
// BITCOUNT, BITPOS, BITOP and BITFIELD on a few keys, checked after every step against a
// plain byte-string model whose bit operations are written the slow, obvious way (one
// bit at a time, 128-bit arithmetic for BITFIELD overflow). Then robustness: garbage
// arguments answer an error and change nothing.
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/engine/test_util.h"

using redsim::resp::Reply;
using redsim::test::Harness;

namespace {

using Model = std::map<std::string, std::string>;

int bitAt(const std::string& s, long long i) {
    const auto byte = static_cast<size_t>(i >> 3);
    if (byte >= s.size()) return 0;
    return (static_cast<unsigned char>(s[byte]) >> (7 - (i & 7))) & 1;
}

void setBitAt(std::string& s, long long i, int v) {
    const auto byte = static_cast<size_t>(i >> 3);
    if (s.size() <= byte) s.resize(byte + 1, '\0');
    const unsigned char mask = static_cast<unsigned char>(1u << (7 - (i & 7)));
    s[byte] = static_cast<char>(v ? (s[byte] | mask) : (s[byte] & ~mask));
}

// The documented range rule: negative counts from the end, then clamp; nullopt if empty.
std::optional<std::pair<long long, long long>> clamp(long long s, long long e, long long total) {
    if (s < 0) s += total;
    if (e < 0) e += total;
    s = std::max(s, 0LL);
    e = std::max(e, 0LL);
    e = std::min(e, total - 1);
    if (s > e) return std::nullopt;
    return std::make_pair(s, e);
}

Reply integer(long long v) {
    Reply r;
    r.type = Reply::Type::Integer;
    r.integer = v;
    return r;
}

Reply nil() { return Reply{}; }

Reply array(std::vector<Reply> items) {
    Reply r;
    r.type = Reply::Type::Array;
    r.elements = std::move(items);
    return r;
}

}  // namespace

TEST_SUITE("bitmaps") {
    TEST_CASE("bitmaps.model.random_sequence") {
        Harness h(7);
        Model model;
        std::mt19937_64 rng(20261122);
        auto below = [&](uint64_t n) { return static_cast<long long>(rng() % n); };
        const std::vector<std::string> keys{"a", "b", "c", "d"};
        auto key = [&] { return keys[static_cast<size_t>(below(keys.size()))]; };
        auto offset = [&] { return below(4) == 0 ? below(4000) : below(200); };
        auto rangeArg = [&] { return below(3) == 0 ? -below(60) - 1 : below(60); };
        auto value = [&](const std::string& k) {
            auto it = model.find(k);
            return it == model.end() ? std::string() : it->second;
        };

        for (int step = 0; step < 6000; ++step) {
            const long long op = below(100);
            const std::string k = key();
            if (op < 25) {
                const long long off = offset();
                const int v = static_cast<int>(below(2));
                const int old = bitAt(value(k), off);
                std::string s = value(k);
                setBitAt(s, off, v);
                model[k] = s;
                CHECK(h.run({"SETBIT", k, std::to_string(off), std::to_string(v)}) == integer(old));
                CHECK(h.cli({"OBJECT", "ENCODING", k}) == "\"raw\"");
            } else if (op < 35) {
                const long long off = offset();
                CHECK(h.run({"GETBIT", k, std::to_string(off)}) == integer(bitAt(value(k), off)));
            } else if (op < 50) {
                const std::string s = value(k);
                const long long len = static_cast<long long>(s.size());
                long long expect = 0;
                const long long form = below(3);
                if (form == 0) {
                    for (long long i = 0; i < len * 8; ++i) expect += bitAt(s, i);
                    CHECK(h.run({"BITCOUNT", k}) == integer(expect));
                } else {
                    const bool bits = form == 2;
                    const long long st = rangeArg(), en = rangeArg();
                    std::vector<std::string> argv{"BITCOUNT", k, std::to_string(st), std::to_string(en)};
                    if (bits) argv.emplace_back("BIT");
                    const long long total = bits ? len * 8 : len;
                    if (!(st < 0 && en < 0 && st > en) && len > 0) {
                        if (auto r = clamp(st, en, total)) {
                            const long long from = bits ? r->first : r->first * 8;
                            const long long to = bits ? r->second : r->second * 8 + 7;
                            for (long long i = from; i <= to; ++i) expect += bitAt(s, i);
                        }
                    }
                    CHECK_MESSAGE(h.run(argv) == integer(expect), "step ", step);
                }
            } else if (op < 65) {
                const std::string s = value(k);
                const bool exists = model.count(k) > 0;
                const long long len = static_cast<long long>(s.size());
                const int bit = static_cast<int>(below(2));
                const long long form = below(4);  // 0: whole, 1: start, 2: start end, 3: start end BIT
                std::vector<std::string> argv{"BITPOS", k, std::to_string(bit)};
                long long st = 0, en = len - 1;
                if (form >= 1) argv.push_back(std::to_string(st = rangeArg()));
                if (form >= 2) argv.push_back(std::to_string(en = rangeArg()));
                if (form == 3) argv.emplace_back("BIT");
                long long expect = -1;
                if (!exists) {
                    expect = bit ? -1 : 0;
                } else {
                    const bool bits = form == 3;
                    auto r = clamp(st, en, bits ? len * 8 : len);
                    if (r) {
                        const long long from = bits ? r->first : r->first * 8;
                        const long long to = bits ? r->second : r->second * 8 + 7;
                        for (long long i = from; i <= to && expect < 0; ++i)
                            if (bitAt(s, i) == bit) expect = i;
                        // A clear bit past the end counts only when no end was given.
                        if (expect < 0 && bit == 0 && form < 2) expect = to + 1;
                    }
                }
                CHECK_MESSAGE(h.run(argv) == integer(expect), "step ", step);
            } else if (op < 75) {
                static const char* ops[] = {"AND", "OR", "XOR", "NOT"};
                const std::string name = ops[below(4)];
                std::vector<std::string> srcs{key()};
                if (name != "NOT")
                    for (long long n = below(3); n > 0; --n) srcs.push_back(key());
                size_t maxlen = 0;
                for (const auto& src : srcs) maxlen = std::max(maxlen, value(src).size());
                std::string out(maxlen, '\0');
                for (size_t i = 0; i < maxlen * 8; ++i) {
                    int b = bitAt(value(srcs[0]), static_cast<long long>(i));
                    if (name == "NOT") b ^= 1;
                    for (size_t j = 1; j < srcs.size(); ++j) {
                        const int o = bitAt(value(srcs[j]), static_cast<long long>(i));
                        b = name == "AND" ? (b & o) : name == "OR" ? (b | o) : (b ^ o);
                    }
                    if (b) setBitAt(out, static_cast<long long>(i), 1);
                }
                std::vector<std::string> argv{"BITOP", name, k};
                argv.insert(argv.end(), srcs.begin(), srcs.end());
                CHECK(h.run(argv) == integer(static_cast<long long>(maxlen)));
                if (maxlen)
                    model[k] = out;
                else
                    model.erase(k);
            } else {
                // BITFIELD with 1..3 subcommands, modelled in 128-bit arithmetic.
                std::vector<std::string> argv{"BITFIELD", k};
                std::vector<Reply> expect;
                std::string s = value(k);
                bool writes = false;
                for (long long n = 1 + below(3); n > 0; --n) {
                    const bool sign = below(2) == 0;
                    const int bits = static_cast<int>(1 + below(sign ? 64 : 63));
                    const long long off = below(300);
                    const long long kind = below(3);  // GET SET INCRBY
                    const long long ow = below(3);    // WRAP SAT FAIL
                    static const char* ows[] = {"WRAP", "SAT", "FAIL"};
                    const __int128 lo = sign ? -(__int128{1} << (bits - 1)) : 0;
                    const __int128 hi = sign ? (__int128{1} << (bits - 1)) - 1 : (__int128{1} << bits) - 1;
                    __int128 cur = 0;
                    for (int i = 0; i < bits; ++i) cur = (cur << 1) | bitAt(s, off + i);
                    if (sign && cur > hi) cur -= __int128{1} << bits;
                    const std::string type = (sign ? "i" : "u") + std::to_string(bits);
                    if (kind == 0) {
                        argv.insert(argv.end(), {"GET", type, std::to_string(off)});
                        expect.push_back(integer(static_cast<long long>(cur)));
                        continue;
                    }
                    writes = true;
                    const long long arg = below(4) == 0 ? static_cast<long long>(rng()) : below(600) - 300;
                    argv.insert(argv.end(), {"OVERFLOW", ows[ow], kind == 1 ? "SET" : "INCRBY", type,
                                             std::to_string(off), std::to_string(arg)});
                    // Unsigned SET reads its value as a 64-bit unsigned number (-1 is 2^64-1).
                    const __int128 set_value = sign ? __int128{arg} : __int128{static_cast<unsigned long long>(arg)};
                    const __int128 target = kind == 1 ? set_value : cur + arg;
                    __int128 stored = target;
                    bool fail = false;
                    if (target < lo || target > hi) {
                        if (ow == 0) {
                            const __int128 span = __int128{1} << bits;
                            stored = ((target - lo) % span + span) % span + lo;
                        } else if (ow == 1) {
                            stored = target < lo ? lo : hi;
                        } else {
                            fail = true;
                        }
                    }
                    if (fail) {
                        expect.push_back(nil());
                        continue;
                    }
                    expect.push_back(integer(static_cast<long long>(kind == 1 ? cur : stored)));
                    const auto u = static_cast<unsigned __int128>(stored);
                    for (int i = 0; i < bits; ++i) setBitAt(s, off + i, static_cast<int>((u >> (bits - 1 - i)) & 1));
                }
                CHECK_MESSAGE(h.run(argv) == array(expect), "step ", step);
                if (writes) model[k] = s;
                if (writes) {
                    // Redis grows the string to the farthest write before running the ops.
                    size_t need = 0;
                    for (size_t j = 2; j < argv.size(); ++j)
                        if (argv[j] == "SET" || argv[j] == "INCRBY") {
                            const size_t b = std::stoul(argv[j + 1].substr(1));
                            need = std::max(need, (std::stoul(argv[j + 2]) + b - 1) / 8 + 1);
                        }
                    if (model[k].size() < need) model[k].resize(need, '\0');
                }
            }
            // After every step: each key's bytes and existence match the model.
            for (const auto& kk : keys) {
                auto it = model.find(kk);
                const Reply r = h.run({"GET", kk});
                if (it == model.end())
                    CHECK(r.type == Reply::Type::Nil);
                else
                    CHECK_MESSAGE(r.str == it->second, "key ", kk, " step ", step);
            }
        }
    }

    TEST_CASE("bitmaps.int_encoded_reads") {
        Harness h;
        h.run({"SET", "n", "12345"});
        CHECK(h.cli({"BITCOUNT", "n"}) == "(integer) 17");  // the bits of the text "12345"
        CHECK(h.cli({"GETBIT", "n", "2"}) == "(integer) 1");
        CHECK(h.cli({"BITPOS", "n", "0"}) == "(integer) 0");
        CHECK(h.cli({"OBJECT", "ENCODING", "n"}) == "\"int\"");
        CHECK(h.cli({"SETBIT", "n", "2", "1"}) == "(integer) 1");
        CHECK(h.cli({"OBJECT", "ENCODING", "n"}) == "\"raw\"");
    }

    TEST_CASE("bitmaps.robustness") {
        // Random junk arguments: never a crash, and an error reply never changes data.
        Harness h;
        h.run({"SETBIT", "k", "100", "1"});
        h.run({"RPUSH", "l", "x"});
        const std::vector<std::string> junk{"",
                                            "-1",
                                            "x",
                                            "1.5",
                                            "nan",
                                            "-0",
                                            "0",
                                            "1",
                                            "9223372036854775807",
                                            "-9223372036854775808",
                                            "99999999999999999999",
                                            "#",
                                            "#-1",
                                            "#3",
                                            "i64",
                                            "u64",
                                            "u8",
                                            "i0",
                                            std::string("\x01\x00", 2),
                                            "4294967296",
                                            "4294967295",
                                            "GET",
                                            "SET",
                                            "INCRBY",
                                            "OVERFLOW",
                                            "FAIL",
                                            "BIT",
                                            "k",
                                            "l"};
        std::mt19937_64 rng(99);
        const std::vector<std::string> cmds{"SETBIT", "GETBIT",   "BITCOUNT",   "BITPOS",
                                            "BITOP",  "BITFIELD", "BITFIELD_RO"};
        for (int i = 0; i < 5000; ++i) {
            std::vector<std::string> argv{cmds[rng() % cmds.size()]};
            for (size_t n = rng() % 8; n > 0; --n) argv.push_back(junk[rng() % junk.size()]);
            const std::string k_before = h.run({"GET", "k"}).str;
            const Reply r = h.run(argv);
            if (r.type == Reply::Type::Error) {
                CHECK(h.run({"GET", "k"}).str == k_before);
                CHECK(h.cli({"TYPE", "l"}) == "list");
            }
            // Keep the bitmap small and the list a list for the next round.
            if (h.cli({"TYPE", "l"}) != "list") {
                h.run({"DEL", "l"});
                h.run({"RPUSH", "l", "x"});
            }
            if (h.run({"STRLEN", "k"}).integer > 1000) h.run({"SET", "k", "abc"});
        }
        CHECK(h.cli({"LLEN", "l"}) == "(integer) 1");
    }

    TEST_CASE("bitmaps.errors_change_nothing") {
        Harness h;
        h.run({"SETBIT", "k", "100", "1"});
        const std::string before = h.run({"GET", "k"}).str;
        const std::vector<std::vector<std::string>> bad{
            {"SETBIT", "k", "-1", "1"},
            {"SETBIT", "k", "4294967296", "1"},
            {"SETBIT", "k", "0", "2"},
            {"SETBIT", "k", "x", "1"},
            {"BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u64", "0"},
            {"BITFIELD", "k", "SET", "u8", "0", "1", "INCRBY", "i8", "0", "x"},
            {"BITFIELD", "k", "SET", "u8", "0", "1", "OVERFLOW", "nope"},
            {"BITFIELD", "k", "SET", "u8", "#-1", "1"},
            {"BITFIELD", "k", "SET", "i64", "#9223372036854775807", "1"},
            {"BITFIELD_RO", "k", "SET", "u8", "0", "1"},
            {"BITOP", "NOT", "k", "a", "b"},
            {"BITOP", "NAND", "k", "a"},
            {"BITCOUNT", "k", "0", "1", "WORD"},
            {"BITPOS", "k", "2"},
        };
        for (const auto& argv : bad) {
            CHECK_MESSAGE(h.run(argv).type == Reply::Type::Error, argv[0]);
            CHECK(h.run({"GET", "k"}).str == before);
            CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"raw\"");
        }
        h.run({"RPUSH", "l", "x"});
        for (const std::vector<std::string>& argv :
             std::vector<std::vector<std::string>>{{"SETBIT", "l", "0", "1"},
                                                   {"BITFIELD", "l", "SET", "u8", "0", "1"},
                                                   {"BITOP", "OR", "k", "l"},
                                                   {"GETBIT", "l", "0"}}) {
            CHECK(h.run(argv).str.rfind("WRONGTYPE", 0) == 0);
        }
        CHECK(h.run({"GET", "k"}).str == before);
    }
}
