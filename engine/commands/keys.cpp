// Generic key commands (Redis's db.c and object.c): existence, deletion, renaming,
// copying between databases, KEYS and the SCAN cursor, RANDOMKEY and OBJECT.
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/commands/scan.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/util/glob.h"

namespace redsim {
namespace {

void delGeneric(CommandContext& ctx) {
    long long deleted = 0;
    for (size_t j = 1; j < ctx.argc(); ++j) {
        ctx.db().expireIfNeeded(ctx.arg(j));
        if (ctx.db().remove(ctx.arg(j))) {
            ctx.keyModified(ctx.arg(j));
            ctx.notify(notify::kGeneric, "del", ctx.arg(j));
            ++deleted;
        }
    }
    ctx.engine.dirty += static_cast<uint64_t>(deleted);
    ctx.reply.integer(deleted);
}

void delCommand(CommandContext& ctx) { delGeneric(ctx); }
// DIFFERS FROM REDIS: UNLINK frees values at once; there is no lazy-free thread to watch.
void unlinkCommand(CommandContext& ctx) { delGeneric(ctx); }

// EXISTS counts without touching the keys' access data; TOUCH is the same count but
// refreshes it (that is its purpose).
void countExisting(CommandContext& ctx, bool touch) {
    long long count = 0;
    for (size_t j = 1; j < ctx.argc(); ++j)
        if (ctx.db().lookupRead(ctx.arg(j), touch)) ++count;
    ctx.reply.integer(count);
}

void existsCommand(CommandContext& ctx) { countExisting(ctx, false); }
void touchCommand(CommandContext& ctx) { countExisting(ctx, true); }

void typeCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1), false);
    ctx.reply.status(o ? typeName(o->type()) : "none");
}

void keysCommand(CommandContext& ctx) {
    const std::string& pattern = ctx.arg(1);
    const bool all = pattern == "*";
    Db& db = ctx.db();
    if (globIsLiteral(pattern)) {  // no wildcard: one lookup instead of a full walk
        const bool found = db.peek(pattern) && !db.isExpired(pattern);
        ctx.reply.arrayLen(found ? 1 : 0);
        if (found) ctx.reply.bulk(pattern);
        return;
    }
    const size_t where = ctx.reply.deferLen();
    size_t n = 0;
    db.keys().forEach([&](const auto& entry) {
        if ((all || globMatch(pattern, entry.key)) && !db.isExpired(entry.key)) {
            ctx.reply.bulk(entry.key);
            ++n;
        }
    });
    ctx.reply.setArrayLen(where, n);
}

void scanCommand(CommandContext& ctx) {
    if (auto cursor = scanCursorArg(ctx, 1)) scanGeneric(ctx, nullptr, *cursor, 2);
}

void randomkeyCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    // dbRandomKey: pick again while the key picked has expired (deleting it). Redis gives
    // up after 100 tries only on a replica, which cannot delete; a master always deletes.
    while (db.size() > 0) {
        auto* entry = db.keys().fairRandomEntry(ctx.engine.rng());
        if (!entry) break;
        std::string key = entry->key;
        if (db.expireIfNeeded(key)) continue;
        ctx.reply.bulk(key);
        return;
    }
    ctx.reply.null();
}

void renameGeneric(CommandContext& ctx, bool nx) {
    Db& db = ctx.db();
    const std::string& from = ctx.arg(1);
    const std::string& to = ctx.arg(2);
    if (!db.lookupWrite(from)) {
        ctx.reply.error(err::kNoSuchKey);
        return;
    }
    if (from == to) {
        if (nx)
            ctx.reply.integer(0);
        else
            ctx.reply.ok();
        return;
    }
    if (db.lookupWrite(to)) {
        if (nx) {
            ctx.reply.integer(0);
            return;
        }
        db.remove(to);
    }
    auto taken = db.take(from);
    db.add(to, std::move(taken->first), /*keep_access=*/true);
    if (taken->second >= 0) db.setExpire(to, taken->second);
    // The destination's "new" came from add(); then the pair of events, as Redis.
    ctx.keyModified(from);
    ctx.keyModified(to);
    ctx.notify(notify::kGeneric, "rename_from", from);
    ctx.notify(notify::kGeneric, "rename_to", to);
    ++ctx.engine.dirty;
    if (nx)
        ctx.reply.integer(1);
    else
        ctx.reply.ok();
}

void renameCommand(CommandContext& ctx) { renameGeneric(ctx, false); }
void renamenxCommand(CommandContext& ctx) { renameGeneric(ctx, true); }

void moveCommand(CommandContext& ctx) {
    auto dbid = dbIndexArg(ctx, 2);
    if (!dbid) return;
    Db& src = ctx.db();
    Db& dst = ctx.engine.db(*dbid);
    if (&src == &dst) {
        ctx.reply.error(err::kSameObject);
        return;
    }
    const std::string& key = ctx.arg(1);
    if (!src.lookupWrite(key) || dst.lookupWrite(key)) {
        ctx.reply.integer(0);
        return;
    }
    auto taken = src.take(key);
    dst.add(key, std::move(taken->first), /*keep_access=*/true);
    if (taken->second >= 0) dst.setExpire(key, taken->second);
    // Each event goes to its own db: move_from in the source, move_to in the target.
    ctx.keyModified(key);
    ctx.engine.signalModifiedKey(dst.id(), key);
    ctx.notify(notify::kGeneric, "move_from", key);
    ctx.engine.notifyKeyspaceEvent(notify::kGeneric, "move_to", key, dst.id());
    ++ctx.engine.dirty;
    ctx.reply.integer(1);
}

void copyCommand(CommandContext& ctx) {
    bool replace = false;
    Db* dst = &ctx.db();
    for (size_t j = 3; j < ctx.argc(); ++j) {
        const bool additional = j + 1 < ctx.argc();
        if (argIs(ctx.arg(j), "replace")) {
            replace = true;
        } else if (argIs(ctx.arg(j), "db") && additional) {
            auto dbid = dbIndexArg(ctx, j + 1);
            if (!dbid) return;
            dst = &ctx.engine.db(*dbid);
            ++j;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    Db& src = ctx.db();
    const std::string& key = ctx.arg(1);
    const std::string& newkey = ctx.arg(2);
    if (&src == dst && key == newkey) {
        ctx.reply.error(err::kSameObject);
        return;
    }
    Object* o = src.lookupRead(key);
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    Object copy = o->duplicate(ctx.engine.rng(), ctx.engine.hashSeed());
    const int64_t expire = src.expireAt(key);
    if (dst->lookupWrite(newkey)) {
        if (!replace) {
            ctx.reply.integer(0);
            return;
        }
        dst->remove(newkey);
    }
    dst->add(newkey, std::move(copy));
    if (expire >= 0) dst->setExpire(newkey, expire);
    ctx.engine.signalModifiedKey(dst->id(), newkey);
    ctx.engine.notifyKeyspaceEvent(notify::kGeneric, "copy_to", newkey, dst->id());
    ++ctx.engine.dirty;
    ctx.reply.integer(1);
}

// OBJECT looks keys up without touching their access data (LOOKUP_NOTOUCH).
Object* objectLookup(CommandContext& ctx) {
    // Nor does a miss publish "keymiss" (LOOKUP_NONOTIFY).
    Object* o = ctx.db().lookupRead(ctx.arg(2), false, /*notify_miss=*/false);
    if (!o) ctx.reply.null();
    return o;
}

void objectEncodingCommand(CommandContext& ctx) {
    if (Object* o = objectLookup(ctx)) ctx.reply.bulk(encodingName(o->encoding()));
}

void objectRefcountCommand(CommandContext& ctx) {
    if (Object* o = objectLookup(ctx)) ctx.reply.integer(o->refcount());
}

void objectIdletimeCommand(CommandContext& ctx) {
    Object* o = objectLookup(ctx);
    if (!o) return;
    if (ctx.engine.cfg().lfuPolicy()) {
        ctx.reply.error(
            "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching "
            "between policies at runtime LRU and LFU data will take some time to adjust.");
        return;
    }
    ctx.reply.integer(ctx.db().idleMs(*o) / 1000);
}

void objectFreqCommand(CommandContext& ctx) {
    Object* o = objectLookup(ctx);
    if (!o) return;
    if (!ctx.engine.cfg().lfuPolicy()) {
        ctx.reply.error(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when "
            "switching between policies at runtime LRU and LFU data will take some time to adjust.");
        return;
    }
    ctx.reply.integer(ctx.db().lfuDecrAndReturn(*o));
}

void objectHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("OBJECT", {
                                      "ENCODING <key>",
                                      "    Return the kind of internal representation used in order to store the value",
                                      "    associated with a <key>.",
                                      "FREQ <key>",
                                      "    Return the access frequency index of the <key>. The returned integer is",
                                      "    proportional to the logarithm of the recent access frequency of the key.",
                                      "IDLETIME <key>",
                                      "    Return the idle time of the <key>, that is the approximated number of",
                                      "    seconds elapsed since the last access to the key.",
                                      "REFCOUNT <key>",
                                      "    Return the number of references of the value associated with the specified",
                                      "    <key>.",
                                  });
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr KeySpec kDelKeys[] = {{.flags = "RM delete", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kUnlinkKeys[] = {{.flags = "RM delete", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kExistsKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kTypeKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kRenameKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "OW update", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kRenamenxKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "OW insert", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kCopyKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
                                 {.flags = "OW update", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kMoveKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kTouchKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kObjectFreqKeys[] = {{.flags = "RO", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kObjectIdletimeKeys[] = {{.flags = "RO", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kObjectRefcountKeys[] = {{.flags = "RO", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kObjectEncodingKeys[] = {{.flags = "RO", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kObjectSubcommands[] = {
    {
        .name = "encoding",
        .arity = 3,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .keys = kObjectEncodingKeys,
        .syntax = "key",
        .summary = "Name the internal representation of a key's value",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.2.3",
        .tips = "nondeterministic_output",
        .handler = objectEncodingCommand,
    },
    {
        .name = "freq",
        .arity = 3,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .keys = kObjectFreqKeys,
        .syntax = "key",
        .summary = "Show the LFU access-frequency counter of a key's value",
        .complexity = "O(1)",
        .group = "generic",
        .since = "4.0.0",
        .tips = "nondeterministic_output",
        .handler = objectFreqCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kKeyspace,
        .summary = "List the OBJECT subcommands",
        .complexity = "O(1)",
        .group = "generic",
        .since = "6.2.0",
        .handler = objectHelpCommand,
    },
    {
        .name = "idletime",
        .arity = 3,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .keys = kObjectIdletimeKeys,
        .syntax = "key",
        .summary = "Show the seconds since a key's value was last read or written",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.2.3",
        .tips = "nondeterministic_output",
        .handler = objectIdletimeCommand,
    },
    {
        .name = "refcount",
        .arity = 3,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .keys = kObjectRefcountKeys,
        .syntax = "key",
        .summary = "Show how many references point at a key's value",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.2.3",
        .tips = "nondeterministic_output",
        .handler = objectRefcountCommand,
    },
};

constexpr CommandSpec kKeyCommands[] = {
    {
        .name = "del",
        .arity = -2,
        .flags = cmd::kWrite,
        .acl = acl::kKeyspace,
        .keys = kDelKeys,
        .syntax = "key [key ...]",
        .summary = "Remove one or more keys, freeing their values right away",
        .complexity = "O(N) in the number of keys; a collection costs O(M) in its number of elements",
        .group = "generic",
        .since = "1.0.0",
        .tips = "request_policy:multi_shard response_policy:agg_sum",
        .handler = delCommand,
    },
    {
        .name = "unlink",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kUnlinkKeys,
        .syntax = "key [key ...]",
        .summary = "Remove one or more keys; large values are freed in the background",
        .complexity = "O(1) per key removed; Redis frees large values later in another thread",
        .group = "generic",
        .since = "4.0.0",
        .tips = "request_policy:multi_shard response_policy:agg_sum",
        .handler = unlinkCommand,
    },
    {
        .name = "exists",
        .arity = -2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kExistsKeys,
        .syntax = "key [key ...]",
        .summary = "Count how many of the given keys exist",
        .complexity = "O(N) where N is the number of keys to check.",
        .group = "generic",
        .since = "1.0.0",
        .tips = "request_policy:multi_shard response_policy:agg_sum",
        .handler = existsCommand,
    },
    {
        .name = "type",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kTypeKeys,
        .syntax = "key",
        .summary = "Name the type of the value stored at a key",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .handler = typeCommand,
    },
    {
        .name = "keys",
        .arity = 2,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace | acl::kDangerous,
        .syntax = "pattern",
        .summary = "List every key whose name matches a glob pattern (walks the whole keyspace)",
        .complexity = "O(N) in the number of keys in the database (every key is matched)",
        .group = "generic",
        .since = "1.0.0",
        .tips = "request_policy:all_shards nondeterministic_output_order",
        .handler = keysCommand,
    },
    {
        .name = "scan",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .syntax = "cursor [MATCH pattern] [COUNT count] [TYPE type]",
        .summary = "Walk the keyspace a few buckets at a time with a cursor",
        .complexity = "O(1) per call; O(N) for a full iteration back to cursor 0",
        .group = "generic",
        .since = "2.8.0",
        .tips = "nondeterministic_output request_policy:special",
        .handler = scanCommand,
    },
    {
        .name = "randomkey",
        .arity = 1,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .summary = "Pick a key at random",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .tips = "request_policy:all_shards nondeterministic_output",
        .handler = randomkeyCommand,
    },
    {
        .name = "rename",
        .arity = 3,
        .flags = cmd::kWrite,
        .acl = acl::kKeyspace,
        .keys = kRenameKeys,
        .syntax = "key newkey",
        .summary = "Give a key a new name, replacing any key already called that",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .handler = renameCommand,
    },
    {
        .name = "renamenx",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kRenamenxKeys,
        .syntax = "key newkey",
        .summary = "Give a key a new name only if no key has that name yet",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .handler = renamenxCommand,
    },
    {
        .name = "copy",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kKeyspace,
        .keys = kCopyKeys,
        .syntax = "source destination [DB destination-db] [REPLACE]",
        .summary = "Duplicate the value of a key under another name, optionally in another database",
        .complexity = "O(1) for strings; O(N) in the number of items for collections",
        .group = "generic",
        .since = "6.2.0",
        .handler = copyCommand,
    },
    {
        .name = "move",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kMoveKeys,
        .syntax = "key db",
        .summary = "Move a key to another database if it is not there already",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .handler = moveCommand,
    },
    {
        .name = "touch",
        .arity = -2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kTouchKeys,
        .syntax = "key [key ...]",
        .summary = "Mark keys as just used (updates their idle time) and count those that exist",
        .complexity = "O(N) where N is the number of keys that will be touched.",
        .group = "generic",
        .since = "3.2.1",
        .tips = "request_policy:multi_shard response_policy:agg_sum",
        .handler = touchCommand,
    },
    {
        .name = "object",
        .arity = -2,
        .flags = 0,
        .summary = "Look inside the object stored at a key",
        .complexity = "Depends on subcommand.",
        .group = "generic",
        .since = "2.2.3",
        .handler = nullptr,
        .subcommands = kObjectSubcommands,
    },
};

}  // namespace

std::span<const CommandSpec> keyCommands() { return kKeyCommands; }

}  // namespace redsim
