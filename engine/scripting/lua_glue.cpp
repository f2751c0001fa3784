#include "engine/scripting/lua_glue.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/engine.h"
#include "engine/scripting/scripting.h"
#include "engine/scripting/sha1.h"

extern "C" {
#include <lua-bitop.h>
#include <lua-cjson.h>
}

namespace redsim::lua {

Scripting* self(lua_State* L) {
    lua_getfield(L, LUA_REGISTRYINDEX, kSelfKey);
    auto* s = static_cast<Scripting*>(lua_touserdata(L, -1));
    lua_pop(L, 1);
    return s;
}

// ---- read-only proxies --------------------------------------------------------------
namespace {

int readonlyNewindex(lua_State* L) { return luaL_error(L, "Attempt to modify a readonly table"); }

// Raised from C functions called directly (rawset, setmetatable): no position, as Redis's
// Lua raises it from inside the API call.
int readonlyPlain(lua_State* L) {
    lua_pushstring(L, "Attempt to modify a readonly table");
    return lua_error(L);
}

// Pushes the real table behind the proxy at `idx`, or nothing and false.
bool pushRealOf(lua_State* L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return false;
    lua_getfield(L, LUA_REGISTRYINDEX, kProxyToReal);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    lua_remove(L, -2);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return false;
    }
    return true;
}

// The error for a global that does not exist: (table, key).
int missingGlobal(lua_State* L) {
    const char* k = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", k ? k : "(null)");
}

int globalIndex(lua_State* L) {
    // __index of the globals proxy: (proxy, key).
    lua_getfield(L, LUA_REGISTRYINDEX, kRealGlobals);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    if (!lua_isnil(L, -1)) return 1;
    const char* k = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", k ? k : "(null)");
}

int wrapRawset(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (pushRealOf(L, 1)) return readonlyPlain(L);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

int wrapRawget(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    if (pushRealOf(L, 1)) lua_replace(L, 1);
    lua_settop(L, 2);
    lua_rawget(L, 1);
    return 1;
}

int wrapSetmetatable(lua_State* L) {
    if (pushRealOf(L, 1)) return readonlyPlain(L);
    lua_pushvalue(L, lua_upvalueindex(1));  // the original setmetatable
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

int wrapGetmetatable(lua_State* L) {
    luaL_checkany(L, 1);
    if (pushRealOf(L, 1)) {
        lua_pop(L, 1);
        lua_getfield(L, LUA_REGISTRYINDEX, kPublicMeta);
        lua_pushvalue(L, 1);
        lua_rawget(L, -2);
        return 1;
    }
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 1, 1);
    // A protected real table (the strings' metatable) is shown through its proxy.
    if (lua_istable(L, -1)) {
        lua_getfield(L, LUA_REGISTRYINDEX, kRealToProxy);
        lua_pushvalue(L, -2);
        lua_rawget(L, -2);
        if (!lua_isnil(L, -1)) return 1;
        lua_pop(L, 2);
    }
    return 1;
}

int wrapNext(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (pushRealOf(L, 1)) lua_replace(L, 1);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

int wrapPairs(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushvalue(L, lua_upvalueindex(1));  // our next
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

int wrapIpairs(lua_State* L) {
    luaL_checkany(L, 1);
    if (pushRealOf(L, 1)) lua_replace(L, 1);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 1, 3);
    return 3;
}

// pcall that hands back the message of an error table (Redis 7's redis.call raises
// {err=…}; scripts written for older versions expect a string from pcall).
int redisPcall(lua_State* L) {
    const int argc = lua_gettop(L);
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    if (lua_pcall(L, argc - 1, LUA_MULTRET, 0) != 0) {
        lua_remove(L, 1);
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "err");
            if (lua_isstring(L, -1))
                lua_replace(L, -2);
            else
                lua_pop(L, 1);
        }
        lua_pushboolean(L, 0);
        lua_insert(L, 1);
    }
    return lua_gettop(L);
}

// loadstring/load that refuse precompiled chunks. Redis's Lua has binary loading
// compiled out, so bytecode goes through the parser as text and fails on its first byte
// (ESC); we get the same message by parsing one space followed by that byte.
int loadChunk(lua_State* L, const char* data, size_t len, const char* chunkname) {
    int rc;
    if (len > 0 && data[0] == '\033')
        rc = luaL_loadbuffer(L, " \033", 2, chunkname);
    else
        rc = luaL_loadbuffer(L, data, len, chunkname);
    if (rc == 0) return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

int safeLoadstring(lua_State* L) {
    size_t len = 0;
    const char* s = luaL_checklstring(L, 1, &len);
    const char* chunkname = luaL_optstring(L, 2, s);
    return loadChunk(L, s, len, chunkname);
}

int safeLoad(lua_State* L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    const char* chunkname = luaL_optstring(L, 2, "=(load)");
    lua_settop(L, 2);
    // Collect the pieces the reader returns, as Lua's own load does.
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (;;) {
        lua_pushvalue(L, 1);
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            break;
        }
        if (!lua_isstring(L, -1)) return luaL_error(L, "reader function must return a string");
        if (lua_objlen(L, -1) == 0) {
            lua_pop(L, 1);
            break;
        }
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t len = 0;
    const char* data = lua_tolstring(L, -1, &len);
    return loadChunk(L, data, len, chunkname);
}

// ---- math.random: Redis's rand48, the same sequence on every machine -----------------
constexpr uint64_t kRandMask = (uint64_t(1) << 48) - 1;
int32_t nextRand48(Scripting* s) {
    s->rand48_state = (s->rand48_state * 0x5DEECE66Dull + 0xB) & kRandMask;
    return static_cast<int32_t>(s->rand48_state >> 17);
}

int mathRandom(lua_State* L) {
    Scripting* s = self(L);
    constexpr lua_Number kMax = 2147483647.0;
    const lua_Number r = static_cast<lua_Number>(nextRand48(s) % 2147483647) / kMax;
    switch (lua_gettop(L)) {
        case 0:
            lua_pushnumber(L, r);
            break;
        case 1: {
            const int u = luaL_checkint(L, 1);
            luaL_argcheck(L, 1 <= u, 1, "interval is empty");
            lua_pushnumber(L, std::floor(r * u) + 1);
            break;
        }
        case 2: {
            const int l = luaL_checkint(L, 1);
            const int u = luaL_checkint(L, 2);
            luaL_argcheck(L, l <= u, 2, "interval is empty");
            lua_pushnumber(L, std::floor(r * (u - l + 1)) + l);
            break;
        }
        default:
            return luaL_error(L, "wrong number of arguments");
    }
    return 1;
}

int mathRandomseed(lua_State* L) {
    const int seed = luaL_checkint(L, 1);
    self(L)->rand48_state = ((static_cast<uint64_t>(static_cast<uint32_t>(seed)) << 16) | 0x330E) & kRandMask;
    return 0;
}

// ---- the error handler ------------------------------------------------------------
// Turns any error into Redis's error table and notes where it happened: the function
// that raised it, or, when that was a C function (error(), redis.call), its caller.
int errorHandler(lua_State* L) {
    lua_Debug ar;
    bool have = false;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "nSl", &ar)) {
        have = true;
        if (ar.what && std::string_view(ar.what) == "C") have = lua_getstack(L, 2, &ar) && lua_getinfo(L, "nSl", &ar);
    }
    lua_settop(L, 1);
    if (!lua_istable(L, 1)) {
        lua_getfield(L, LUA_REGISTRYINDEX, "redsim.tostring");
        lua_pushvalue(L, 1);
        lua_call(L, 1, 1);
        lua_pushstring(L, "ERR ");
        lua_insert(L, -2);
        lua_concat(L, 2);
        lua_newtable(L);
        lua_pushstring(L, "err");
        lua_pushvalue(L, -3);
        lua_rawset(L, -3);
        lua_replace(L, 1);
        lua_settop(L, 1);
    }
    if (have) {
        lua_pushstring(L, ar.source);
        lua_setfield(L, 1, "source");
        lua_pushnumber(L, ar.currentline);
        lua_setfield(L, 1, "line");
    }
    return 1;
}

// ---- the redis table ----------------------------------------------------------------

int callGeneric(lua_State* L, bool raise) {
    Scripting* s = self(L);
    const int argc = lua_gettop(L);
    if (!s->currentRun()) {
        pushErrorTable(L, "redis.call/pcall can only be called inside a script invocation");
        return lua_error(L);
    }
    if (argc == 0) {
        pushErrorTable(L, "Please specify at least one argument for this redis lib call");
        return raise ? lua_error(L) : 1;
    }
    bool raise_now = false;
    {
        std::vector<std::string> argv;
        argv.reserve(static_cast<size_t>(argc));
        bool bad = false;
        for (int j = 1; j <= argc; ++j) {
            if (lua_type(L, j) == LUA_TNUMBER) {
                // %.17g rather than Lua's %.14g, so that numbers keep their precision.
                char buf[64];
                const int n = std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(lua_tonumber(L, j)));
                argv.emplace_back(buf, static_cast<size_t>(n));
            } else {
                size_t len = 0;
                const char* p = lua_tolstring(L, j, &len);
                if (!p) {
                    bad = true;
                    break;
                }
                argv.emplace_back(p, len);
            }
        }
        lua_pop(L, argc);
        if (bad) {
            pushErrorTable(L, "Lua redis lib command arguments must be strings or integers");
            raise_now = raise;
        } else {
            std::string err, out;
            int resp = 2;
            if (!s->callFromScript(argv, err, out, resp)) {
                pushErrorTable(L, err);
                lua_pushboolean(L, 1);  // counted by callFromScript already
                lua_setfield(L, -2, kIgnoreStats);
                raise_now = raise;
            } else {
                size_t pos = 0;
                resp::Reply r;
                if (resp::parseReply(out, pos, r) != resp::ParseStatus::Ok) r = resp::Reply::nil();
                raise_now = raise && r.type == resp::Reply::Type::Error;
                pushReply(L, r, resp);
            }
        }
    }
    if (raise_now) return lua_error(L);
    return 1;
}

int redisCall(lua_State* L) { return callGeneric(L, true); }
int redisPcallCmd(lua_State* L) { return callGeneric(L, false); }

int redisSha1hex(lua_State* L) {
    if (lua_gettop(L) != 1) {
        pushErrorTable(L, "wrong number of arguments");
        return lua_error(L);
    }
    size_t len = 0;
    const char* p = lua_tolstring(L, 1, &len);
    char hex[41];
    {
        const std::string h = sha1Hex(p ? std::string_view(p, len) : std::string_view());
        std::copy(h.begin(), h.end(), hex);
        hex[40] = 0;
    }
    lua_pushstring(L, hex);
    return 1;
}

int redisErrorReply(lua_State* L) {
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        pushErrorTable(L, "wrong number or type of arguments");
        return 1;
    }
    const char* e = lua_tostring(L, -1);
    if (e[0] == '-')
        pushErrorTable(L, e);
    else
        pushErrorTable(L, std::string("-") + e);
    return 1;
}

int redisStatusReply(lua_State* L) {
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        pushErrorTable(L, "wrong number or type of arguments");
        return 1;
    }
    lua_newtable(L);
    lua_pushstring(L, "ok");
    lua_pushvalue(L, -3);
    lua_settable(L, -3);
    return 1;
}

int raiseError(lua_State* L, const char* msg) {
    pushErrorTable(L, msg);
    return lua_error(L);
}

int redisLog(lua_State* L) {
    const int argc = lua_gettop(L);
    if (argc < 2) return raiseError(L, "redis.log() requires two arguments or more.");
    if (!lua_isnumber(L, 1)) return raiseError(L, "First argument must be a number (log level).");
    const int level = static_cast<int>(lua_tonumber(L, 1));
    if (level < 0 || level > 3) return raiseError(L, "Invalid debug level.");
    {
        std::string line;
        for (int j = 2; j <= argc; ++j) {
            size_t len = 0;
            const char* p = lua_tolstring(L, j, &len);
            if (!p) continue;
            if (j != 2) line += ' ';
            line.append(p, len);
        }
        self(L)->appendLog(level, std::move(line));
    }
    return 0;
}

int redisSetresp(lua_State* L) {
    Scripting* s = self(L);
    if (!s->currentRun()) return raiseError(L, "redis.setresp can only be called inside a script invocation");
    if (lua_gettop(L) != 1) return raiseError(L, "redis.setresp() requires one argument.");
    const int resp = static_cast<int>(lua_tonumber(L, 1));
    if (resp != 2 && resp != 3) return raiseError(L, "RESP version must be 2 or 3.");
    s->setScriptResp(resp);
    return 0;
}

int redisSetRepl(lua_State* L) {
    Scripting* s = self(L);
    if (!s->currentRun()) return raiseError(L, "redis.set_repl can only be called inside a script invocation");
    if (lua_gettop(L) != 1) return raiseError(L, "redis.set_repl() requires two arguments.");
    const int flags = static_cast<int>(lua_tonumber(L, -1));
    if ((flags & ~3) != 0)
        return raiseError(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
    // redsim has no replication or AOF yet: the flags are accepted and change nothing.
    return 0;
}

int redisReplicateCommands(lua_State* L) {
    // Always on since Redis 7.0 (scripts replicate their effects).
    lua_pushboolean(L, 1);
    return 1;
}

int redisAclCheckCmd(lua_State* L) {
    Scripting* s = self(L);
    if (!s->currentRun()) return raiseError(L, "redis.acl_check_cmd can only be called inside a script invocation");
    const int argc = lua_gettop(L);
    if (argc == 0) return raiseError(L, "Please specify at least one argument for this redis lib call");
    for (int j = 1; j <= argc; ++j)
        if (!lua_isstring(L, j)) return raiseError(L, "Lua redis lib command arguments must be strings or integers");
    bool known;
    {
        std::vector<std::string> argv;
        for (int j = 1; j <= argc; ++j) argv.emplace_back(lua_tostring(L, j));
        known = s->commandExists(argv);
    }
    if (!known) return raiseError(L, "Invalid command passed to redis.acl_check_cmd()");
    // redsim has one user with every permission (until ACLs exist).
    lua_pushboolean(L, 1);
    return 1;
}

int redisBreakpoint(lua_State* L) {
    // There is no script debugger (SCRIPT DEBUG) in redsim: as when it is off.
    lua_pushboolean(L, 0);
    return 1;
}

int redisDebug(lua_State*) { return 0; }

void setFunction(lua_State* L, const char* name, lua_CFunction f) {
    lua_pushcfunction(L, f);
    lua_setfield(L, -2, name);
}

void setNumber(lua_State* L, const char* name, lua_Number n) {
    lua_pushnumber(L, n);
    lua_setfield(L, -2, name);
}

void openLib(lua_State* L, const char* name, lua_CFunction open) {
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

}  // namespace

void pushReadonlyProxy(lua_State* L, int idx) {
    idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
    lua_newtable(L);  // the proxy
    lua_newtable(L);  // its metatable
    lua_pushvalue(L, idx);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonlyNewindex);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, kProxyToReal);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, idx);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, kRealToProxy);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

namespace {

// The Lua heap, counted, so EngineOptions::script_memory_limit can refuse to grow it.
struct LuaHeap {
    size_t used = 0;
    const Engine* engine = nullptr;
};

void* heapAlloc(void* ud, void* ptr, size_t osize, size_t nsize) {
    auto* h = static_cast<LuaHeap*>(ud);
    if (nsize == 0) {
        std::free(ptr);
        h->used -= osize;
        return nullptr;
    }
    const uint64_t limit = h->engine->scriptMemoryLimit();
    // Lua 5.1 treats a failed shrink as fatal, so only growth is refused.
    if (limit != 0 && nsize > osize && h->used - osize + nsize > limit) return nullptr;
    void* p = std::realloc(ptr, nsize);
    if (p) h->used = h->used - osize + nsize;
    return p;
}

int atPanic(lua_State* L) {
    // Lua gives up only outside a protected call, which our code never leaves a state in.
    (void)L;
    std::abort();
}

}  // namespace

void closeState(lua_State* L) {
    void* ud = nullptr;
    (void)lua_getallocf(L, &ud);
    lua_close(L);
    delete static_cast<LuaHeap*>(ud);
}

lua_State* newSandboxedState(Scripting* s, bool fixed_globals) {
    lua_State* L = lua_newstate(heapAlloc, new LuaHeap{.used = 0, .engine = &s->engine()});
    lua_atpanic(L, atPanic);
    lua_pushlightuserdata(L, s);
    lua_setfield(L, LUA_REGISTRYINDEX, kSelfKey);
    for (const char* key : {kProxyToReal, kRealToProxy, kPublicMeta}) {
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, key);
    }

    // The libraries Redis loads (no io, os, package, debug). cmsgpack and struct are not
    // packaged by Debian for Lua 5.1 (see docs/differences.md).
    openLib(L, "", luaopen_base);
    openLib(L, LUA_TABLIBNAME, luaopen_table);
    openLib(L, LUA_STRLIBNAME, luaopen_string);
    openLib(L, LUA_MATHLIBNAME, luaopen_math);
    lua_pushcfunction(L, luaopen_cjson);
    lua_call(L, 0, 1);
    lua_setglobal(L, "cjson");
    lua_pushcfunction(L, luaopen_bit);
    lua_pushstring(L, "bit");
    lua_call(L, 1, 1);
    lua_setglobal(L, "bit");

    // Globals Redis 7.0 does not leave to scripts.
    for (const char* name : {"dofile", "loadfile", "print", "getfenv", "setfenv", "newproxy", "module", "require"}) {
        lua_pushnil(L);
        lua_setglobal(L, name);
    }
    lua_getglobal(L, "tostring");
    lua_setfield(L, LUA_REGISTRYINDEX, "redsim.tostring");

    lua_pushcfunction(L, redisPcall);
    lua_setglobal(L, "pcall");
    lua_pushcfunction(L, safeLoadstring);
    lua_setglobal(L, "loadstring");
    lua_pushcfunction(L, safeLoad);
    lua_setglobal(L, "load");
    lua_pushcfunction(L, wrapRawset);
    lua_setglobal(L, "rawset");
    lua_pushcfunction(L, wrapRawget);
    lua_setglobal(L, "rawget");
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, wrapSetmetatable, 1);
    lua_setglobal(L, "setmetatable");
    lua_getglobal(L, "getmetatable");
    lua_pushcclosure(L, wrapGetmetatable, 1);
    lua_setglobal(L, "getmetatable");
    lua_pushcfunction(L, wrapNext);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "next");
    lua_pushcclosure(L, wrapPairs, 1);
    lua_setglobal(L, "pairs");
    lua_getglobal(L, "ipairs");
    lua_pushcclosure(L, wrapIpairs, 1);
    lua_setglobal(L, "ipairs");

    lua_getglobal(L, "math");
    setFunction(L, "random", mathRandom);
    setFunction(L, "randomseed", mathRandomseed);
    lua_pop(L, 1);

    // The redis table.
    lua_newtable(L);
    setFunction(L, "call", redisCall);
    setFunction(L, "pcall", redisPcallCmd);
    setFunction(L, "log", redisLog);
    setNumber(L, "LOG_DEBUG", 0);
    setNumber(L, "LOG_VERBOSE", 1);
    setNumber(L, "LOG_NOTICE", 2);
    setNumber(L, "LOG_WARNING", 3);
    lua_pushstring(L, "7.0.15");
    lua_setfield(L, -2, "REDIS_VERSION");
    setNumber(L, "REDIS_VERSION_NUM", 0x07000f);
    setFunction(L, "setresp", redisSetresp);
    setFunction(L, "sha1hex", redisSha1hex);
    setFunction(L, "error_reply", redisErrorReply);
    setFunction(L, "status_reply", redisStatusReply);
    setFunction(L, "set_repl", redisSetRepl);
    setNumber(L, "REPL_NONE", 0);
    setNumber(L, "REPL_AOF", 1);
    setNumber(L, "REPL_SLAVE", 2);
    setNumber(L, "REPL_REPLICA", 2);
    setNumber(L, "REPL_ALL", 3);
    setFunction(L, "replicate_commands", redisReplicateCommands);
    setFunction(L, "acl_check_cmd", redisAclCheckCmd);
    setFunction(L, "breakpoint", redisBreakpoint);
    setFunction(L, "debug", redisDebug);
    lua_setglobal(L, "redis");

    lua_pushcfunction(L, errorHandler);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, kErrHandler);
    lua_setglobal(L, "__redis__err__handler");

    // Read-only from here on: each library table is replaced by its proxy, the strings'
    // metatable looks up methods through the string proxy, and the globals themselves
    // become a proxy whose misses raise Redis's "nonexistent global variable" error.
    lua_pushvalue(L, LUA_GLOBALSINDEX);
    const int real = lua_gettop(L);
    lua_pushvalue(L, real);
    lua_setfield(L, LUA_REGISTRYINDEX, kRealGlobals);
    for (const char* lib : {"string", "math", "table", "coroutine", "cjson", "bit", "redis"}) {
        lua_getfield(L, real, lib);
        pushReadonlyProxy(L, -1);
        lua_setfield(L, real, lib);
        lua_pop(L, 1);
    }
    lua_pushstring(L, "");
    lua_getmetatable(L, -1);  // the strings' metatable
    lua_getfield(L, real, "string");
    lua_setfield(L, -2, "__index");
    pushReadonlyProxy(L, -1);
    lua_pop(L, 3);

    lua_newtable(L);  // the globals proxy
    const int proxy = lua_gettop(L);
    lua_newtable(L);  // its metatable
    const int meta = lua_gettop(L);
    if (fixed_globals) {
        // proxy -> real globals (a plain table lookup) -> missingGlobal for absent names.
        lua_pushvalue(L, real);
        lua_setfield(L, meta, "__index");
        lua_newtable(L);
        lua_pushcfunction(L, missingGlobal);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, real);
    } else {
        lua_pushcfunction(L, globalIndex);
        lua_setfield(L, meta, "__index");
    }
    lua_pushcfunction(L, readonlyNewindex);
    lua_setfield(L, meta, "__newindex");
    lua_pushvalue(L, meta);
    lua_setmetatable(L, proxy);
    lua_getfield(L, LUA_REGISTRYINDEX, kProxyToReal);
    lua_pushvalue(L, proxy);
    lua_pushvalue(L, real);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, kPublicMeta);  // getmetatable(_G): the metatable, read-only
    lua_pushvalue(L, proxy);
    pushReadonlyProxy(L, meta);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_pushvalue(L, proxy);
    lua_setfield(L, real, "_G");
    lua_pushvalue(L, proxy);
    lua_replace(L, LUA_GLOBALSINDEX);
    lua_settop(L, 0);
    return L;
}

}  // namespace redsim::lua
