// The REPL's meta commands (see meta.h): one row each, handlers below.
#include "repl/meta.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>
#include <vector>

#include "engine/clock.h"
#include "engine/commands/table.h"
#include "engine/inspect/value.h"
#include "engine/util/numbers.h"
#include "repl/explain.h"
#include "repl/session.h"

namespace redsim::repl {

namespace {

std::string isoUtc(int64_t ms) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[96];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
    return out;
}

// The clock and the RNG belong to an embedded engine; a remote server keeps its own.
bool embedded(Session& s, std::string_view name) {
    if (s.engine()) return true;
    s.print(std::string(name) + " works on the embedded engine only (this session is connected to a server)\n");
    return false;
}

void printTime(Session& s) {
    Clock& clock = s.engine()->clock();
    const int64_t ms = clock.nowMs();
    s.print(isoUtc(ms) + " (" + std::to_string(ms) + " ms, " + (clock.isVirtual() ? "virtual" : "real") + " clock)\n");
}

void metaHelp(Session& s, std::span<const std::string>) {
    size_t width = 0;
    for (const auto& m : metaCommands()) width = std::max(width, m.usage.size());
    for (const auto& m : metaCommands()) {
        std::string line = "  " + std::string(m.usage);
        line.resize(width + 4, ' ');
        s.print(line + std::string(m.help) + "\n");
    }
}

void metaTime(Session& s, std::span<const std::string> argv) {
    if (!embedded(s, ":time")) return;
    if (argv.size() == 1) {
        printTime(s);
        return;
    }
    long long us = 0;
    if (argv.size() != 2 || !parseDuration(argv[1], us)) {
        s.print("usage: :time [+10s | +500ms | +2m | +1h]\n");
        return;
    }
    if (!s.engine()->clock().isVirtual()) {
        s.print("the real clock cannot be moved (start with --virtual-clock, or :clock virtual)\n");
        return;
    }
    s.engine()->advanceTime(us);  // runs the ticks (active expire cycle) on the way
    printTime(s);
}

void metaClock(Session& s, std::span<const std::string> argv) {
    if (!embedded(s, ":clock")) return;
    if (argv.size() == 1) {
        s.print(std::string("clock: ") + (s.engine()->clock().isVirtual() ? "virtual" : "real") + "\n");
        return;
    }
    if (argv.size() == 2 && equalsIgnoreCase(argv[1], "real")) {
        s.engine()->setClock(std::make_unique<RealClock>());
    } else if (argv.size() == 2 && equalsIgnoreCase(argv[1], "virtual")) {
        // Continue from the current instant, so nothing expires by switching.
        s.engine()->setClock(std::make_unique<VirtualClock>(s.engine()->clock().nowUs()));
    } else {
        s.print("usage: :clock [real | virtual]\n");
        return;
    }
    printTime(s);
}

void metaSeed(Session& s, std::span<const std::string> argv) {
    if (!embedded(s, ":seed")) return;
    if (argv.size() == 1) {
        s.print("seed: " + std::to_string(s.engine()->rng().seed()) + "\n");
        return;
    }
    uint64_t seed = 0;
    const auto& a = argv[1];
    auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), seed);
    if (argv.size() != 2 || ec != std::errc() || p != a.data() + a.size()) {
        s.print("usage: :seed N (a non-negative integer)\n");
        return;
    }
    s.engine()->rng().reseed(seed);
    s.print("seed: " + std::to_string(seed) + "\n");
}

void metaQuit(Session& s, std::span<const std::string>) { s.finish(); }

// :crash kill9|power: the process dies and restarts from disk (Session::restartFromDisk).
// One line says what came back, one more what the crash took from the AOF.
void metaCrash(Session& s, std::span<const std::string> argv) {
    if (!embedded(s, ":crash")) return;
    const bool kill9 = argv.size() == 2 && equalsIgnoreCase(argv[1], "kill9");
    const bool power = argv.size() == 2 && equalsIgnoreCase(argv[1], "power");
    if (!kill9 && !power) {
        s.print("usage: :crash kill9|power (kill -9: what was written survives; power loss: what was fsynced)\n");
        return;
    }
    const RestartOutcome out = s.restartFromDisk(power);
    std::string line = power ? "power loss: " : "kill -9: ";
    if (!out.ok) {
        line += "loading " + (out.loaded_from.empty() ? std::string("from disk") : "the " + out.loaded_from) +
                " failed, started empty";
        for (const auto& l : out.log) line += "\n  " + l;
    } else {
        line +=
            "restarted from " + (out.loaded_from.empty() ? std::string("nothing (no file on disk)") : out.loaded_from);
    }
    line += ", " + std::to_string(s.engine()->db(s.db()).size()) + " keys in db " + std::to_string(s.db()) + "\n";
    if (out.aof_bytes_cut > 0)
        line += "  lost: the last " + std::to_string(out.aof_bytes_cut) + " bytes of " + out.aof_file +
                (power ? " (written but not fsynced)" : " (still in the AOF buffer)") + "\n";
    else if (out.aof_buffer_lost > 0)
        line += "  lost: " + std::to_string(out.aof_buffer_lost) + " bytes still in the AOF buffer\n";
    s.print(line);
}

// :explain KEY [RANK r | SCORE s | MEMBER m]: the value's encoding, why, and a drawing;
// for a skiplist zset optionally the path a search takes. BITS / BIT / GEO: the views
// repl/explain.cpp draws on request.
void metaExplain(Session& s, std::span<const std::string> argv) {
    constexpr const char* kUsage =
        "usage: :explain KEY [RANK r | SCORE s | MEMBER m | BITS | BIT n | GEO lon lat radius unit]\n";
    if (argv.size() >= 3 && isViewOption(argv[2])) {
        if (!embedded(s, ":explain")) return;
        s.print(explainView(*s.engine(), s.db(), argv));
        return;
    }
    if (argv.size() != 2 && argv.size() != 4) {
        s.print(kUsage);
        return;
    }
    inspect::PathQuery q;
    std::string what;
    if (argv.size() == 4) {
        const std::string& v = argv[3];
        if (equalsIgnoreCase(argv[2], "rank")) {
            const auto r = parseInt64(v);
            if (!r || *r < 1) {
                s.print("RANK takes a rank from 1 (the first member is rank 1)\n");
                return;
            }
            q.kind = inspect::PathKind::Rank;
            q.rank = static_cast<unsigned long>(*r);
            what = "rank " + v + " (ZRANGE's start, zslGetElementByRank)";
        } else if (equalsIgnoreCase(argv[2], "score")) {
            q.kind = inspect::PathKind::Score;
            q.exclusive = v.starts_with('(');
            const auto d = parseDouble(q.exclusive ? std::string_view(v).substr(1) : std::string_view(v));
            if (!d || std::isnan(*d)) {
                s.print("SCORE takes a score, optionally exclusive: 5, (5, -inf\n");
                return;
            }
            q.score = *d;
            what = "score " + v + " (ZRANGEBYSCORE's start, zslFirstInRange)";
        } else if (equalsIgnoreCase(argv[2], "member")) {
            q.kind = inspect::PathKind::Member;
            q.member = v;
            what = "member \"" + v + "\" (ZRANK, zslGetRank)";
        } else {
            s.print(kUsage);
            return;
        }
    }
    if (!embedded(s, ":explain")) return;
    const auto snap = inspect::inspectValue(*s.engine(), s.db(), argv[1]);
    if (!snap) {
        s.print("no such key '" + argv[1] + "' in db " + std::to_string(s.db()) + "\n");
        return;
    }
    if (argv.size() == 2) {
        s.print(renderExplain(*snap));
        return;
    }
    if (snap->encoding != Encoding::SkipList) {
        s.print("search paths are drawn for sorted sets in skiplist encoding; this is a " +
                std::string(typeName(snap->type)) + " in " + std::string(encodingName(snap->encoding)) + "\n");
        return;
    }
    const auto path = inspect::skiplistPath(*s.engine(), s.db(), argv[1], q);
    if (!path) {
        s.print("no such member '" + q.member + "' in '" + argv[1] + "'\n");
        return;
    }
    s.print(renderPath(*path, what));
}

// :client [NAME [COMMAND …]]: switch to (creating if needed) the client called NAME,
// or run one command as NAME and stay where you are (its reply and anything it gets
// later are printed prefixed with its name: how to leave a client waiting in BLPOP
// while the current one pushes).
void metaClient(Session& s, std::span<const std::string> argv) {
    if (argv.size() == 1) {
        s.print("current client: " + s.clientName() + "\n");
        return;
    }
    if (argv[1].empty() || argv[1].starts_with(':')) {
        s.print("usage: :client [NAME [COMMAND ...]]\n");
        return;
    }
    if (argv.size() == 2) {
        s.selectClient(argv[1]);
        return;
    }
    s.runAs(argv[1], argv.subspan(2));
}

std::string joined(const std::vector<std::string>& v) {
    std::string r;
    for (const auto& x : v) r += (r.empty() ? "" : ",") + x;
    return r;
}

// :clients — one line per client of the embedded engine.
void metaClients(Session& s, std::span<const std::string>) {
    if (!embedded(s, ":clients")) return;
    for (const auto& c : s.clientViews()) {
        std::string line = (c.current ? "* " : "  ") + c.name + "  id=" + std::to_string(c.id) +
                           " db=" + std::to_string(c.db) + " resp=" + std::to_string(c.resp);
        if (!c.channels.empty()) line += " channels=" + joined(c.channels);
        if (!c.patterns.empty()) line += " patterns=" + joined(c.patterns);
        if (!c.shard_channels.empty()) line += " shardchannels=" + joined(c.shard_channels);
        const bool subscribed = !c.channels.empty() || !c.patterns.empty() || !c.shard_channels.empty();
        std::string flags = std::string(subscribed ? "P" : "") + (c.blocked ? "b" : "");
        line += " flags=" + (flags.empty() ? std::string("N") : flags);
        if (subscribed && c.resp == 2) line += " (subscribed mode)";
        if (c.blocked) line += " (waiting)";
        s.print(line + "\n");
    }
}

constexpr std::array<MetaCommand, 9> kMeta = {{
    {.name = ":help",
     .args = "",
     .usage = ":help",
     .help = "List the REPL's own commands (HELP <command> documents Redis commands)",
     .handler = metaHelp},
    {.name = ":time",
     .args = "[+duration]",
     .usage = ":time [+10s|+500ms|+2m|+1h]",
     .help = "Show the engine clock; with +duration, move a virtual clock forward (runs expiry)",
     .handler = metaTime},
    {.name = ":clock",
     .args = "[REAL | VIRTUAL]",
     .usage = ":clock [real|virtual]",
     .help = "Show or switch the engine clock (virtual time moves only with :time)",
     .handler = metaClock},
    {.name = ":seed",
     .args = "[seed:integer]",
     .usage = ":seed [N]",
     .help = "Show or reseed the engine's random generator",
     .handler = metaSeed},
    {.name = ":explain",
     .args = "key [RANK rank:integer | SCORE score:double | MEMBER member | BITS | BIT offset:integer | GEO "
             "longitude:double latitude:double radius:double unit]",
     .usage = ":explain KEY [...]",
     .help = "How a value is stored, and why (RANK/SCORE/MEMBER, BITS, BIT n, GEO: more views)",
     .handler = metaExplain},
    {.name = ":client",
     .args = "[name]",
     .usage = ":client [NAME [COMMAND ...]]",
     .help = "Switch to the client NAME (created on first use: own db, protocol, subscriptions); "
             "with a COMMAND, run it as NAME and stay",
     .handler = metaClient},
    {.name = ":clients",
     .args = "",
     .usage = ":clients",
     .help = "List the clients: name, id, db, protocol, subscriptions, flags (* = current)",
     .handler = metaClients},
    {.name = ":crash",
     .args = "KILL9 | POWER",
     .usage = ":crash kill9|power",
     .help = "Simulate a crash (kill -9, or a power loss) and restart from the AOF or RDB on disk",
     .handler = metaCrash},
    {.name = ":quit", .args = "", .usage = ":quit", .help = "Leave the REPL", .handler = metaQuit},
}};

}  // namespace

// The REPL's own meta commands, then those a face added (guided mode's :next, :hint…).
static std::vector<MetaCommand>& allMeta() {
    static std::vector<MetaCommand> all(kMeta.begin(), kMeta.end());
    return all;
}

std::span<const MetaCommand> metaCommands() { return allMeta(); }

const MetaCommand* findMeta(std::string_view name) {
    for (const auto& m : allMeta())
        if (equalsIgnoreCase(m.name, name)) return &m;
    return nullptr;
}

void addMetaCommands(std::span<const MetaCommand> more) {
    for (const auto& m : more)
        if (!findMeta(m.name)) allMeta().push_back(m);
}

bool parseDuration(std::string_view t, long long& us) {
    if (!t.empty() && t[0] == '+') t.remove_prefix(1);
    long long n = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc() || p == t.data() || n < 0) return false;
    const std::string_view unit(p, static_cast<size_t>(t.data() + t.size() - p));
    long long mul;
    if (unit == "us")
        mul = 1;
    else if (unit == "ms")
        mul = 1000;
    else if (unit == "s")
        mul = 1000000;
    else if (unit == "m")
        mul = 60LL * 1000000;
    else if (unit == "h")
        mul = 3600LL * 1000000;
    else
        return false;
    if (n > std::numeric_limits<long long>::max() / mul) return false;
    us = n * mul;
    return true;
}

}  // namespace redsim::repl
