#include "gui/model/persistence_model.h"

#include <algorithm>
#include <charconv>

#include "engine/config.h"
#include "engine/engine.h"
#include "engine/object.h"
#include "engine/persist/bgsave.h"
#include "engine/persist/rdb_save.h"
#include "engine/resp/args.h"
#include "engine/types/hash.h"
#include "engine/types/list.h"
#include "engine/types/set.h"
#include "engine/types/zset.h"

namespace redsim::gui {

std::string_view laneName(TimelineLane l) {
    switch (l) {
        case TimelineLane::Rdb:
            return "RDB saves";
        case TimelineLane::AofWrite:
            return "AOF writes";
        case TimelineLane::AofFsync:
            return "fsync";
        case TimelineLane::Rewrite:
            return "AOF rewrite";
        case TimelineLane::Server:
            return "server";
    }
    return "";
}

TimelineLayout layoutTimeline(const std::deque<TimelineEntry>& entries, int64_t now_ms) {
    using K = TimelineEntry::Kind;
    TimelineLayout out;
    // The index in out.bars of the running save / rewrite, or -1.
    long save = -1, rewrite = -1;
    auto close = [&](long& open, int64_t at, bool ok, const std::string& text) {
        TimelineBar& b = out.bars[static_cast<size_t>(open)];
        b.end_ms = std::max(b.start_ms, at);
        b.running = false;
        b.ok = ok;
        if (!text.empty()) b.text = text;
        open = -1;
    };
    for (const TimelineEntry& e : entries) {
        switch (e.kind) {
            case K::SaveStarted:
                if (save >= 0) close(save, e.at_ms, false, {});
                out.bars.push_back({TimelineLane::Rdb, e.at_ms, now_ms, true, true, e.text});
                save = static_cast<long>(out.bars.size() - 1);
                break;
            case K::SaveFinished:
            case K::SaveFailed: {
                const bool ok = e.kind == K::SaveFinished;
                if (save >= 0)
                    close(save, e.at_ms, ok, e.text);
                else  // SAVE: done in the main process, no start event
                    out.bars.push_back({TimelineLane::Rdb, e.at_ms, e.at_ms, false, ok, e.text});
                break;
            }
            case K::RewriteStart:
                if (rewrite >= 0) close(rewrite, e.at_ms, false, {});
                out.bars.push_back({TimelineLane::Rewrite, e.at_ms, now_ms, true, true, e.text});
                rewrite = static_cast<long>(out.bars.size() - 1);
                break;
            case K::RewriteEnd:
                if (rewrite >= 0)
                    close(rewrite, e.at_ms, e.ok, e.text);
                else
                    out.bars.push_back({TimelineLane::Rewrite, e.at_ms, e.at_ms, false, e.ok, e.text});
                break;
            case K::SavePoint:
                out.marks.push_back({TimelineLane::Rdb, e.kind, e.at_ms, e.bytes, e.ok, e.text});
                break;
            case K::AofWrite:
                out.marks.push_back({TimelineLane::AofWrite, e.kind, e.at_ms, e.bytes, e.ok, {}});
                break;
            case K::AofFsync:
                out.marks.push_back({TimelineLane::AofFsync, e.kind, e.at_ms, e.bytes, e.ok, {}});
                break;
            case K::Crash:
                // The children die with the server.
                if (save >= 0) close(save, e.at_ms, false, "killed by the crash");
                if (rewrite >= 0) close(rewrite, e.at_ms, false, "killed by the crash");
                out.marks.push_back({TimelineLane::Server, e.kind, e.at_ms, e.bytes, e.ok, e.text});
                break;
            case K::Restart:
            case K::Log:
                out.marks.push_back({TimelineLane::Server, e.kind, e.at_ms, e.bytes, e.ok, e.text});
                break;
        }
    }
    return out;
}

float TimeWindow::x(int64_t t, float x0, float x1) const {
    const double span = static_cast<double>(std::max<int64_t>(1, end_ms - start_ms));
    return x0 + static_cast<float>(static_cast<double>(t - start_ms) / span) * (x1 - x0);
}

TimeWindow timeWindow(int64_t now_ms, int64_t span_ms, int64_t pan_ms) {
    span_ms = std::max<int64_t>(span_ms, 10);
    pan_ms = std::max<int64_t>(pan_ms, 0);
    return {now_ms - pan_ms - span_ms, now_ms - pan_ms};
}

int64_t tickStep(int64_t span_ms, int max_ticks) {
    max_ticks = std::max(max_ticks, 1);
    for (int64_t p = 1;; p *= 10)
        for (int64_t m : {1, 2, 5})
            if (span_ms / (p * m) <= max_ticks || p > (int64_t{1} << 50)) return p * m;
}

// ---- AOF tail --------------------------------------------------------------------------

namespace {

// Reads "<c><number>\r\n" at `pos`; advances past it.
bool readHeader(std::string_view s, size_t& pos, char c, long long& n) {
    if (pos >= s.size() || s[pos] != c) return false;
    const size_t end = s.find("\r\n", pos);
    if (end == std::string_view::npos) return false;
    auto [p, ec] = std::from_chars(s.data() + pos + 1, s.data() + end, n);
    if (ec != std::errc() || p != s.data() + end || n < 0) return false;
    pos = end + 2;
    return true;
}

// A word as the console would type it: bare, or quoted when it must be.
std::string typed(std::string_view w) {
    const bool plain = !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) {
        return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\';
    });
    return plain ? std::string(w) : resp::repr(w);
}

// The RESP bytes with the CRLFs shown as spaces and long bulks cut.
std::string flatResp(std::string_view raw) {
    std::string r;
    size_t i = 0;
    while (i < raw.size()) {
        const size_t end = raw.find("\r\n", i);
        std::string_view part = raw.substr(i, end == std::string_view::npos ? raw.size() - i : end - i);
        if (!r.empty()) r += ' ';
        if (part.size() > 40) {
            r += typed(part.substr(0, 37));
            r += "...";
        } else {
            r += (part.size() && (part[0] == '*' || part[0] == '$')) ? std::string(part) : typed(part);
        }
        if (end == std::string_view::npos) break;
        i = end + 2;
    }
    return r;
}

}  // namespace

std::vector<AofLine> decodeAofText(std::string_view text, int64_t at_ms) {
    std::vector<AofLine> out;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t start = pos;
        long long argc = 0;
        bool ok = readHeader(text, pos, '*', argc);
        std::string cmd;
        for (long long i = 0; ok && i < argc; ++i) {
            long long len = 0;
            ok = readHeader(text, pos, '$', len);
            if (!ok) break;
            if (pos + static_cast<size_t>(len) + 2 > text.size()) {
                ok = false;
                break;
            }
            if (!cmd.empty()) cmd += ' ';
            cmd += typed(text.substr(pos, static_cast<size_t>(len)));
            pos += static_cast<size_t>(len) + 2;
        }
        if (!ok) {
            out.push_back({at_ms, flatResp(text.substr(start)), cmd.empty() ? "…" : cmd + " …", true});
            break;
        }
        out.push_back({at_ms, flatResp(text.substr(start, pos - start)), std::move(cmd), false});
    }
    return out;
}

std::vector<AofLine> aofTail(const std::deque<TimelineEntry>& entries, size_t max) {
    std::vector<AofLine> out;
    if (max == 0) return out;
    // Walk back over the writes until `max` lines are found.
    std::vector<const TimelineEntry*> writes;
    size_t lines = 0;
    for (auto it = entries.rbegin(); it != entries.rend() && lines < max; ++it) {
        if (it->kind != TimelineEntry::Kind::AofWrite || it->text.empty()) continue;
        writes.push_back(&*it);
        lines += static_cast<size_t>(std::count(it->text.begin(), it->text.end(), '*'));  // an upper bound
    }
    for (auto it = writes.rbegin(); it != writes.rend(); ++it) {
        std::vector<AofLine> l = decodeAofText((*it)->text, (*it)->at_ms);
        if (!l.empty() && static_cast<long long>((*it)->text.size()) < (*it)->bytes) l.back().cut = true;
        for (auto& x : l) out.push_back(std::move(x));
    }
    if (out.size() > max) out.erase(out.begin(), out.begin() + static_cast<long>(out.size() - max));
    return out;
}

// ---- INFO persistence -------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> persistenceInfo(Engine& engine) {
    std::string text;
    persist::appendPersistenceInfo(engine, text);
    std::vector<std::pair<std::string, std::string>> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find("\r\n", pos);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + pos, end - pos);
        if (const size_t colon = line.find(':'); colon != std::string_view::npos)
            out.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
        pos = end + 2;
    }
    return out;
}

std::string infoField(const std::vector<std::pair<std::string, std::string>>& info, std::string_view name) {
    for (const auto& [k, v] : info)
        if (k == name) return v;
    return {};
}

// ---- Crash and restart -------------------------------------------------------------------

namespace {

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// The value as canonical text: members of sets and fields of hashes sorted (their
// order in a hash table depends on the insertion history, which a reload changes), lists
// and sorted sets in order; a stream as its DUMP serialisation. Encodings do not matter.
KeyDigest digestOf(const Object& o) {
    KeyDigest d;
    d.type = std::string(typeName(o.type()));
    std::string canon;
    auto add = [&canon](std::string_view w) {
        canon += std::to_string(w.size());
        canon += ':';
        canon += w;
    };
    switch (o.type()) {
        case ObjType::String: {
            const std::string v = o.stringValue();
            add(v);
            d.preview = v.size() > 24 ? typed(v.substr(0, 21)) + "..." : typed(v);
            break;
        }
        case ObjType::List: {
            const size_t n = listLength(o);
            for (const auto& e : listRange(o, 0, n)) add(e);
            d.preview = std::to_string(n) + (n == 1 ? " element" : " elements");
            break;
        }
        case ObjType::Set: {
            std::vector<std::string> m = setTypeMembers(o);
            std::sort(m.begin(), m.end());
            for (const auto& e : m) add(e);
            d.preview = std::to_string(m.size()) + (m.size() == 1 ? " member" : " members");
            break;
        }
        case ObjType::Hash: {
            auto pairs = hashTypePairs(o);
            std::sort(pairs.begin(), pairs.end());
            for (const auto& [f, v] : pairs) {
                add(f);
                add(v);
            }
            d.preview = std::to_string(pairs.size()) + (pairs.size() == 1 ? " field" : " fields");
            break;
        }
        case ObjType::ZSet: {
            size_t n = 0;
            zset::forEach(o, [&](std::string_view m, double score) {
                add(m);
                add(std::to_string(score));
                ++n;
            });
            d.preview = std::to_string(n) + (n == 1 ? " member" : " members");
            break;
        }
        default:
            canon = rdbSerializeValue(o, false);
            d.preview = std::to_string(canon.size()) + " B serialized";
            break;
    }
    d.fingerprint = fnv1a(canon);
    return d;
}

}  // namespace

DatasetDigest digestDataset(Engine& engine, size_t limit) {
    DatasetDigest out;
    for (int db = 0; db < engine.dbCount(); ++db) {
        engine.db(db).keys().forEach([&](const auto& entry) {
            if (out.keys.size() >= limit) {
                out.partial = true;
                return;
            }
            out.keys.emplace(std::make_pair(db, entry.key), digestOf(entry.value));
        });
    }
    return out;
}

std::string_view fateName(CrashDiff::Fate f) {
    switch (f) {
        case CrashDiff::Fate::Same:
            return "came back";
        case CrashDiff::Fate::Lost:
            return "lost";
        case CrashDiff::Fate::Older:
            return "older value";
        case CrashDiff::Fate::Revived:
            return "deleted, came back";
    }
    return "";
}

CrashDiff diffDigests(const DatasetDigest& before, const DatasetDigest& after) {
    CrashDiff d;
    std::vector<CrashDiff::Row> same;
    for (const auto& [id, b] : before.keys) {
        auto it = after.keys.find(id);
        if (it == after.keys.end()) {
            d.rows.push_back({id.first, id.second, CrashDiff::Fate::Lost, b, {}});
            ++d.lost;
        } else if (it->second == b) {
            same.push_back({id.first, id.second, CrashDiff::Fate::Same, b, it->second});
            ++d.same;
        } else {
            d.rows.push_back({id.first, id.second, CrashDiff::Fate::Older, b, it->second});
            ++d.older;
        }
    }
    for (const auto& [id, a] : after.keys) {
        if (before.keys.count(id)) continue;
        d.rows.push_back({id.first, id.second, CrashDiff::Fate::Revived, {}, a});
        ++d.revived;
    }
    std::sort(d.rows.begin(), d.rows.end(), [](const CrashDiff::Row& x, const CrashDiff::Row& y) {
        return std::tie(x.db, x.key) < std::tie(y.db, y.key);
    });
    for (auto& r : same) d.rows.push_back(std::move(r));
    return d;
}

CrashReport crashAndRestart(GuiState& state, bool power_loss) {
    CrashReport r;
    r.power_loss = power_loss;
    Engine& e = state.engine();
    r.at_ms = e.clock().nowMs();
    r.appendonly = e.cfg().appendonly ? "yes" : "no";
    r.appendfsync = e.config().get(*Config::find("appendfsync"));
    const DatasetDigest before = digestDataset(e);
    r.outcome = state.restartFromDisk(power_loss);
    const DatasetDigest after = digestDataset(state.engine());
    r.partial = before.partial || after.partial;
    r.diff = diffDigests(before, after);
    return r;
}

std::string crashSummary(const CrashReport& r) {
    std::string s = r.power_loss ? "power loss" : "kill -9";
    s += r.appendonly == "yes" ? " (appendonly yes, appendfsync " + r.appendfsync + ")" : " (appendonly no)";
    s += ": restarted from ";
    s += r.outcome.loaded_from.empty() ? "nothing" : r.outcome.loaded_from;
    if (!r.outcome.ok) s += " (load failed: started empty)";
    s += " - " + std::to_string(r.diff.same) + " keys came back, " + std::to_string(r.diff.lost) + " lost, " +
         std::to_string(r.diff.older) + " older, " + std::to_string(r.diff.revived) + " deleted but back";
    return s;
}

}  // namespace redsim::gui
