// INFO sections: server, clients, memory, stats, errorstats, commandstats, keyspace.
//
// used_memory here is an estimate built from jemalloc's size classes for what Redis
// allocates per key (dict entry, key sds, robj, value). DIFFERS FROM REDIS: the
// calibrated per-encoding cost model arrives with eviction (issue 7); until then the
// figure covers strings only and a fixed base for the server itself.
#include "engine/info.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "engine/commands/table.h"
#include "engine/engine.h"
#include "engine/evict.h"
#include "engine/scripting/scripting.h"

namespace redsim {
namespace {

// Smallest jemalloc size class that holds n bytes.
size_t jemallocSize(size_t n) {
    if (n <= 8) return 8;
    if (n <= 128) return (n + 15) / 16 * 16;
    size_t group = 128;
    while (n > group * 2) group *= 2;
    const size_t step = group / 4;
    return (n + step - 1) / step * step;
}

size_t sdsAlloc(size_t len) {
    const size_t header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
    return jemallocSize(header + len + 1);
}

constexpr long long kBaseMemory = 866000;  // an empty Redis 7.0 reports about this much

std::string fmtDouble(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

}  // namespace

std::string bytesToHuman(long long n);

namespace {

// INFO memory's scripting fields, in Redis's order. The interpreters' sizes are Lua's
// own counts; the caches are modelled as Redis 7.0 lays them out: per EVAL script its
// SHA (an sds), its body (a string object), a dict entry and the 16-byte script record,
// plus the dict's bucket array; FUNCTION's overhead as measured on 7.0.15 (200 bytes
// empty, 120 per library and per function).
template <class Field>
void scriptingMemory(Engine& engine, Field&& field) {
    Scripting& sc = engine.scripting();
    const long long vm_eval = sc.luaMemory(false), vm_functions = sc.luaMemory(true);
    long long scripts_eval = 0;
    const std::vector<size_t> bodies = sc.scriptBodyLengths();
    for (size_t len : bodies) {
        const size_t body = len <= 44 ? jemallocSize(16 + 3 + len + 1) - 16 : sdsAlloc(len);
        scripts_eval += static_cast<long long>(sdsAlloc(40) + body + 24 + 16);
    }
    if (!bodies.empty()) {
        size_t slots = 4;
        while (slots < bodies.size()) slots *= 2;
        scripts_eval += static_cast<long long>(slots * 8);
    }
    const long long functions = 200 + 120 * static_cast<long long>(sc.libraries().size() + sc.functions().size());
    field("used_memory_lua", std::to_string(vm_eval));
    field("used_memory_vm_eval", std::to_string(vm_eval));
    field("used_memory_lua_human", bytesToHuman(vm_eval));
    field("used_memory_scripts_eval", std::to_string(scripts_eval));
    field("number_of_cached_scripts", std::to_string(bodies.size()));
    field("number_of_functions", std::to_string(sc.functions().size()));
    field("number_of_libraries", std::to_string(sc.libraries().size()));
    field("used_memory_vm_functions", std::to_string(vm_functions));
    field("used_memory_vm_total", std::to_string(vm_eval + vm_functions));
    field("used_memory_vm_total_human", bytesToHuman(vm_eval + vm_functions));
    field("used_memory_functions", std::to_string(functions));
    field("used_memory_scripts", std::to_string(scripts_eval + functions));
    field("used_memory_scripts_human", bytesToHuman(scripts_eval + functions));
}

}  // namespace

std::string bytesToHuman(long long n) {
    char buf[64];
    const double d = static_cast<double>(n);
    if (n < 1024)
        std::snprintf(buf, sizeof buf, "%lldB", n);
    else if (n < 1024LL * 1024)
        std::snprintf(buf, sizeof buf, "%.2fK", d / 1024);
    else if (n < 1024LL * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.2fM", d / (1024 * 1024));
    else
        std::snprintf(buf, sizeof buf, "%.2fG", d / (1024.0 * 1024 * 1024));
    return buf;
}

long long usedMemory(Engine& engine) {
    long long total = kBaseMemory;
    for (int i = 0; i < engine.dbCount(); ++i) {
        Db& db = engine.db(i);
        total += static_cast<long long>(db.keys().buckets() + db.expires().buckets()) * 8;
        total += static_cast<long long>(db.expiresCount()) * 24;  // expires dict entries
        db.keys().forEach([&](const auto& e) {
            total += 24;  // dictEntry
            total += static_cast<long long>(sdsAlloc(e.key.size()));
            const Object& o = e.value;
            if (o.type() != ObjType::String) return;
            if (o.isInt())
                total += o.isShared() ? 0 : 16;
            else if (o.encoding() == Encoding::EmbStr)
                total += static_cast<long long>(jemallocSize(16 + 3 + o.bytes().size() + 1));
            else
                total += 16 + static_cast<long long>(sdsAlloc(o.bytes().size()));
        });
    }
    return total;
}

std::string infoString(Engine& engine, std::span<const std::string> args) {
    static constexpr const char* kDefault[] = {"server", "clients", "memory", "stats", "errorstats", "keyspace"};
    std::set<std::string> want;
    bool all = false;
    if (args.empty()) want.insert(std::begin(kDefault), std::end(kDefault));
    for (const auto& a : args) {
        const std::string s = toLower(a);
        if (s == "all" || s == "everything") {
            all = true;
        } else if (s == "default") {
            want.insert(std::begin(kDefault), std::end(kDefault));
        } else {
            want.insert(s);
        }
    }
    auto has = [&](const char* name) { return want.count(name) || all; };
    const Stats& st = engine.stats();
    const ConfigValues& cfg = engine.cfg();
    std::string out;
    auto section = [&](const char* title) {
        if (!out.empty()) out += "\r\n";
        out += "# ";
        out += title;
        out += "\r\n";
    };
    auto field = [&](const std::string& k, const std::string& v) { out += k + ":" + v + "\r\n"; };
    const int64_t now_ms = engine.clock().nowMs();

    if (has("server")) {
        section("Server");
        field("redis_version", kRedisVersion);
        field("redsim_version", REDSIM_VERSION);
        field("redis_git_sha1", "00000000");
        field("redis_git_dirty", "0");
        field("redis_mode", "standalone");
        field("os", "redsim embedded engine");
        field("arch_bits", std::to_string(sizeof(void*) * 8));
        field("process_id", std::to_string(engine.facts.process_id));
        field("process_supervised", "no");
        field("run_id", engine.runId());
        field("tcp_port", std::to_string(engine.facts.tcp_port));
        field("server_time_usec", std::to_string(engine.clock().nowUs()));
        const long long uptime = (now_ms - st.start_time_ms) / 1000;
        field("uptime_in_seconds", std::to_string(uptime));
        field("uptime_in_days", std::to_string(uptime / 86400));
        field("hz", std::to_string(cfg.hz));
        field("configured_hz", std::to_string(cfg.hz));
        field("lru_clock", std::to_string(engine.lruClock()));
        field("clock", engine.clock().isVirtual() ? "virtual" : "real");
        field("executable", engine.facts.executable);
        field("config_file", engine.config().config_file);
    }
    if (has("clients")) {
        section("Clients");
        field("connected_clients", std::to_string(engine.clients().size()));
        field("cluster_connections", "0");
        field("maxclients", "10000");
        field("blocked_clients", std::to_string(engine.blockedClients()));
        field("tracking_clients", std::to_string(engine.tracking().clientCount()));
        field("clients_in_timeout_table", std::to_string(engine.clientsInTimeoutTable()));
    }
    if (has("memory")) {
        section("Memory");
        const long long used = usedMemory(engine);
        field("used_memory", std::to_string(used));
        field("used_memory_human", bytesToHuman(used));
        field("used_memory_dataset", std::to_string(used - kBaseMemory));
        scriptingMemory(engine, field);
        field("maxmemory", std::to_string(cfg.maxmemory));
        field("maxmemory_human", bytesToHuman(cfg.maxmemory));
        field("maxmemory_policy", engine.config().get(*Config::find("maxmemory-policy")));
        field("mem_allocator", "jemalloc-5.3.0 (modelled)");
    }
    if (has("stats")) {
        section("Stats");
        field("total_connections_received", std::to_string(st.total_connections_received));
        field("total_commands_processed", std::to_string(st.total_commands_processed));
        field("expired_keys", std::to_string(st.expired_keys));
        field("expired_stale_perc", fmtDouble(static_cast<double>(st.expired_stale_perc_x100) / 100.0));
        field("expired_time_cap_reached_count", std::to_string(st.expired_time_cap_reached_count));
        field("evicted_keys", std::to_string(st.evicted_keys));
        field("evicted_clients", "0");  // redsim has no client eviction (maxmemory-clients)
        field("total_eviction_exceeded_time", std::to_string(engine.evictor().totalExceededMs()));
        field("current_eviction_exceeded_time", std::to_string(engine.evictor().currentExceededMs()));
        field("keyspace_hits", std::to_string(st.keyspace_hits));
        field("keyspace_misses", std::to_string(st.keyspace_misses));
        field("pubsub_channels", std::to_string(engine.pubsub().channelCount()));
        field("pubsub_patterns", std::to_string(engine.pubsub().patternCount()));
        field("pubsubshard_channels", std::to_string(engine.pubsub().shardChannelCount()));
        field("tracking_total_keys", std::to_string(engine.tracking().totalKeys()));
        field("tracking_total_items", std::to_string(engine.tracking().totalItems()));
        field("tracking_total_prefixes", std::to_string(engine.tracking().totalPrefixes()));
        field("total_error_replies", std::to_string(st.total_error_replies));
        field("rejected_connections", std::to_string(st.rejected_connections));
        field("total_net_input_bytes", std::to_string(st.total_net_input_bytes));
        field("total_net_output_bytes", std::to_string(st.total_net_output_bytes));
    }
    if (has("commandstats")) {
        section("Commandstats");
        std::map<std::string, const CommandStats*> sorted;
        for (const auto& [spec, cs] : st.commands) sorted.emplace(CommandTable::fullName(*spec, cs.parent), &cs);
        for (const auto& [name, csp] : sorted) {
            const CommandStats& cs = *csp;
            if (cs.calls == 0 && cs.rejected_calls == 0 && cs.failed_calls == 0) continue;
            const double per = cs.calls ? static_cast<double>(cs.usec) / static_cast<double>(cs.calls) : 0.0;
            field("cmdstat_" + name, "calls=" + std::to_string(cs.calls) + ",usec=" + std::to_string(cs.usec) +
                                         ",usec_per_call=" + fmtDouble(per) +
                                         ",rejected_calls=" + std::to_string(cs.rejected_calls) +
                                         ",failed_calls=" + std::to_string(cs.failed_calls));
        }
    }
    if (has("errorstats")) {
        section("Errorstats");
        for (const auto& [code, n] : st.errors) field("errorstat_" + code, "count=" + std::to_string(n));
    }
    if (has("keyspace")) {
        section("Keyspace");
        for (int i = 0; i < engine.dbCount(); ++i) {
            Db& db = engine.db(i);
            if (db.size() == 0) continue;
            field("db" + std::to_string(i), "keys=" + std::to_string(db.size()) +
                                                ",expires=" + std::to_string(db.expiresCount()) +
                                                ",avg_ttl=" + std::to_string(db.avg_ttl));
        }
    }
    return out;
}

}  // namespace redsim
