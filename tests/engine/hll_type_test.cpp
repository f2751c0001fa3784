// The HyperLogLog type layer (engine/types/hll): sparse register updates against a
// plain array model, promotion to dense at hll-sparse-max-bytes and above value 32, the
// register histogram, and corrupted values through the commands (never a crash).
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "engine/rng.h"
#include "engine/types/hll.h"
#include "tests/engine/test_util.h"

using namespace redsim;

namespace {

using Regs = std::array<uint8_t, hll::kRegisters>;

Regs registersOf(const std::string& s) {
    Regs r{};
    REQUIRE(hll::mergeInto(r, s));
    return r;
}

hll::Histogram histogramOf(const Regs& r) {
    hll::Histogram h{};
    for (uint8_t v : r) h[v]++;
    return h;
}

}  // namespace

TEST_CASE("hll: an empty HLL is one XZERO opcode, 18 bytes, cardinality 0") {
    const std::string s = hll::createEmpty();
    CHECK(s.size() == 18);
    CHECK(s.substr(0, 4) == "HYLL");
    CHECK(hll::encodingOf(s) == hll::kSparse);
    CHECK(hll::decodeSparse(s) == "Z:16384");
    CHECK(hll::cacheValid(s));
    CHECK(hll::count(s, nullptr) == 0);
    CHECK(hll::looksValid(s));
}

TEST_CASE("hll: random register updates on the sparse form match a model, then promote") {
    Rng rng(11);
    for (int round = 0; round < 20; ++round) {
        const size_t max_bytes = 20 + rng.below(400);
        std::string s = hll::createEmpty();
        Regs model{};
        bool dense = false;
        for (int step = 0; step < 600; ++step) {
            const long index = static_cast<long>(rng.below(round % 2 ? 64 : hll::kRegisters));
            // Mostly small values (they fit a VAL opcode), sometimes up to 51.
            const uint8_t count = static_cast<uint8_t>(1 + (rng.below(10) ? rng.below(6) : rng.below(51)));
            const size_t before = s.size();
            const int r = hll::setRegister(s, index, count, max_bytes);
            REQUIRE(r >= 0);
            CHECK((r == 1) == (count > model[index]));
            if (count > model[index]) model[index] = count;
            if (hll::encodingOf(s) == hll::kDense) {
                if (!dense) {
                    // Promotion happens only for a value a VAL cannot hold, or growth
                    // past the limit.
                    CHECK((count > hll::kSparseValMaxValue || before + 3 > max_bytes));  // a split grows by 3 at most
                    dense = true;
                }
                CHECK(s.size() == hll::kDenseSize);
            } else {
                REQUIRE_FALSE(dense);
                CHECK(s.size() <= std::max(max_bytes, before));
            }
            if (step % 37 == 0 || step == 599) {
                REQUIRE(registersOf(s) == model);
                bool invalid = false;
                CHECK(hll::histogram(s, &invalid) == histogramOf(model));
                CHECK_FALSE(invalid);
                CHECK(hll::count(s, nullptr) == hll::countRaw(model));
            }
        }
        // TODENSE keeps every register.
        std::string d = s;
        REQUIRE(hll::sparseToDense(d));
        CHECK(registersOf(d) == model);
        CHECK(hll::count(d, nullptr) == hll::count(s, nullptr));
    }
}

TEST_CASE("hll: a value above 32 promotes a tiny sparse HLL; adds are idempotent") {
    std::string s = hll::createEmpty();
    CHECK(hll::setRegister(s, 5, 32, 3000) == 1);
    CHECK(hll::encodingOf(s) == hll::kSparse);
    CHECK(hll::decodeSparse(s) == "z:5 v:32,1 Z:16378");
    CHECK(hll::setRegister(s, 5, 32, 3000) == 0);
    CHECK(hll::setRegister(s, 6, 33, 3000) == 1);
    CHECK(hll::encodingOf(s) == hll::kDense);
    CHECK(hll::denseGet(s, 5) == 32);
    CHECK(hll::denseGet(s, 6) == 33);
    // The last register does not spill past the string.
    hll::denseSet(s, hll::kRegisters - 1, 63);
    CHECK(hll::denseGet(s, hll::kRegisters - 1) == 63);
    CHECK(hll::denseGet(s, hll::kRegisters - 2) == 0);
    CHECK(s.size() == hll::kDenseSize);

    std::string t = hll::createEmpty();
    CHECK(hll::add(t, "x", 3000) == 1);
    CHECK(hll::add(t, "x", 3000) == 0);
}

TEST_CASE("hll: adjacent equal VALs merge back into one opcode") {
    std::string s = hll::createEmpty();
    for (long i = 0; i < 4; ++i) hll::setRegister(s, i, 3, 3000);
    CHECK(hll::decodeSparse(s) == "v:3,4 Z:16380");
    hll::setRegister(s, 4, 3, 3000);
    CHECK(hll::decodeSparse(s) == "v:3,4 v:3,1 Z:16379");
}

TEST_CASE("hll: PFADD/PFCOUNT through the engine, cache bit") {
    test::Harness h;
    CHECK(h.cli({"PFADD", "k", "a", "b", "c"}) == "(integer) 1");
    const std::string before = h.run({"GET", "k"}).str;
    CHECK_FALSE(hll::cacheValid(before));
    CHECK(h.cli({"PFCOUNT", "k"}) == "(integer) 3");
    const std::string after = h.run({"GET", "k"}).str;
    CHECK(hll::cacheValid(after));
    CHECK(hll::cachedCardinality(after) == 3);
    CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"raw\"");
    CHECK(h.cli({"PFSELFTEST"}) == "OK");
}

TEST_CASE("hll: corrupted values never crash and answer INVALIDOBJ or WRONGTYPE") {
    test::Harness h;
    Rng rng(5);
    std::vector<std::string> seeds;
    {
        std::string s = hll::createEmpty();
        for (int i = 0; i < 200; ++i) hll::add(s, "e" + std::to_string(i), 3000);
        seeds.push_back(s);
        hll::sparseToDense(s);
        seeds.push_back(s);
        seeds.push_back(hll::createEmpty());
    }
    for (int round = 0; round < 400; ++round) {
        std::string s = seeds[rng.below(seeds.size())];
        // Flip, cut or extend random bytes after the magic.
        const int edits = 1 + static_cast<int>(rng.below(6));
        for (int e = 0; e < edits; ++e) {
            const uint64_t kind = rng.below(4);
            if (kind == 0 && s.size() > 4) {
                s[4 + rng.below(s.size() - 4)] = static_cast<char>(rng.below(256));
            } else if (kind == 1 && s.size() > 16) {
                s.resize(16 + rng.below(s.size() - 16));
            } else if (kind == 2) {
                s.push_back(static_cast<char>(rng.below(256)));
            } else if (s.size() > 16) {
                s[16 + rng.below(s.size() - 16)] = static_cast<char>(rng.below(256));
            }
        }
        h.run({"SET", "bad", s});
        h.run({"PFADD", "good", "x"});
        for (const auto& cmd : std::vector<std::vector<std::string>>{
                 {"PFADD", "bad", "a", "b", "c", "d"},
                 {"PFCOUNT", "bad"},
                 {"PFCOUNT", "bad", "good"},
                 {"PFMERGE", "good", "bad"},
                 {"PFMERGE", "bad", "good"},
                 {"PFDEBUG", "DECODE", "bad"},
                 {"PFDEBUG", "ENCODING", "bad"},
                 {"PFDEBUG", "GETREG", "bad"},
                 {"PFDEBUG", "TODENSE", "bad"},
                 {"PFCOUNT", "bad"},
             }) {
            const resp::Reply r = h.run(cmd);
            if (r.type == resp::Reply::Type::Error)
                CHECK((r.str.rfind("INVALIDOBJ", 0) == 0 || r.str.rfind("WRONGTYPE", 0) == 0 ||
                       r.str.rfind("ERR HLL encoding", 0) == 0));
        }
        h.run({"DEL", "good"});
    }
}
