// INFO sections: server, clients, memory, stats, errorstats, commandstats, keyspace.
//
// used_memory and the rest of INFO memory come from the memory model (engine/memory.h):
// what Redis 7.0 would allocate for each key and encoding, in jemalloc's size classes,
// kept as a running total.
#include "engine/info.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "engine/commands/table.h"
#include "engine/engine.h"
#include "engine/evict.h"
#include "engine/memory.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"
#include "engine/scripting/scripting.h"

namespace redsim {
namespace {

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
    long long scripts_eval = 0, functions = 0;
    scriptCachesMemory(engine, scripts_eval, functions);
    const size_t nscripts = sc.scriptCount();
    field("used_memory_lua", std::to_string(vm_eval));
    field("used_memory_vm_eval", std::to_string(vm_eval));
    field("used_memory_lua_human", bytesToHuman(vm_eval));
    field("used_memory_scripts_eval", std::to_string(scripts_eval));
    field("number_of_cached_scripts", std::to_string(nscripts));
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
    const long long used = usedMemoryModel(engine);
    engine.stats().peak_memory = std::max(engine.stats().peak_memory, used);
    return used;
}

std::string infoString(Engine& engine, std::span<const std::string> args) {
    static constexpr const char* kDefault[] = {"server", "clients",    "memory",  "persistence",
                                               "stats",  "errorstats", "keyspace"};
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
        // All from the model (engine/memory.h); the allocator and RSS figures are
        // modelled too (DIFFERS FROM REDIS: no fragmentation, see docs/memory.md).
        const MemoryOverview m = memoryOverview(engine);
        auto perc = [](float v) { return fmtDouble(static_cast<double>(v)) + "%"; };
        auto ratio = [](long long a, long long b) {
            return fmtDouble(static_cast<double>(a) / static_cast<double>(b));
        };
        field("used_memory", std::to_string(m.used));
        field("used_memory_human", bytesToHuman(m.used));
        field("used_memory_rss", std::to_string(m.rss));
        field("used_memory_rss_human", bytesToHuman(m.rss));
        field("used_memory_peak", std::to_string(m.peak));
        field("used_memory_peak_human", bytesToHuman(m.peak));
        field("used_memory_peak_perc", perc(m.peak_perc));
        field("used_memory_overhead", std::to_string(m.overhead_total));
        field("used_memory_startup", std::to_string(m.startup));
        field("used_memory_dataset", std::to_string(m.dataset));
        field("used_memory_dataset_perc", perc(m.dataset_perc));
        field("allocator_allocated", std::to_string(m.allocated));
        field("allocator_active", std::to_string(m.active));
        field("allocator_resident", std::to_string(m.resident));
        // DIFFERS FROM REDIS: a fixed 16 GiB machine, so the figure is the same everywhere.
        const long long system = 16LL * 1024 * 1024 * 1024;
        field("total_system_memory", std::to_string(system));
        field("total_system_memory_human", bytesToHuman(system));
        scriptingMemory(engine, field);
        field("maxmemory", std::to_string(cfg.maxmemory));
        field("maxmemory_human", bytesToHuman(cfg.maxmemory));
        field("maxmemory_policy", engine.config().get(*Config::find("maxmemory-policy")));
        field("allocator_frag_ratio", ratio(m.active, m.allocated));
        field("allocator_frag_bytes", std::to_string(m.active - m.allocated));
        field("allocator_rss_ratio", ratio(m.resident, m.active));
        field("allocator_rss_bytes", std::to_string(m.resident - m.active));
        field("rss_overhead_ratio", ratio(m.rss, m.resident));
        field("rss_overhead_bytes", std::to_string(m.rss - m.resident));
        field("mem_fragmentation_ratio", ratio(m.rss, m.used));
        field("mem_fragmentation_bytes", std::to_string(m.rss - m.used));
        field("mem_not_counted_for_evict", "0");
        field("mem_replication_backlog", "0");
        field("mem_total_replication_buffers", "0");
        field("mem_clients_slaves", "0");
        field("mem_clients_normal", std::to_string(m.clients_normal));
        field("mem_cluster_links", "0");
        field("mem_aof_buffer", "0");
        field("mem_allocator", "jemalloc-5.3.0 (modelled)");
        field("active_defrag_running", "0");
        field("lazyfree_pending_objects", "0");
        field("lazyfreed_objects", "0");
    }
    if (has("persistence")) {
        section("Persistence");
        persist::appendPersistenceInfo(engine, out);  // engine/persist/info_persistence.cpp
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
        field("latest_fork_usec", std::to_string(engine.persist().child.latestForkUs()));
        field("total_forks", std::to_string(engine.persist().child.totalForks()));
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
