// MONITOR: every command, as it runs, to the clients that asked (see engine/monitor.h).
#include "engine/monitor.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/client.h"
#include "engine/commands/command.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/resp/args.h"
#include "engine/util/numbers.h"

namespace redsim::monitor {

namespace {

// The scripting commands show themselves before the script runs (Redis feeds them from
// their own handlers), so the commands the script calls come after them.
bool startsScript(const CommandSpec& spec) {
    for (std::string_view n : {"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"})
        if (spec.name == n) return true;
    return false;
}

// Which arguments Redis hides (redactClientCommandArgument): every argument of AUTH, the
// user and password after HELLO's AUTH option.
std::vector<bool> redacted(std::span<const std::string> argv) {
    std::vector<bool> hide(argv.size(), false);
    if (argIs(argv[0], "auth")) {
        for (size_t j = 1; j < argv.size(); ++j) hide[j] = true;
    } else if (argIs(argv[0], "hello") && argv.size() >= 2) {
        // Only once the protocol version was accepted does HELLO read its options.
        auto ver = parseInt64(argv[1]);
        if (!ver || *ver < 2 || *ver > 3) return hide;
        for (size_t j = 2; j < argv.size(); ++j) {
            const size_t more = argv.size() - j - 1;
            if (argIs(argv[j], "auth") && more >= 2) {
                hide[j + 1] = hide[j + 2] = true;
                j += 2;
            } else if (argIs(argv[j], "setname") && more >= 1) {
                ++j;
            } else {
                break;
            }
        }
    }
    return hide;
}

}  // namespace

std::string formatLine(int64_t now_us, int db, std::string_view addr, std::span<const std::string> argv) {
    char ts[48];
    std::snprintf(ts, sizeof ts, "%lld.%06lld", static_cast<long long>(now_us / 1000000),
                  static_cast<long long>(now_us % 1000000));
    std::string line = "+";
    line += ts;
    line += " [" + std::to_string(db) + " ";
    line += addr;
    line += "]";
    const std::vector<bool> hide = redacted(argv);
    for (size_t j = 0; j < argv.size(); ++j) {
        line += ' ';
        line += hide[j] ? std::string("\"(redacted)\"") : resp::repr(argv[j]);
    }
    line += "\r\n";
    return line;
}

void feed(Engine& engine, const Client& c, std::span<const std::string> argv) {
    if (engine.monitors.empty()) return;
    // The wall time of the moment the command is shown (Redis reads gettimeofday here,
    // so the commands of one EXEC get increasing stamps on a real clock).
    const bool from_script = engine.script.caller && &c == engine.script.script_client;
    const std::string line = formatLine(engine.clock().nowUs(), c.db, from_script ? "lua" : c.addr, argv);
    for (uint64_t id : engine.monitors) {
        Client* m = engine.client(id);
        if (!m) continue;
        m->out += line;
        engine.notePush(*m);
    }
}

void beforeCall(Engine& engine, const Client& c, const CommandSpec& spec, std::span<const std::string> argv) {
    if (!engine.monitors.empty() && startsScript(spec)) feed(engine, c, argv);
}

void afterCall(Engine& engine, const Client& c, const CommandSpec& spec, std::span<const std::string> argv) {
    if (engine.monitors.empty()) return;
    if (spec.flags & (cmd::kSkipMonitor | cmd::kAdmin)) return;
    feed(engine, c, argv);
}

bool touchesKeyspace(const CommandSpec& spec, const CommandSpec* parent) {
    return (spec.flags & cmd::kReadonly) || CommandTable::mayReplicate(spec, parent);
}

void monitorCommand(CommandContext& ctx) {
    // A client running a transaction expects one reply per command: it cannot turn into
    // a stream (Redis's CLIENT_DENY_BLOCKING).
    if (ctx.client.in_exec) {
        ctx.reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
        return;
    }
    if (ctx.client.monitor) return;  // already monitoring: Redis replies nothing at all
    ctx.client.monitor = true;
    ctx.engine.monitors.push_back(ctx.client.id);
    ctx.reply.ok();
}

void stop(Engine& engine, Client& c) {
    if (!c.monitor) return;
    c.monitor = false;
    std::erase(engine.monitors, c.id);
}

namespace {

constexpr CommandSpec kMonitorCommands[] = {
    {
        .name = "monitor",
        .arity = 1,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .summary = "Stream every command the server runs, from any client, to this connection",
        .complexity = "O(1)",
        .group = "server",
        .since = "1.0.0",
        .handler = monitorCommand,
    },
};

}  // namespace
}  // namespace redsim::monitor

namespace redsim {
std::span<const CommandSpec> monitorCommands() { return monitor::kMonitorCommands; }
}  // namespace redsim
