// MONITOR (Redis's replicationFeedMonitors): a client that sent MONITOR receives, as a
// status line, every command any client runs from then on:
//
//   +1700000000.123456 [0 127.0.0.1:50312] "set" "k" "v"
//
// seconds.microseconds of the engine clock when the command finished, the db the
// client is in afterwards, its address (`lua` for a command a script ran, `embedded` for
// the REPL's own clients), then the arguments as typed, quoted as sdscatrepr does.
//
// What is not shown, as in Redis 7.0: commands refused before they ran (unknown, wrong
// arity, NOAUTH, …), commands only queued by MULTI (they appear when EXEC runs them,
// before the "exec" line), and admin commands (CONFIG, DEBUG, CLIENT LIST/KILL, MONITOR
// itself…). EVAL/EVALSHA/FCALL are shown when they start, so the commands the script
// runs follow them. The passwords of AUTH and HELLO … AUTH are shown as "(redacted)".
//
// A monitor client is a replica to Redis: commands that read or write keys are refused
// ("Replica can't interact with the keyspace"); PING, CLIENT SETNAME, SUBSCRIBE… still run,
// and RESET leaves monitor mode.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace redsim {

class Engine;
struct Client;
struct CommandSpec;
struct CommandContext;

namespace monitor {

// One line, with its "+" and "\r\n".
std::string formatLine(int64_t now_us, int db, std::string_view addr, std::span<const std::string> argv);

// Called by Engine::execute once `spec` ran for `c` (after its handler): feeds the
// monitors unless the command is admin or skip-monitor.
void afterCall(Engine& engine, const Client& c, const CommandSpec& spec, std::span<const std::string> argv);
// Called by Engine::execute before the handler: EVAL and FCALL are shown as they start.
void beforeCall(Engine& engine, const Client& c, const CommandSpec& spec, std::span<const std::string> argv);

// Sends the line for `argv` to every monitor client.
void feed(Engine& engine, const Client& c, std::span<const std::string> argv);

// The commands a monitor client may not run: those that read or write keys, or may be
// replicated (Redis's may_replicate flag, which COMMAND INFO does not show: EVAL,
// EVALSHA, FCALL, PUBLISH, SPUBLISH).
bool touchesKeyspace(const CommandSpec& spec, const CommandSpec* parent);

// MONITOR's handler.
void monitorCommand(CommandContext& ctx);

// Leaving monitor mode (RESET, a client that goes away).
void stop(Engine& engine, Client& c);

}  // namespace monitor
}  // namespace redsim
