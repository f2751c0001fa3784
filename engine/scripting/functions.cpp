// Functions (Redis 7's functions.c and function_lua.c): libraries of named Lua
// functions, loaded with FUNCTION LOAD and called with FCALL.
//
// A library's code starts with "#!lua name=<library>" and, when run once at load time,
// calls redis.register_function for each function it offers. At load time the code sees
// only a small `redis` table (register_function, log, the LOG_* levels and the version):
// no redis.call, no other globals. Afterwards each registered callback runs like an
// EVAL script, with (keys, args) as its two arguments instead of KEYS/ARGV globals.
//
// FUNCTION DUMP serializes every library as Redis does: for each one the RDB opcode
// FUNCTION2 (245) and its code as an RDB string (LZF-compressed when that helps), then
// the RDB version (10) as two little-endian bytes and a CRC64 (Jones) of everything
// before, little-endian. FUNCTION RESTORE reads the same, from redsim or from Redis.
#include <lzf.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "engine/commands/command.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/persist/crc64.h"
#include "engine/scripting/lua_glue.h"
#include "engine/scripting/scripting.h"
#include "engine/util/numbers.h"
#include "engine/util/text.h"

namespace redsim {
namespace {

constexpr const char* kLoadApiKey = "redsim.load_api";  // registry: the load-time globals
constexpr const char* kRunApiKey = "redsim.run_api";    // registry: the normal globals
constexpr int64_t kLoadTimeoutUs = 500 * 1000;          // Redis's FUNCTION LOAD timeout
constexpr uint8_t kOpcodeFunction2 = 245;
constexpr uint8_t kOpcodeFunctionPreGa = 246;
constexpr uint16_t kRdbVersion = 10;

bool validName(std::string_view s) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string lowerCopy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = asciiLower(c);
    return out;
}

// ---- redis.register_function -----------------------------------------------------

struct ShebangFlagName {
    const char* name;
    uint32_t flag;
};
constexpr ShebangFlagName kFunctionFlags[] = {
    {"no-writes", script_flag::kNoWrites},
    {"allow-oom", script_flag::kAllowOom},
    {"allow-stale", script_flag::kAllowStale},
    {"no-cluster", script_flag::kNoCluster},
    {"allow-cross-slot-keys", script_flag::kAllowCrossSlot},
};

// Reads register_function's arguments into `f` (its callback is left on the stack top).
// Returns an error message, or nullptr.
const char* readRegisterArgs(lua_State* L, LuaFunction& f, bool& have_name, bool& have_callback) {
    const int argc = lua_gettop(L);
    if (argc < 1 || argc > 2) return "wrong number of arguments to redis.register_function";
    if (argc == 2) {
        if (!lua_isstring(L, 1)) return "first argument to redis.register_function must be a string";
        if (!lua_isfunction(L, 2)) return "second argument to redis.register_function must be a function";
        f.name = lua_tostring(L, 1);
        have_name = have_callback = true;
        lua_pushvalue(L, 2);
        return nullptr;
    }
    if (!lua_istable(L, 1))
        return "calling redis.register_function with a single argument is only applicable to Lua table (representing "
               "named arguments).";
    lua_pushnil(L);  // stack: table, (callback slot pushed at the end)
    int callback_idx = 0;
    while (lua_next(L, 1)) {
        // stack: table, [callback], key, value
        if (lua_type(L, -2) != LUA_TSTRING && lua_type(L, -2) != LUA_TNUMBER)
            return "named argument key given to redis.register_function is not a string";
        lua_pushvalue(L, -2);
        const std::string key = lowerCopy(lua_tostring(L, -1));
        lua_pop(L, 1);
        if (key == "function_name") {
            if (!lua_isstring(L, -1)) return "function_name argument given to redis.register_function must be a string";
            f.name = lua_tostring(L, -1);
            have_name = true;
        } else if (key == "description") {
            if (!lua_isstring(L, -1)) return "description argument given to redis.register_function must be a string";
            f.description = lua_tostring(L, -1);
        } else if (key == "callback") {
            if (!lua_isfunction(L, -1)) return "callback argument given to redis.register_function must be a function";
            lua_pushvalue(L, -1);
            lua_setfield(L, LUA_REGISTRYINDEX, "redsim.pending_callback");
            callback_idx = 1;
            have_callback = true;
        } else if (key == "flags") {
            if (!lua_istable(L, -1))
                return "flags argument to redis.register_function must be a table representing function flags";
            for (int j = 1;; ++j) {
                lua_rawgeti(L, -1, j);
                if (lua_isnil(L, -1)) {
                    lua_pop(L, 1);
                    break;
                }
                if (!lua_isstring(L, -1)) return "unknown flag given";
                const std::string flag = lowerCopy(lua_tostring(L, -1));
                lua_pop(L, 1);
                auto it = std::find_if(std::begin(kFunctionFlags), std::end(kFunctionFlags),
                                       [&](const ShebangFlagName& k) { return flag == k.name; });
                if (it == std::end(kFunctionFlags)) return "unknown flag given";
                f.flags |= it->flag;
            }
        } else {
            return "unknown argument given to redis.register_function";
        }
        lua_pop(L, 1);
    }
    if (!have_name) return "redis.register_function must get a function name argument";
    if (!callback_idx) return "redis.register_function must get a callback argument";
    lua_getfield(L, LUA_REGISTRYINDEX, "redsim.pending_callback");
    return nullptr;
}

int registerFunction(lua_State* L) {
    Scripting* s = lua::self(L);
    if (!s->pending_functions) {
        lua::pushErrorTable(L, "redis.register_function can only be called on FUNCTION LOAD command");
        return lua_error(L);
    }
    bool failed = false;
    {
        LuaFunction f;
        bool have_name = false, have_callback = false;
        const char* err = readRegisterArgs(L, f, have_name, have_callback);
        if (!err && !validName(f.name))
            err =
                "Library names can only contain letters, numbers, or underscores(_) and must be at least one "
                "character long";
        if (!err) {
            // (Case-sensitive within a library, as Redis's library dict.)
            for (const auto& p : *s->pending_functions)
                if (p.name == f.name) err = "Function already exists in the library";
        }
        if (err) {
            lua::pushErrorTable(L, err);
            failed = true;
        } else {
            f.ref = luaL_ref(L, LUA_REGISTRYINDEX);  // the callback on top
            s->pending_functions->push_back(std::move(f));
        }
    }
    if (failed) return lua_error(L);
    return 0;
}

// The load-time budget: FUNCTION LOAD gives up after 500 ms, or at the engine's
// instruction limit (EngineOptions::script_instruction_limit; on a virtual clock the
// 500 ms never pass).
void loadHook(lua_State* L, lua_Debug*) {
    Scripting* s = lua::self(L);
    {  // lua_error longjmps: no C++ object may live in this frame when it is called
        const uint64_t limit = s->engine().scriptInstructionLimit();
        std::string stop;
        if (limit > 0) {
            s->load_instructions += static_cast<uint64_t>(s->hookStep());
            if (s->load_instructions >= limit) stop = Scripting::instructionLimitError(limit);
        }
        if (stop.empty() && s->engine().clock().nowUs() - s->load_start_us > kLoadTimeoutUs)
            stop = "FUNCTION LOAD timeout";
        if (stop.empty()) return;
        lua_sethook(L, loadHook, LUA_MASKLINE, 0);
        lua::pushErrorTable(L, stop);
    }
    lua_error(L);
}

// A table whose missing fields raise the "nonexistent global variable" error (the
// load-time redis table), read-only like the rest.
int strictIndex(lua_State* L) {
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    if (!lua_isnil(L, -1)) return 1;
    const char* k = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", k ? k : "(null)");
}

void pushStrict(lua_State* L, int real) {
    real = real < 0 ? lua_gettop(L) + real + 1 : real;
    lua::pushReadonlyProxy(L, real);
    lua_getmetatable(L, -1);
    lua_pushvalue(L, real);
    lua_pushcclosure(L, strictIndex, 1);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}

// ---- RDB bits for FUNCTION DUMP / RESTORE --------------------------------------------

void putLen(std::string& out, uint64_t len) {
    if (len < 64) {
        out += static_cast<char>(len);
    } else if (len < 16384) {
        out += static_cast<char>(0x40 | (len >> 8));
        out += static_cast<char>(len & 0xFF);
    } else if (len <= UINT32_MAX) {
        out += static_cast<char>(0x80);
        for (int i = 3; i >= 0; --i) out += static_cast<char>((len >> (8 * i)) & 0xFF);
    } else {
        out += static_cast<char>(0x81);
        for (int i = 7; i >= 0; --i) out += static_cast<char>((len >> (8 * i)) & 0xFF);
    }
}

// rdbSaveRawString for a library's code (never an integer: it starts with "#!").
void putString(std::string& out, std::string_view s) {
    if (s.size() > 20) {
        std::string comp(s.size(), '\0');
        const unsigned got =
            lzf_compress(s.data(), static_cast<unsigned>(s.size()), comp.data(), static_cast<unsigned>(s.size() - 4));
        if (got > 0) {
            out += static_cast<char>(0xC3);
            putLen(out, got);
            putLen(out, s.size());
            out.append(comp.data(), got);
            return;
        }
    }
    putLen(out, s.size());
    out.append(s);
}

struct Reader {
    std::string_view data;
    size_t pos = 0;
    bool byte(uint8_t& b) {
        if (pos >= data.size()) return false;
        b = static_cast<uint8_t>(data[pos++]);
        return true;
    }
    // rdbLoadLen; `encoded` tells a special encoding (int / LZF) from a length.
    bool len(uint64_t& v, bool& encoded) {
        uint8_t b;
        encoded = false;
        if (!byte(b)) return false;
        const int type = b >> 6;
        if (type == 3) {
            encoded = true;
            v = b & 0x3F;
            return true;
        }
        if (type == 0) {
            v = b & 0x3F;
            return true;
        }
        if (type == 1) {
            uint8_t b2;
            if (!byte(b2)) return false;
            v = (uint64_t(b & 0x3F) << 8) | b2;
            return true;
        }
        int n = b == 0x80 ? 4 : b == 0x81 ? 8 : 0;
        if (!n) return false;
        v = 0;
        for (int i = 0; i < n; ++i) {
            uint8_t x;
            if (!byte(x)) return false;
            v = (v << 8) | x;
        }
        return true;
    }
    bool string(std::string& out) {
        uint64_t n;
        bool enc;
        if (!len(n, enc)) return false;
        if (!enc) {
            if (n > data.size() - pos) return false;
            out.assign(data.substr(pos, n));
            pos += n;
            return true;
        }
        if (n <= 2) {  // 8, 16 or 32-bit integer, little-endian
            const int bytes = 1 << n;
            int64_t v = 0;
            for (int i = 0; i < bytes; ++i) {
                uint8_t x;
                if (!byte(x)) return false;
                v |= int64_t(x) << (8 * i);
            }
            if (bytes == 1) v = int8_t(v);
            if (bytes == 2) v = int16_t(v);
            if (bytes == 4) v = int32_t(v);
            out = std::to_string(v);
            return true;
        }
        if (n != 3) return false;
        uint64_t clen, ulen;
        bool e1, e2;
        if (!len(clen, e1) || !len(ulen, e2) || e1 || e2) return false;
        if (clen > data.size() - pos || ulen > (64u << 20)) return false;
        out.assign(ulen, '\0');
        const unsigned got =
            lzf_decompress(data.data() + pos, static_cast<unsigned>(clen), out.data(), static_cast<unsigned>(ulen));
        if (got != ulen) return false;
        pos += clen;
        return true;
    }
};

}  // namespace

void Scripting::openFunctionState() {
    F_ = lua::newSandboxedState(this, false);
    lua_State* L = F_;
    lua_getfield(L, LUA_REGISTRYINDEX, lua::kRealGlobals);
    lua_setfield(L, LUA_REGISTRYINDEX, kRunApiKey);
    // The load-time globals: only a small, strict `redis` table.
    lua_newtable(L);  // load globals
    lua_newtable(L);  // load redis
    lua_pushcfunction(L, registerFunction);
    lua_setfield(L, -2, "register_function");
    lua_getfield(L, LUA_REGISTRYINDEX, kRunApiKey);
    lua_getfield(L, -1, "redis");  // the run-time redis proxy: copy what load time keeps
    for (const char* k :
         {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
        lua_getfield(L, -1, k);
        lua_setfield(L, -4, k);
    }
    lua_pop(L, 2);
    pushStrict(L, -1);
    lua_setfield(L, -3, "redis");
    lua_pop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, kLoadApiKey);
}

bool Scripting::createLibrary(const std::string& code, bool replace_ok, std::string& name, std::string& err) {
    // The metadata line: "#!<engine> name=<library>".
    if (code.compare(0, 2, "#!") != 0) {
        err = "ERR Missing library metadata";
        return false;
    }
    const size_t nl = code.find('\n');
    if (nl == std::string::npos) {
        err = "ERR Invalid library metadata";
        return false;
    }
    std::vector<std::string> parts;
    {
        std::string_view line(code.data(), nl);
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && line[i] == ' ') ++i;
            size_t j = i;
            while (j < line.size() && line[j] != ' ') ++j;
            if (j > i) parts.emplace_back(line.substr(i, j - i));
            i = j;
        }
    }
    const std::string engine_name = parts.empty() ? std::string() : parts[0].substr(2);
    bool have_name = false;
    for (size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].compare(0, 5, "name=") == 0) {
            if (have_name) {
                err = "ERR Invalid metadata value, name argument was given multiple times";
                return false;
            }
            name = parts[i].substr(5);
            have_name = true;
        } else {
            err = "ERR Invalid metadata value given: " + parts[i];
            return false;
        }
    }
    if (!have_name) {
        err = "ERR Library name was not given";
        return false;
    }
    if (!equalsIgnoreCase(engine_name, "lua")) {
        err = "ERR Engine '" + engine_name + "' not found";
        return false;
    }
    if (!validName(name)) {
        err =
            "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one "
            "character long";
        return false;
    }
    if (libraries_.count(name) && !replace_ok) {
        err = "ERR Library '" + name + "' already exists";
        return false;
    }

    lua_State* L = F_;
    if (luaL_loadbuffer(L, code.data() + nl, code.size() - nl, "@user_function") != 0) {
        err = std::string("ERR Error compiling function: ") + lua_tostring(L, -1);
        lua_pop(L, 1);
        return false;
    }
    std::vector<LuaFunction> pending;
    pending_functions = &pending;
    load_start_us = engine_.clock().nowUs();
    load_instructions = 0;
    lua_getfield(L, LUA_REGISTRYINDEX, kLoadApiKey);
    lua_setfield(L, LUA_REGISTRYINDEX, lua::kRealGlobals);
    lua_sethook(L, loadHook, LUA_MASKCOUNT, hookStep());
    const int rc = lua_pcall(L, 0, 0, 0);
    lua_sethook(L, nullptr, 0, 0);
    lua_getfield(L, LUA_REGISTRYINDEX, kRunApiKey);
    lua_setfield(L, LUA_REGISTRYINDEX, lua::kRealGlobals);
    pending_functions = nullptr;
    auto drop_pending = [&] {
        for (const auto& f : pending) luaL_unref(L, LUA_REGISTRYINDEX, f.ref);
    };
    if (rc != 0) {
        // No error handler at load time: a string error gets "ERR ", a table its err.
        std::string msg;
        if (lua_istable(L, -1)) {
            lua_pushstring(L, "err");  // raw: no protected call around us here
            lua_rawget(L, -2);
            msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
            lua_pop(L, 1);
        } else {
            msg = std::string("ERR ") + (lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
        }
        lua_pop(L, 1);
        drop_pending();
        err = "ERR Error registering functions: " + msg;
        return false;
    }
    if (pending.empty()) {
        err = "ERR No functions registered";
        return false;
    }
    for (const auto& f : pending) {
        auto it = functions_.find(lowerCopy(f.name));
        if (it != functions_.end() && it->second.library != name) {
            err = "ERR Function " + f.name + " already exists";
            drop_pending();
            return false;
        }
    }
    removeLibrary(name);
    LuaLibrary lib{name, code, {}};
    for (auto& f : pending) {
        f.library = name;
        lib.functions.push_back(f.name);
        functions_.emplace(lowerCopy(f.name), std::move(f));
    }
    libraries_.emplace(name, std::move(lib));
    return true;
}

void Scripting::removeLibrary(const std::string& name) {
    auto it = libraries_.find(name);
    if (it == libraries_.end()) return;
    // The callbacks stay in the Lua registry (a few bytes each) until FUNCTION FLUSH
    // starts a fresh interpreter, so that a failed RESTORE can put the library back.
    for (const auto& fname : it->second.functions) functions_.erase(lowerCopy(fname));
    libraries_.erase(it);
}

void Scripting::functionLoad(CommandContext& ctx, const std::string& code, bool replace) {
    std::string name, err;
    if (!createLibrary(code, replace, name, err)) {
        ctx.reply.error(err);
        return;
    }
    ++engine_.dirty;
    ctx.reply.bulk(name);
}

bool Scripting::deleteLibrary(const std::string& name) {
    if (!libraries_.count(name)) return false;
    removeLibrary(name);
    return true;
}

void Scripting::flushFunctions() {
    // As Redis: a fresh interpreter for the (now empty) function engine.
    functions_.clear();
    libraries_.clear();
    if (F_) lua_close(F_);
    openFunctionState();
}

void Scripting::fcallCommand(CommandContext& ctx, bool ro) {
    auto it = functions_.find(lowerCopy(ctx.arg(1)));
    if (it == functions_.end()) {
        ctx.reply.error("ERR Function not found");
        return;
    }
    const auto parsed = parseInt64(ctx.arg(2));
    if (!parsed) {
        ctx.reply.error("ERR Bad number of keys provided");
        return;
    }
    const long long numkeys = *parsed;
    if (numkeys > static_cast<long long>(ctx.argc()) - 3) {
        ctx.reply.error("ERR Number of keys can't be greater than number of args");
        return;
    }
    if (numkeys < 0) {
        ctx.reply.error("ERR Number of keys can't be negative");
        return;
    }
    const LuaFunction f = it->second;  // a copy: the function may not outlive a FUNCTION call
    runFunction(ctx, F_, f.ref, f.flags, ro, false, f.name, static_cast<size_t>(numkeys));
}

std::string Scripting::dumpFunctions() const {
    std::string out;
    for (const auto& [name, lib] : libraries_) {
        out += static_cast<char>(kOpcodeFunction2);
        putString(out, lib.code);
    }
    out += static_cast<char>(kRdbVersion & 0xFF);
    out += static_cast<char>(kRdbVersion >> 8);
    const uint64_t crc = crc64(0, out.data(), out.size());
    for (int i = 0; i < 8; ++i) out += static_cast<char>((crc >> (8 * i)) & 0xFF);
    return out;
}

void Scripting::restoreFunctions(CommandContext& ctx, std::string_view payload, int policy) {
    // policy: 0 APPEND, 1 REPLACE, 2 FLUSH.
    const auto* p = reinterpret_cast<const uint8_t*>(payload.data());
    if (payload.size() < 10) {
        ctx.reply.error("ERR DUMP payload version or checksum are wrong");
        return;
    }
    const size_t body = payload.size() - 10;
    const uint16_t version = static_cast<uint16_t>(p[body] | (p[body + 1] << 8));
    uint64_t crc = 0;
    for (int i = 0; i < 8; ++i) crc |= uint64_t(p[body + 2 + i]) << (8 * i);
    if (version > kRdbVersion || crc64(0, p, body + 2) != crc) {
        ctx.reply.error("ERR DUMP payload version or checksum are wrong");
        return;
    }
    std::vector<std::string> codes;
    Reader r{payload.substr(0, body)};
    while (r.pos < body) {
        uint8_t type = 0;
        r.byte(type);  // r.pos < body: there is a byte
        if (type == kOpcodeFunctionPreGa) {
            ctx.reply.error("ERR Pre-GA function format not supported");
            return;
        }
        if (type != kOpcodeFunction2) {
            ctx.reply.error("ERR given type is not a function");
            return;
        }
        std::string code;
        if (!r.string(code)) {
            ctx.reply.error("ERR failed loading the given functions payload");
            return;
        }
        codes.push_back(std::move(code));
    }
    if (auto err = loadLibraries(codes, policy)) {
        ctx.reply.error(*err);
        return;
    }
    // Functions of replaced libraries are unreachable now; their callbacks stay in the
    // registry until the next FUNCTION FLUSH (a few bytes each).
    ++engine_.dirty;
    ctx.reply.ok();
}

std::optional<std::string> Scripting::loadLibraries(const std::vector<std::string>& codes, int policy) {
    // Build the new set aside, then swap it in: a failure leaves the old libraries.
    auto saved_libs = libraries_;
    auto saved_fns = functions_;
    auto rollback = [&] {
        libraries_ = std::move(saved_libs);
        functions_ = std::move(saved_fns);
    };
    if (policy == 2) {
        libraries_.clear();
        functions_.clear();
    }
    std::vector<std::string> seen;
    for (const auto& code : codes) {
        std::string name, err;
        // Within one payload a library may appear once; against the existing ones,
        // APPEND refuses a collision and REPLACE replaces.
        if (!createLibrary(code, policy != 0, name, err)) {
            rollback();
            // RESTORE words a collision without FUNCTION LOAD's quotes.
            if (policy == 0 && libraries_.count(name) && err == "ERR Library '" + name + "' already exists")
                err = "ERR Library " + name + " already exists";
            return err;
        }
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            rollback();
            return "ERR Library " + name + " already exists";
        }
        seen.push_back(name);
    }
    return std::nullopt;
}

}  // namespace redsim
