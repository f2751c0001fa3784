// The AOF base written as commands, for `aof-use-rdb-preamble no` (Redis's
// rewriteAppendOnlyFile without the RDB preamble): every key rebuilt by the commands
// that recreate it, collections in batches, then its expire as PEXPIREAT.
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/persist/aof.h"
#include "engine/scripting/scripting.h"
#include "engine/util/numbers.h"

namespace redsim {

namespace {
constexpr int kItemsPerCmd = 64;  // AOF_REWRITE_ITEMS_PER_CMD: items per RPUSH/SADD/ZADD/HMSET
}  // namespace

// ---- The base as commands (aof-use-rdb-preamble no) -------------------------------

std::string Aof::rewriteAsCommands(Engine& engine) {
    std::string out;
    auto cmd = [&](std::initializer_list<std::string> argv) {
        appendRespCommand(out, std::span<const std::string>(argv.begin(), argv.size()));
    };
    // Batches of up to 64 items per command, as Redis's rewrite writes collections.
    auto batched = [&](const std::string& name, const std::string& key, const std::vector<std::string>& items,
                       size_t per_item) {
        const size_t per_cmd = kItemsPerCmd * per_item;
        for (size_t i = 0; i < items.size(); i += per_cmd) {
            std::vector<std::string> argv{name, key};
            argv.insert(argv.end(), items.begin() + static_cast<long>(i),
                        items.begin() + static_cast<long>(std::min(items.size(), i + per_cmd)));
            appendRespCommand(out, argv);
        }
    };
    for (const auto& [name, lib] : engine.scripting().libraries()) cmd({"FUNCTION", "LOAD", lib.code});
    for (int dbi = 0; dbi < engine.dbCount(); ++dbi) {
        const Db& db = engine.db(dbi);
        if (db.size() == 0) continue;
        cmd({"SELECT", std::to_string(dbi)});
        db.keys().forEach([&](const auto& e) {
            const std::string key = e.key;
            const Object& o = e.value;
            std::vector<std::string> items;
            switch (o.type()) {
                case ObjType::String:
                    cmd({"SET", key, o.stringValue()});
                    break;
                case ObjType::List: {
                    items = o.quicklist().toVector();
                    batched("RPUSH", key, items, 1);
                    break;
                }
                case ObjType::Set:
                    if (o.encoding() == Encoding::IntSet) {
                        for (size_t i = 0; i < o.intset().size(); ++i)
                            items.push_back(std::to_string(o.intset().at(i)));
                    } else {
                        o.setDict().forEach([&](const auto& m) { items.push_back(m.key); });
                    }
                    batched("SADD", key, items, 1);
                    break;
                case ObjType::ZSet:
                    if (o.encoding() == Encoding::ListPack) {
                        const Listpack& lp = o.listpack();
                        for (size_t p = lp.first(); p != Listpack::npos;) {
                            const std::string member = lp.get(p).toString();
                            p = lp.next(p);
                            const Listpack::Entry s = lp.get(p);
                            items.push_back(s.is_int ? std::to_string(s.ival)
                                                     : formatDouble(std::strtod(std::string(s.sval).c_str(), nullptr)));
                            items.push_back(member);
                            p = lp.next(p);
                        }
                    } else {
                        for (const Skiplist::Node* n = o.zsetIndex().zsl.first(); n; n = n->next()) {
                            items.push_back(formatDouble(n->score()));
                            items.push_back(n->member());
                        }
                    }
                    batched("ZADD", key, items, 2);
                    break;
                case ObjType::Hash:
                    if (o.encoding() == Encoding::ListPack) {
                        const Listpack& lp = o.listpack();
                        for (size_t p = lp.first(); p != Listpack::npos; p = lp.next(p))
                            items.push_back(lp.get(p).toString());
                    } else {
                        o.hashDict().forEach([&](const auto& f) {
                            items.push_back(f.key);
                            items.push_back(f.value);
                        });
                    }
                    batched("HMSET", key, items, 2);
                    break;
                case ObjType::Stream: {
                    const Stream& st = o.streamValue();
                    if (st.length() == 0) {
                        // An empty stream still exists: add an entry and trim it away.
                        cmd({"XADD", key, "MAXLEN", "0", st.lastId().str(), "x", "y"});
                    } else {
                        StreamID id;
                        for (Stream::Iterator it(st, StreamID{0, 0}, StreamID{UINT64_MAX, UINT64_MAX}, false);
                             const Stream::Fields* f = it.next(id);) {
                            std::vector<std::string> argv{"XADD", key, id.str()};
                            argv.insert(argv.end(), f->begin(), f->end());
                            appendRespCommand(out, argv);
                        }
                    }
                    cmd({"XSETID", key, st.lastId().str(), "ENTRIESADDED", std::to_string(st.entriesAdded()),
                         "MAXDELETEDID", st.maxDeletedId().str()});
                    for (const auto& [gname, cg] : st.groups().all()) {
                        cmd({"XGROUP", "CREATE", key, gname, cg.last_id.str(), "ENTRIESREAD",
                             std::to_string(cg.entries_read)});
                        for (const auto& [cname, c] : cg.consumers()) {
                            cmd({"XGROUP", "CREATECONSUMER", key, gname, cname});
                            for (const auto& [pid, nack] : c.pel)
                                cmd({"XCLAIM", key, gname, cname, "0", pid.str(), "TIME",
                                     std::to_string(nack->delivery_time), "RETRYCOUNT",
                                     std::to_string(nack->delivery_count), "JUSTID", "FORCE"});
                        }
                    }
                    break;
                }
            }
            const int64_t when = db.expireAt(key);
            if (when != -1) cmd({"PEXPIREAT", key, std::to_string(when)});
        });
    }
    return out;
}

}  // namespace redsim
