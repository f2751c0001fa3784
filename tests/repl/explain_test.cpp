// :explain in the REPL: output for every encoding (bounded, at most 100 columns), the
// usage and error lines, the remote-backend refusal, :help and completion; and
// docs/explain.md, whose example outputs are generated here (REDSIM_UPDATE_DOCS=1).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "repl/explain.h"
#include "repl/hints.h"
#include "repl/session.h"

using redsim::Dict;
using redsim::HashDict;
using redsim::Intset;
using redsim::Listpack;
using redsim::Object;
using redsim::Quicklist;
using redsim::SetDict;
using redsim::SetMember;
using redsim::Skiplist;
using redsim::ZSetIndex;
using redsim::repl::Session;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string run(Session& s, const std::string& line) {
    s.runLine(line);
    return s.takeOutput();
}

size_t widest(const std::string& text) {
    size_t w = 0, start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        w = std::max(w, end - start);
        start = end + 1;
    }
    return w;
}

// The values docs/explain.md shows, one per encoding. Collections are built from the
// structures directly (as the commands that create them will), in db 0 of `s`.
struct Example {
    std::string id;  // the marker in docs/explain.md
    std::string key;
    std::string command;  // what a user would type to get this value
    std::function<void(Session&)> build;
    std::string extra;  // an optional second :explain argument list (search paths)
};

std::unique_ptr<ZSetIndex> scores(redsim::Engine& e, const std::vector<std::pair<std::string, double>>& members) {
    auto z = std::make_unique<ZSetIndex>(e.hashSeed(), e.rng());
    for (const auto& [m, sc] : members) {
        z->zsl.insert(m, sc);
        z->dict.insert(m, sc);
    }
    return z;
}

std::vector<Example> examples() {
    std::vector<Example> ex;
    ex.push_back({"string-int", "counter", "SET counter 42", [](Session& s) { run(s, "SET counter 42"); }, ""});
    ex.push_back({"string-embstr", "greeting", "SET greeting \"hello world\"",
                  [](Session& s) { run(s, "SET greeting \"hello world\""); }, ""});
    ex.push_back({"string-raw", "quote", "SET quote \"...\" (a 54-byte value)",
                  [](Session& s) { run(s, "SET quote \"Simplicity is prerequisite for reliability. (Dijkstra)\""); },
                  ""});
    ex.push_back({"list-quicklist", "queue",
                  "CONFIG SET list-max-listpack-size 4; CONFIG SET list-compress-depth 1; RPUSH queue job:0 ... job:13",
                  [](Session& s) {
                      run(s, "CONFIG SET list-max-listpack-size 4");
                      run(s, "CONFIG SET list-compress-depth 1");
                      Quicklist ql(4, 1);  // what RPUSH creates under that config
                      for (int i = 0; i < 14; ++i)
                          ql.pushTail("job:" + std::to_string(i) + ":payload-payload-payload-payload-payload");
                      s.engine()->db(0).add("queue", Object::list(std::move(ql)));
                  },
                  ""});
    ex.push_back({"hash-listpack", "user:1", "HSET user:1 name Ada born 1815 id 1",
                  [](Session& s) {
                      Listpack lp;
                      for (const char* v : {"name", "Ada", "born", "1815", "id", "1"}) lp.append(std::string_view(v));
                      s.engine()->db(0).add("user:1", Object::hashListpack(std::move(lp)));
                  },
                  ""});
    ex.push_back({"hash-hashtable", "config",
                  "HSET config with 5 fields, one value longer than hash-max-listpack-value (caught mid-rehash)",
                  [](Session& s) {
                      HashDict d(s.engine()->hashSeed());
                      d.insert("motd", std::string(80, '*'));
                      for (const char* f : {"color", "lang", "tz", "theme"}) d.insert(f, "x");
                      d.rehash(1);
                      s.engine()->db(0).add("config", Object::hashTable(std::move(d)));
                  },
                  ""});
    ex.push_back({"set-intset", "primes", "SADD primes 2 3 5 7 11 13 70001",
                  [](Session& s) {
                      Intset is;
                      for (int64_t v : {2, 3, 5, 7, 11, 13, 70001}) is.add(v);
                      s.engine()->db(0).add("primes", Object::setIntset(std::move(is)));
                  },
                  ""});
    ex.push_back({"set-hashtable", "tags", "SADD tags redis cache db nosql kv",
                  [](Session& s) {
                      SetDict d(s.engine()->hashSeed());
                      for (const char* m : {"redis", "cache", "db", "nosql", "kv"}) d.insert(m, SetMember{});
                      while (d.rehash(100)) {
                      }
                      s.engine()->db(0).add("tags", Object::setTable(std::move(d)));
                  },
                  ""});
    ex.push_back({"zset-listpack", "board", "ZADD board 10 ann 25 bob 17.5 cy",
                  [](Session& s) {
                      Listpack lp;  // kept in score order: ann 10, cy 17.5, bob 25
                      lp.append(std::string_view("ann"));
                      lp.append(10LL);
                      lp.append(std::string_view("cy"));
                      lp.append(std::string_view("17.5"));
                      lp.append(std::string_view("bob"));
                      lp.append(25LL);
                      s.engine()->db(0).add("board", Object::zsetListpack(std::move(lp)));
                  },
                  ""});
    ex.push_back({"zset-skiplist", "ranks", "CONFIG SET zset-max-listpack-entries 4; ZADD ranks 1 a 2 b ... 12 l",
                  [](Session& s) {
                      run(s, "CONFIG SET zset-max-listpack-entries 4");
                      std::vector<std::pair<std::string, double>> m;
                      for (int i = 0; i < 12; ++i) m.emplace_back(std::string(1, static_cast<char>('a' + i)), i + 1);
                      s.engine()->db(0).add("ranks", Object::zsetSkiplist(scores(*s.engine(), m)));
                  },
                  ""});
    ex.push_back({"string-hll", "visitors", "PFADD visitors alice bob carol dave",
                  [](Session& s) { run(s, "PFADD visitors alice bob carol dave"); }, ""});
    ex.push_back({"string-hll-dense", "crowd", "PFADD crowd user:0 user:1 ... user:1999; PFCOUNT crowd",
                  [](Session& s) {
                      for (int i = 0; i < 2000; i += 100) {
                          std::string line = "PFADD crowd";
                          for (int j = i; j < i + 100; ++j) line += " user:" + std::to_string(j);
                          run(s, line);
                      }
                      run(s, "PFCOUNT crowd");
                  },
                  ""});
    ex.push_back({"string-bits", "flags", "SETBIT flags 0 1; SETBIT flags 9 1; SETBIT flags 13 1; SETBIT flags 30 1",
                  [](Session& s) {
                      for (const char* b : {"0", "9", "13", "30"}) run(s, std::string("SETBIT flags ") + b + " 1");
                  },
                  ""});
    ex.push_back({"string-bit-n", "flags", "", nullptr, "BIT 13"});
    ex.push_back({"zset-geo", "Sicily",
                  "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 "
                  "Agrigento",
                  [](Session& s) {
                      run(s, "CONFIG SET zset-max-listpack-entries 128");  // the skiplist example lowered it
                      run(s,
                          "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 "
                          "Agrigento");
                  },
                  ""});
    ex.push_back({"zset-geo-search", "Sicily", "", nullptr, "GEO 15 37 150 km"});
    ex.push_back({"zset-path-rank", "ranks", "", nullptr, "RANK 7"});
    ex.push_back({"zset-path-score", "ranks", "", nullptr, "SCORE (4.5"});
    ex.push_back({"zset-path-member", "ranks", "", nullptr, "MEMBER j"});
    ex.push_back({"stream", "orders",
                  "CONFIG SET stream-node-max-entries 3; XADD orders 1-1 item pen qty 2; XADD orders 1-2 item ink "
                  "qty 1; XADD orders 2-0 note gift; XADD orders 5-7 item pad qty 9; XDEL orders 1-2; XGROUP CREATE "
                  "orders shipping 0; XREADGROUP GROUP shipping alice COUNT 2 STREAMS orders >; (+1.5 s) "
                  "XREADGROUP GROUP shipping bob COUNT 1 STREAMS orders >",
                  [](Session& s) {
                      run(s, "CONFIG SET stream-node-max-entries 3");
                      run(s, "XADD orders 1-1 item pen qty 2");
                      run(s, "XADD orders 1-2 item ink qty 1");
                      run(s, "XADD orders 2-0 note gift");
                      run(s, "XADD orders 5-7 item pad qty 9");
                      run(s, "XDEL orders 1-2");
                      run(s, "XGROUP CREATE orders shipping 0");
                      run(s, "XREADGROUP GROUP shipping alice COUNT 2 STREAMS orders >");
                      run(s, ":time +1500ms");
                      run(s, "XREADGROUP GROUP shipping bob COUNT 1 STREAMS orders >");
                  },
                  ""});
    return ex;
}

// Runs every example in one seeded session and returns id -> :explain output.
std::vector<std::pair<std::string, std::string>> exampleOutputs() {
    Session s({.seed = 1, .virtual_clock = true});
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : examples()) {
        if (e.build) e.build(s);
        s.takeOutput();
        const std::string line = ":explain " + e.key + (e.extra.empty() ? "" : " " + e.extra);
        out.emplace_back(e.id, "redsim> " + line + "\n" + run(s, line));
    }
    return out;
}

// Replaces the ```text block after each "<!-- example: ID -->" marker.
std::string fillDoc(std::string doc, const std::vector<std::pair<std::string, std::string>>& outputs) {
    for (const auto& [id, text] : outputs) {
        const std::string marker = "<!-- example: " + id + " -->\n";
        const size_t m = doc.find(marker);
        if (m == std::string::npos) continue;
        const size_t start = m + marker.size();
        const std::string open = "```text\n";
        size_t end = start;
        if (doc.compare(start, open.size(), open) == 0) {
            end = doc.find("```\n", start + open.size());
            end = end == std::string::npos ? doc.size() : end + 4;
        }
        doc.replace(start, end - start, open + text + "```\n");
    }
    return doc;
}

// A backend with no engine, like a connection to a remote server.
class RemoteLike : public redsim::repl::Backend {
public:
    std::optional<std::string> call(std::span<const std::string>, std::string*) override { return "+OK\r\n"; }
    int db() const override { return 0; }
    std::vector<std::string> keysWithPrefix(std::string_view, size_t) override { return {}; }
    int64_t nowUs() override { return 0; }
    bool ended() const override { return false; }
    std::string address() const override { return "127.0.0.1:6379"; }
};

}  // namespace

TEST_SUITE("repl.explain") {
    TEST_CASE("repl.explain.every_encoding_fits_100_columns") {
        for (const auto& [id, text] : exampleOutputs()) {
            INFO(id << "\n" << text);
            CHECK(widest(text) <= 100);
            CHECK(!contains(text, "no such key"));
        }
    }

    TEST_CASE("repl.explain.headlines_and_drawings") {
        const auto outs = exampleOutputs();
        auto get = [&](const std::string& id) {
            for (const auto& [k, v] : outs)
                if (k == id) return v;
            return std::string();
        };
        CHECK(contains(get("string-int"), "type string, encoding int, 2 bytes"));
        CHECK(contains(get("string-embstr"), "encoding embstr"));
        CHECK(contains(get("string-embstr"), "\"hello world\""));
        CHECK(contains(get("string-raw"), "encoding raw"));
        const std::string list = get("list-quicklist");
        CHECK(contains(list, "type list, encoding quicklist, 14 elements"));
        CHECK(contains(list, "config: list-max-listpack-size 4, list-compress-depth 1"));
        CHECK(contains(list, "head [lp 4 entries"));
        CHECK(contains(list, "<->[LZF 4 entries"));
        CHECK(contains(list, "tail"));
        const std::string hash = get("hash-listpack");
        CHECK(contains(hash, "type hash, encoding listpack, 3 fields"));
        CHECK(contains(hash, "       0      6  header     4+2       21 00 00 00 06 00    total 33, count 6"));
        CHECK(contains(hash, "field  \"name\""));
        CHECK(contains(hash, "13BIT_INT"));
        CHECK(contains(hash, "      32      1  end                  ff\n"));
        const std::string ht = get("hash-hashtable");
        CHECK(contains(ht, "rehashing: rehashidx"));
        CHECK(contains(ht, "table 0: 4 buckets"));
        CHECK(contains(ht, "table 1: 8 buckets"));
        CHECK(contains(ht, "80 bytes, longer than hash-max-listpack-value (64)"));
        const std::string is = get("set-intset");
        CHECK(contains(is, "intset: 7 members, int32 (4 bytes each), 36 bytes"));
        CHECK(contains(is, "| encoding 4 | length 7 | 2 | 3 | 5 | 7 | 11 | 13 | 70001 |"));
        CHECK(contains(get("set-hashtable"), "not rehashing (rehashidx -1)"));
        CHECK(contains(get("zset-listpack"), "score  \"17.5\""));
        const std::string sk = get("zset-skiplist");
        CHECK(contains(sk, "type zset, encoding skiplist, 12 members"));
        CHECK(contains(sk, "  L0  H -> a -> b -> c -> d -> e -> f -> g -> h -> i -> j -> k -> l -> NULL"));
        CHECK(contains(sk, "dict (member -> score): 12 entries"));
        const std::string hll = get("string-hll");
        CHECK(contains(hll, "HyperLogLog: sparse, 30 bytes, hll-sparse-max-bytes 3000"));
        CHECK(contains(hll, "  bytes 0-3   48 59 4c 4c              magic \"HYLL\""));
        CHECK(contains(hll, "cached cardinality: stale (bit 7 of byte 15 set)"));
        CHECK(contains(hll, "  estimate 4 (what PFCOUNT answers"));
        CHECK(contains(hll, "    0 | 16380 ##################################################\n"));
        CHECK(contains(hll, "      16      2  XZERO   0.."));
        const std::string dense = get("string-hll-dense");
        CHECK(contains(dense, "HyperLogLog: dense, 12304 bytes"));
        CHECK(contains(dense, "registers, 16 per character"));
        CHECK(contains(dense, "  15360  "));  // the last row of the heat map
        CHECK(contains(dense, "(valid, little endian)"));
        const std::string bits = get("string-bits");
        CHECK(
            contains(bits, "bits: 4 bytes = 32 bits, 4 set (BITCOUNT), first 1 at bit 0 (BITPOS 1), first 0 at bit 1"));
        CHECK(contains(bits, "  bits     10000000  01000100  00000000  00000010\n"));
        const std::string bit = get("string-bit-n");
        CHECK(contains(bit, "                    ^\n"));
        CHECK(contains(bit, "bit 13: byte 13/8 = 1, bit 7 - 13%8 = 2 from the right (mask 0x04). GETBIT answers 1."));
        const std::string geo = get("zset-geo");
        CHECK(
            contains(geo, "  Palermo       3479099956230698  13.36138933897018433  38.11555639549629859  sqc8b49rny0"));
        CHECK(contains(geo, "sqdtr74hyu0"));
        const std::string search = get("zset-geo-search");
        CHECK(contains(search, "GEOSEARCH FROMLONLAT 15 37 BYRADIUS 150 km"));
        CHECK(contains(search, "estimateStepsByRadius(150000.00 m) = 7"));
        CHECK(contains(search, "  east       skipped: the search area does not reach it"));
        CHECK(contains(search, "outside: dropped by the distance test"));
        CHECK(contains(get("zset-path-rank"), "found rank 7"));
        CHECK(contains(get("zset-path-score"), "found rank 5"));
        CHECK(contains(get("zset-path-member"), "found rank 10"));
        const std::string stream = get("stream");
        CHECK(contains(stream, "stream: 3 entries in 2 listpack nodes; radix tree: 2 keys, "));
        CHECK(contains(stream, "max deleted id 1-2, 4 entries ever added"));
        CHECK(contains(stream, "DELETED (still in the node)"));
        CHECK(contains(stream, "+1,-1"));  // 2-0 stored against master 1-1
        CHECK(contains(stream, "SAMEFIELDS \"item\"=\"pen\" \"qty\"=\"2\""));
        CHECK(contains(stream, "consumer \"alice\": 2 pending, seen 1500 ms ago"));
        CHECK(contains(stream, "owner \"bob\""));
    }

    TEST_CASE("repl.explain.skiplist_rows_follow_the_levels") {
        Session s({.seed = 4, .virtual_clock = true});
        std::vector<std::pair<std::string, double>> m;
        for (int i = 0; i < 40; ++i) m.emplace_back("n" + std::to_string(i), i);
        s.engine()->db(0).add("z", Object::zsetSkiplist(scores(*s.engine(), m)));
        const std::string out = run(s, ":explain z");
        const auto& zsl = s.engine()->db(0).peek("z")->zsetIndex().zsl;
        // One row per level, top first, every row starting at H.
        for (int i = 0; i < zsl.level(); ++i) CHECK(contains(out, "  L" + std::to_string(i) + "  H "));
        CHECK_FALSE(contains(out, "  L" + std::to_string(zsl.level()) + "  H"));
        // Each row names exactly the drawn nodes that are on that level, in order; the
        // spans on a row add up to the ranks of the nodes it names.
        std::vector<std::vector<std::string>> rows(static_cast<size_t>(zsl.level()));
        std::vector<std::vector<unsigned long>> spans(rows.size());
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);) {
            if (line.size() < 6 || line.compare(0, 3, "  L") != 0 || line.find(" H ") == std::string::npos) continue;
            std::istringstream words(line);
            std::string lvl, w;
            words >> lvl;
            const size_t level = std::stoul(lvl.substr(1));
            while (words >> w) {
                const size_t open = w.find('(');
                if (open != std::string::npos)
                    spans[level].push_back(std::stoul(w.substr(open + 1)));
                else if (w.find('>') != std::string::npos)
                    spans[level].push_back(1);
                else if (w != "H" && w != "..." && w != "NULL")
                    rows[level].push_back(w);
            }
        }
        const size_t drawn = rows[0].size();
        CHECK(drawn >= 5);
        for (size_t level = 0; level < rows.size(); ++level) {
            std::vector<std::string> want;
            std::vector<unsigned long> ranks;
            size_t r = 0;
            for (const auto& n : zsl) {
                if (++r > drawn) break;
                if (n.level() > static_cast<int>(level)) {
                    want.push_back(n.member());
                    ranks.push_back(r);
                }
            }
            CHECK(rows[level] == want);
            unsigned long sum = 0;
            for (size_t k = 0; k < ranks.size(); ++k) {
                sum += spans[level][k];
                CHECK(sum == ranks[k]);
            }
        }
        // 40 nodes do not fit 100 columns: the rows end in "..." and the rest is counted.
        CHECK(contains(out, "-> ...\n"));
        CHECK(contains(out, "more nodes\n"));
        CHECK(widest(out) <= 100);
    }

    TEST_CASE("repl.explain.long_paths_are_bounded") {
        Skiplist::Path p;
        p.steps.push_back({0, 0, 0, "", 0});
        for (unsigned long r = 1; r <= 100; ++r) p.steps.push_back({0, r, 1, "m" + std::to_string(r), 1.0 * r});
        p.found = 100;
        const std::string out = redsim::repl::renderPath(p, "rank 100");
        CHECK(contains(out, "  ... 61 more steps\n"));
        CHECK(contains(out, "  found rank 100\n"));
        CHECK(widest(out) <= 100);
        CHECK(std::count(out.begin(), out.end(), '\n') == 1 + 40 + 1 + 2);
    }

    TEST_CASE("repl.explain.big_values_are_bounded") {
        Session s({.seed = 2, .virtual_clock = true});
        SetDict d(s.engine()->hashSeed());
        for (int i = 0; i < 5000; ++i) d.insert("member-" + std::to_string(i), SetMember{});
        s.engine()->db(0).add("big", Object::setTable(std::move(d)));
        Quicklist ql(-2, 2);
        for (int i = 0; i < 20000; ++i) ql.pushTail("element number " + std::to_string(i));
        s.engine()->db(0).add("longlist", Object::list(std::move(ql)));
        Listpack lp;
        for (int i = 0; i < 200; ++i) lp.append("f" + std::to_string(i));
        s.engine()->db(0).add("h", Object::hashListpack(std::move(lp)));
        run(s, "SET s " + std::string(5000, 'q'));
        for (const char* key : {"big", "longlist", "h", "s"}) {
            const std::string out = run(s, std::string(":explain ") + key);
            INFO(key << "\n" << out);
            CHECK(widest(out) <= 100);
            CHECK(std::count(out.begin(), out.end(), '\n') < 60);
            CHECK(contains(out, "more"));
        }
    }

    TEST_CASE("repl.explain.errors_and_usage") {
        Session s({.virtual_clock = true});
        const std::string usage =
            "usage: :explain KEY [RANK r | SCORE s | MEMBER m | BITS | BIT n | GEO lon lat radius unit]\n";
        CHECK(run(s, ":explain") == usage);
        CHECK(run(s, ":explain a b") == usage);
        CHECK(run(s, ":explain a FOO 1") == usage);
        CHECK(run(s, ":explain nokey") == "no such key 'nokey' in db 0\n");
        run(s, "SET k v");
        CHECK(run(s, ":explain k RANK 1") ==
              "search paths are drawn for sorted sets in skiplist encoding; this is a string in embstr\n");
        CHECK(run(s, ":explain k RANK 0") == "RANK takes a rank from 1 (the first member is rank 1)\n");
        CHECK(run(s, ":explain k SCORE nan") == "SCORE takes a score, optionally exclusive: 5, (5, -inf\n");
        CHECK(run(s, ":EXPLAIN k").starts_with("type string, encoding embstr, 1 bytes\n"));
        run(s, "SELECT 3");
        CHECK(run(s, ":explain k") == "no such key 'k' in db 3\n");
        std::vector<std::pair<std::string, double>> m = {{"a", 1}, {"b", 2}};
        s.engine()->db(3).add("z", Object::zsetSkiplist(scores(*s.engine(), m)));
        CHECK(run(s, ":explain z MEMBER c") == "no such member 'c' in 'z'\n");
        CHECK(contains(run(s, ":explain z SCORE -inf"), "found rank 1"));
        CHECK(contains(run(s, ":explain z SCORE 3"), "not found"));
    }

    TEST_CASE("repl.explain.views_usage_and_errors") {
        Session s({.virtual_clock = true});
        CHECK(run(s, ":explain k BITS") == "no such key 'k' in db 0\n");
        CHECK(run(s, ":explain k BIT") ==
              "usage: :explain KEY BITS (the first bytes as bits) | BIT n (the bits around bit n)\n");
        CHECK(run(s, ":explain k BIT -1") == "BIT takes a bit offset from 0 to 4294967295\n");
        CHECK(run(s, ":explain k BIT 4294967296") == "BIT takes a bit offset from 0 to 4294967295\n");
        CHECK(run(s, ":explain k GEO 1 2") ==
              "usage: :explain KEY GEO lon lat radius unit | GEO lon lat width height unit (unit: m, km, ft, mi)\n");
        CHECK(run(s, ":explain k GEO 1 2 3 parsec") ==
              "usage: :explain KEY GEO lon lat radius unit | GEO lon lat width height unit (unit: m, km, ft, mi)\n");
        CHECK(run(s, ":explain k GEO 1 89 3 km") ==
              "the centre must be within GEOADD's limits: longitude -180..180, "
              "latitude -85.05112878..85.05112878\n");
        CHECK(run(s, ":explain k GEO 1 2 -3 km") == "the radius, width and height must be finite and not negative\n");
        CHECK(run(s, ":explain k GEO 1 2 inf km") == "the radius, width and height must be finite and not negative\n");
        CHECK(run(s, ":explain k GEO 1 2 3 km") == "no such key 'k' in db 0\n");
        run(s, "RPUSH l a");
        CHECK(run(s, ":explain l BITS") == "bits are drawn for strings; 'l' is not a string\n");
        CHECK(run(s, ":explain l GEO 1 2 3 km") == "geo searches run on sorted sets; 'l' is not one\n");
        run(s, "SET k hello");
        const std::string b = run(s, ":explain k BITS");
        CHECK(contains(b, "  bits     01101000  01100101  01101100  01101100  01101111\n"));
        CHECK(contains(run(s, ":explain k bits 100"), "(bits 0..39): GETBIT answers 0"));
        CHECK_FALSE(contains(run(s, ":explain k"), "bits:"));  // printable text: no bits unless asked
        run(s, "GEOADD g 0 0 a");
        const std::string box = run(s, ":explain g GEO 0.5 0.5 200 100 km");
        CHECK(contains(box, "BYBOX 200 100 km"));
        CHECK(contains(box, "the box's half diagonal"));
        const std::string huge = run(s, ":explain g GEO 0 0 15000 km");
        CHECK(contains(huge, "skipped: the same cell as the one scanned just before"));
        CHECK(widest(huge) <= 100);
        // A corrupt HLL is drawn, not a crash.
        run(s, "SET bad \"HYLL\\x01\"");
        CHECK(contains(run(s, ":explain bad"), "CORRUPT: it is 5 bytes, shorter than the 16-byte header"));
    }

    TEST_CASE("repl.explain.remote_backend_refuses") {
        Session s({}, std::make_unique<RemoteLike>());
        CHECK(run(s, ":explain k") ==
              ":explain works on the embedded engine only (this session is connected to a server)\n");
    }

    TEST_CASE("repl.explain.help_and_completion") {
        Session s({.virtual_clock = true});
        CHECK(contains(run(s, ":help"), ":explain KEY"));
        auto complete = [&](std::string_view line) {
            return redsim::repl::completionsFor(s.commands(), line,
                                                [&s](std::string_view p) { return s.keysWithPrefix(p); });
        };
        CHECK(complete(":ex") == std::vector<std::string>{":explain"});
        run(s, "MSET user:1 a user:2 b");
        CHECK(complete(":explain us") == std::vector<std::string>{"user:1", "user:2"});
        CHECK(complete(":explain user:1 ") ==
              std::vector<std::string>{"BIT", "BITS", "GEO", "MEMBER", "RANK", "SCORE"});
    }

    TEST_CASE("repl.explain.docs_examples_are_current") {
        const std::string path = std::string(REDSIM_SOURCE_DIR) + "/docs/explain.md";
        std::stringstream have;
        have << std::ifstream(path).rdbuf();
        const std::string want = fillDoc(have.str(), exampleOutputs());
        if (std::getenv("REDSIM_UPDATE_DOCS")) std::ofstream(path) << want;
        CHECK_MESSAGE(have.str() == want,
                      "docs/explain.md is stale: run REDSIM_UPDATE_DOCS=1 redsim_tests -tc=repl.explain.docs*");
        for (const auto& e : examples()) CHECK_MESSAGE(contains(want, "<!-- example: " + e.id + " -->"), e.id);
    }
}
