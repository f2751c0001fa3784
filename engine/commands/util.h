// Helpers shared by command handlers: argument parsing that replies Redis's error on
// failure (getLongLongFromObjectOrReply and friends), type checks, and the rule that
// picks a string's encoding (tryObjectEncoding).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/commands/command.h"
#include "engine/object.h"

namespace redsim {

// Redis's tryObjectEncoding for a value about to be stored: int for canonical integers of
// at most 20 chars (shared for 0..9999 unless an LRU/LFU policy is set), embstr up to
// 44 bytes, raw above.
Object encodeStringValue(const Engine& engine, std::string value);
// createStringObjectFromLongLongForValue: shared or int.
Object integerValue(const Engine& engine, long long v);

// Parse argv[i] as an integer; on failure reply `error` (default: not an integer) and
// return nullopt.
std::optional<long long> intArg(CommandContext& ctx, size_t i, std::string_view error = {});
std::optional<long double> longDoubleArg(CommandContext& ctx, size_t i);

// getTimeoutFromObjectOrReply: a blocking command's timeout, in seconds (a float:
// BLPOP…) or milliseconds (an integer: XREAD BLOCK). Returns the deadline on the engine
// clock in ms, 0 for "no timeout", or nullopt after replying Redis's error.
std::optional<int64_t> blockTimeoutArg(CommandContext& ctx, size_t i, bool seconds);
// False where a command may not block (inside EXEC or a script): it then answers what
// a timeout answers at once.
bool mayBlock(const CommandContext& ctx);

// A database index argument (SELECT, MOVE, COPY … DB): an integer within int's range
// and below `databases`; otherwise replies Redis's error and returns nullopt.
std::optional<int> dbIndexArg(CommandContext& ctx, size_t i);

// If `o` is not of type `t`, reply WRONGTYPE and return true.
bool wrongType(CommandContext& ctx, const Object* o, ObjType t);

// Replies a string object's bytes as a bulk string without copying raw/embstr values.
void replyString(ReplyWriter& reply, const Object& o);

// CLIENT SETNAME's rule (also HELLO SETNAME): printable ASCII without spaces. Replies the
// error and returns false otherwise.
bool checkClientName(CommandContext& ctx, std::string_view name);

// What the *STORE commands (SINTERSTORE, ZUNIONSTORE, ZRANGESTORE…) do with their
// result: a non-empty one (n > 0 elements in `value`) replaces `key`, dropping its TTL as
// setKey does; an empty one (n == 0, `value` unused and may be nullopt) deletes `key`.
// Replies n and counts one change (dirty) when the keyspace changed. With an `event`, it
// also publishes it (class `type`) for a stored result, or "del" for a deleted key.
void storeOrDelete(CommandContext& ctx, const std::string& key, std::optional<Object> value, size_t n,
                   uint32_t type = 0, std::string_view event = {});

// For replies of unbounded length (SRANDMEMBER, HRANDFIELD and ZRANDMEMBER with a huge
// negative count): true once the reply written since `reply_start` has pushed the
// client's pending output past the normal clients' hard output limit, or past 64 MB when
// no limit is configured. The partial reply is then dropped and the client is closed, as
// Redis closes a client over its output limit; the caller must stop writing.
// DIFFERS FROM REDIS: with no limit configured Redis goes on until the server runs out
// of memory (`SRANDMEMBER s -1000000000000000` gets it killed); redsim stops at 64 MB.
bool replyOverflowed(CommandContext& ctx, size_t reply_start);

// The write stream (engine/propagate.h). A handler whose effect must be written in
// another form than the command line typed calls propagateAs() with that form, once or
// several times (Redis's rewriteClientCommandVector / alsoPropagate): EXPIRE k 10 is
// written PEXPIREAT k <ms>, SPOP s 2 as two SREMs. Call it only when the command changed
// something. The operations carry the client's current database.
void propagateAs(CommandContext& ctx, std::vector<std::string> argv);
// A key a command deleted because its new deadline has already passed (EXPIRE k -1,
// GETEX k EXAT 1): DEL, or UNLINK with lazyfree-lazy-expire, as Redis writes it.
void propagateExpiredDelete(CommandContext& ctx, const std::string& key);
// A number as the decimal text the write stream carries (deadlines, counts).
inline std::string decimal(long long v) { return std::to_string(v); }

// Case-insensitive comparison of an argument with an option name.
bool argIs(const std::string& arg, std::string_view option);
// addReplySubcommandSyntaxError: "ERR unknown subcommand or wrong number of arguments for
// '<argv[1], at most 128 bytes>'. Try <ARGV[0]> HELP."
void subcommandSyntaxError(CommandContext& ctx);

// getPositiveLongFromObjectOrReply: argument i as a number >= 0, else replies `error`
// (Redis uses the same text for "not a number" and "negative").
std::optional<long long> nonNegativeArg(CommandContext& ctx, size_t i, std::string_view error);

}  // namespace redsim
