// MEMORY: the memory model (engine/memory.h) seen from a client.
//
//   MEMORY USAGE key [SAMPLES n]  what the key and its value cost, as Redis's
//                                 objectComputeSize estimates it: collections are
//                                 sampled n elements (default 5, 0 = all) and the
//                                 average multiplied by their size
//   MEMORY STATS                  the breakdown of used_memory (overheads, dataset)
//   MEMORY DOCTOR                 Redis's advice, from the same figures
//   MEMORY MALLOC-STATS / PURGE   about the allocator, which redsim only models
#include <climits>
#include <string>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/memory.h"

namespace redsim {
namespace {

constexpr size_t kDefaultSamples = 5;  // OBJ_COMPUTE_SIZE_DEF_SAMPLES

void memoryUsageCommand(CommandContext& ctx) {
    // Options are checked before the key is looked up, as Redis does.
    size_t samples = kDefaultSamples;
    for (size_t j = 3; j < ctx.argc(); ++j) {
        if (argIs(ctx.arg(j), "samples") && j + 1 < ctx.argc()) {
            const auto n = intArg(ctx, j + 1);
            if (!n) return;
            if (*n < 0) {
                ctx.reply.error(err::kSyntax);
                return;
            }
            samples = *n == 0 ? SIZE_MAX : static_cast<size_t>(*n);
            ++j;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    // Redis looks in the dict directly: a key past its TTL but not yet deleted counts.
    const Object* o = ctx.db().peek(ctx.arg(2));
    if (!o) {
        ctx.reply.null();
        return;
    }
    ctx.reply.integer(memory::memoryUsage(ctx.arg(2), *o, samples));
}

void memoryStatsCommand(CommandContext& ctx) {
    const MemoryOverview m = memoryOverview(ctx.engine);
    ctx.reply.mapLen(27 + m.dbs.size());
    auto num = [&](const char* k, long long v) {
        ctx.reply.bulk(k);
        ctx.reply.integer(v);
    };
    auto real = [&](const char* k, float v) {
        ctx.reply.bulk(k);
        ctx.reply.doubleValue(static_cast<double>(v));
    };
    auto ratio = [](long long a, long long b) { return static_cast<float>(a) / static_cast<float>(b); };
    num("peak.allocated", m.peak);
    num("total.allocated", m.used);
    num("startup.allocated", m.startup);
    num("replication.backlog", 0);
    num("clients.slaves", 0);
    num("clients.normal", m.clients_normal);
    num("cluster.links", 0);
    num("aof.buffer", 0);
    num("lua.caches", m.lua_caches);
    num("functions.caches", m.functions_caches);
    for (const auto& d : m.dbs) {
        ctx.reply.bulk("db." + std::to_string(d.id));
        ctx.reply.mapLen(3);
        num("overhead.hashtable.main", d.main);
        num("overhead.hashtable.expires", d.expires);
        num("overhead.hashtable.slot-to-keys", 0);
    }
    num("overhead.total", m.overhead_total);
    num("keys.count", m.keys);
    num("keys.bytes-per-key", m.bytes_per_key);
    num("dataset.bytes", m.dataset);
    real("dataset.percentage", m.dataset_perc);
    real("peak.percentage", m.peak_perc);
    num("allocator.allocated", m.allocated);
    num("allocator.active", m.active);
    num("allocator.resident", m.resident);
    real("allocator-fragmentation.ratio", ratio(m.active, m.allocated));
    num("allocator-fragmentation.bytes", m.active - m.allocated);
    real("allocator-rss.ratio", ratio(m.resident, m.active));
    num("allocator-rss.bytes", m.resident - m.active);
    real("rss-overhead.ratio", ratio(m.rss, m.resident));
    num("rss-overhead.bytes", m.rss - m.resident);
    real("fragmentation", ratio(m.rss, m.used));
    num("fragmentation.bytes", m.rss - m.used);
}

void memoryDoctorCommand(CommandContext& ctx) { ctx.reply.verbatim(memoryDoctorReport(ctx.engine)); }

// DIFFERS FROM REDIS: there is no jemalloc to ask; the text says so and gives the
// model's figures instead of jemalloc's statistics.
void memoryMallocStatsCommand(CommandContext& ctx) {
    const MemoryOverview m = memoryOverview(ctx.engine);
    std::string s = "___ Begin redsim allocator model ___\n";
    s += "redsim does not use jemalloc: every allocation Redis 7.0 would make is modelled and rounded\n";
    s += "to jemalloc 5.3's size classes (see docs/memory.md). There are no arenas, bins or pages to report.\n";
    s += "Allocated: " + std::to_string(m.allocated) + ", active: " + std::to_string(m.active) +
         ", resident: " + std::to_string(m.resident) + "\n";
    s += "--- End redsim allocator model ---\n";
    ctx.reply.verbatim(s);
}

void memoryPurgeCommand(CommandContext& ctx) { ctx.reply.ok(); }  // nothing to give back

void memoryHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("MEMORY", {
                                      "DOCTOR",
                                      "    Return memory problems reports.",
                                      "MALLOC-STATS",
                                      "    Return internal statistics report from the memory allocator.",
                                      "PURGE",
                                      "    Attempt to purge dirty pages for reclamation by the allocator.",
                                      "STATS",
                                      "    Return information about the memory usage of the server.",
                                      "USAGE <key> [SAMPLES <count>]",
                                      "    Return memory in bytes used by <key> and its value. Nested values are",
                                      "    sampled up to <count> times (default: 5, 0 means sample all).",
                                  });
}

constexpr KeySpec kMemoryUsageKeys[] = {{.flags = "RO", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr CommandSpec kMemorySubcommands[] = {
    {
        .name = "doctor",
        .arity = 2,
        .flags = 0,
        .summary = "Give advice on the memory figures",
        .complexity = "O(1)",
        .group = "server",
        .since = "4.0.0",
        .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
        .handler = memoryDoctorCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .summary = "List the MEMORY subcommands",
        .complexity = "O(1)",
        .group = "server",
        .since = "4.0.0",
        .handler = memoryHelpCommand,
    },
    {
        .name = "malloc-stats",
        .arity = 2,
        .flags = 0,
        .summary = "Describe the allocator (a model in redsim)",
        .complexity = "O(1)",
        .group = "server",
        .since = "4.0.0",
        .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
        .handler = memoryMallocStatsCommand,
    },
    {
        .name = "purge",
        .arity = 2,
        .flags = 0,
        .summary = "Ask the allocator to give memory back (nothing to do in redsim)",
        .complexity = "O(1)",
        .group = "server",
        .since = "4.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = memoryPurgeCommand,
    },
    {
        .name = "stats",
        .arity = 2,
        .flags = 0,
        .summary = "Break used_memory down into overheads and data",
        .complexity = "O(1)",
        .group = "server",
        .since = "4.0.0",
        .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
        .handler = memoryStatsCommand,
    },
    {
        .name = "usage",
        .arity = -3,
        .flags = cmd::kReadonly,
        .keys = kMemoryUsageKeys,
        .syntax = "key [SAMPLES count]",
        .summary = "Estimate the bytes a key and its value take",
        .complexity = "O(N) with N the number of samples",
        .group = "server",
        .since = "4.0.0",
        .handler = memoryUsageCommand,
    },
};

constexpr CommandSpec kMemoryCommands[] = {
    {
        .name = "memory",
        .arity = -2,
        .flags = 0,
        .summary = "Inspect the memory model",
        .complexity = "Depends on subcommand.",
        .group = "server",
        .since = "4.0.0",
        .handler = nullptr,
        .subcommands = kMemorySubcommands,
    },
};

}  // namespace

std::span<const CommandSpec> memoryCommands() { return kMemoryCommands; }

}  // namespace redsim
