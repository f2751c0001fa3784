// Replies crossing between Redis and Lua (lua_glue.h): a reply a command gave becomes a
// Lua value for redis.call's caller, and what a script returns becomes a reply. Redis's
// own rules for each type (script_lua.c's luaReplyToRedisReply and redisProtocolToLuaType
// families), written here.
#include <cmath>
#include <cstdio>
#include <vector>

#include "engine/scripting/lua_glue.h"
#include "engine/scripting/scripting.h"

namespace redsim::lua {

void pushErrorTable(lua_State* L, std::string_view raw) {
    // Two input forms, as Redis's luaPushErrorBuff: "-CODE message" keeps its code,
    // a bare "message" gets "ERR". The stored form has no leading '-'.
    std::string code = "ERR";
    std::string msg;
    if (!raw.empty() && raw[0] == '-') {
        const size_t sp = raw.find(' ');
        if (sp == std::string_view::npos) {
            msg = std::string(raw.substr(1));
        } else {
            code = std::string(raw.substr(1, sp - 1));
            msg = std::string(raw.substr(sp + 1));
        }
    } else {
        msg = std::string(raw);
    }
    while (!msg.empty() && (msg.back() == '\r' || msg.back() == '\n')) msg.pop_back();
    size_t lead = 0;
    while (lead < msg.size() && (msg[lead] == '\r' || msg[lead] == '\n')) ++lead;
    const std::string final_msg = code + " " + msg.substr(lead);
    lua_newtable(L);
    lua_pushstring(L, "err");
    lua_pushlstring(L, final_msg.data(), final_msg.size());
    lua_settable(L, -3);
}

// ---- Redis → Lua ----------------------------------------------------------------
//   integer        number               bulk string      string
//   status         {ok = "…"}           error            {err = "CODE …"}
//   null (RESP2)   false                null (RESP3)     nil
//   array          array table          map (RESP3)      {map = {k = v…}}
//   set (RESP3)    {set = {m = true…}}  double (RESP3)   {double = n}
//   boolean        boolean              big number       {big_number = "…"}
//   verbatim       {verbatim_string = {format = "txt", string = "…"}}
void pushReply(lua_State* L, const resp::Reply& r, int resp) {
    using T = resp::Reply::Type;
    luaL_checkstack(L, 5, "lua stack limit reached when parsing redis.call reply");
    switch (r.type) {
        case T::Status:
            lua_newtable(L);
            lua_pushstring(L, "ok");
            lua_pushlstring(L, r.str.data(), r.str.size());
            lua_settable(L, -3);
            break;
        case T::Error:
            // The command already counted this error in INFO errorstats; the flag keeps
            // the script from counting it again if it returns or raises it (as Redis).
            pushErrorTable(L, "-" + r.str);
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, kIgnoreStats);
            break;
        case T::Integer:
            lua_pushnumber(L, static_cast<lua_Number>(r.integer));
            break;
        case T::Bulk:
            lua_pushlstring(L, r.str.data(), r.str.size());
            break;
        case T::Nil:
            if (resp == 2)
                lua_pushboolean(L, 0);
            else
                lua_pushnil(L);
            break;
        case T::Array:
        case T::Push:
            lua_newtable(L);
            for (size_t i = 0; i < r.elements.size(); ++i) {
                lua_pushnumber(L, static_cast<lua_Number>(i + 1));
                pushReply(L, r.elements[i], resp);
                lua_settable(L, -3);
            }
            break;
        case T::Map:
        case T::Attribute:
            lua_newtable(L);
            lua_pushstring(L, "map");
            lua_newtable(L);
            for (size_t i = 0; i + 1 < r.elements.size(); i += 2) {
                pushReply(L, r.elements[i], resp);
                pushReply(L, r.elements[i + 1], resp);
                lua_settable(L, -3);
            }
            lua_settable(L, -3);
            break;
        case T::Set:
            lua_newtable(L);
            lua_pushstring(L, "set");
            lua_newtable(L);
            for (const auto& e : r.elements) {
                pushReply(L, e, resp);
                lua_pushboolean(L, 1);
                lua_settable(L, -3);
            }
            lua_settable(L, -3);
            break;
        case T::Double:
            lua_newtable(L);
            lua_pushstring(L, "double");
            lua_pushnumber(L, std::strtod(r.str.c_str(), nullptr));
            lua_settable(L, -3);
            break;
        case T::Bool:
            lua_pushboolean(L, r.boolean ? 1 : 0);
            break;
        case T::BigNumber:
            lua_newtable(L);
            lua_pushstring(L, "big_number");
            lua_pushlstring(L, r.str.data(), r.str.size());
            lua_settable(L, -3);
            break;
        case T::Verbatim:
            lua_newtable(L);
            lua_pushstring(L, "verbatim_string");
            lua_newtable(L);
            lua_pushstring(L, "string");
            lua_pushlstring(L, r.str.data(), r.str.size());
            lua_settable(L, -3);
            lua_pushstring(L, "format");
            lua_pushlstring(L, r.vtype.data(), r.vtype.size());
            lua_settable(L, -3);
            lua_settable(L, -3);
            break;
    }
}

// ---- Lua → Redis ----------------------------------------------------------------
namespace {

std::string noNewlines(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c == '\r' || c == '\n') c = ' ';
    return out;
}

// (long long) of a Lua number as x86-64 converts it: out of range and NaN give
// LLONG_MIN, which is what Redis answers for `return 1/0`.
long long toLongLong(lua_Number d) {
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return LLONG_MIN;
    return static_cast<long long>(d);
}

// Pushes field `name` of the table on top without metamethods: these paths run outside
// any protected call, where an error raised by a script's __index would abort.
void pushRawField(lua_State* L, const char* name) {
    lua_pushstring(L, name);
    lua_rawget(L, -2);
}

// The string field `name` of the table on top, if it is a string.
bool rawStringField(lua_State* L, const char* name, std::string& out) {
    lua_pushstring(L, name);
    lua_rawget(L, -2);
    const bool ok = lua_type(L, -1) == LUA_TSTRING;
    if (ok) {
        size_t len = 0;
        const char* p = lua_tolstring(L, -1, &len);
        out.assign(p, len);
    }
    lua_pop(L, 1);
    return ok;
}

}  // namespace

void writeReply(lua_State* L, ReplyWriter& w, int script_resp, std::vector<std::string>* uncounted) {
    if (!lua_checkstack(L, 4)) {
        // A table that contains itself recurses until the stack is full, as in Redis.
        w.error("ERR reached lua stack limit");
        lua_pop(L, 1);
        return;
    }
    switch (lua_type(L, -1)) {
        case LUA_TSTRING: {
            size_t len = 0;
            const char* p = lua_tolstring(L, -1, &len);
            w.bulk(std::string_view(p, len));
            break;
        }
        case LUA_TBOOLEAN:
            if (script_resp == 2) {
                if (lua_toboolean(L, -1))
                    w.integer(1);
                else
                    w.null();
            } else {
                w.boolean(lua_toboolean(L, -1) != 0);
            }
            break;
        case LUA_TNUMBER:
            w.integer(toLongLong(lua_tonumber(L, -1)));
            break;
        case LUA_TTABLE: {
            // The special one-field tables first, in Redis's order: err, ok, double,
            // big_number, verbatim_string, map, set; anything else is an array that ends at
            // the first nil.
            std::string s;
            if (rawStringField(L, "err", s)) {
                w.error(s);
                pushRawField(L, kIgnoreStats);
                if (lua_toboolean(L, -1) && uncounted) uncounted->push_back(s.substr(0, s.find(' ')));
                lua_pop(L, 1);
                break;
            }
            if (rawStringField(L, "ok", s)) {
                w.status(noNewlines(s));
                break;
            }
            lua_pushstring(L, "double");
            lua_rawget(L, -2);
            if (lua_type(L, -1) == LUA_TNUMBER) {
                w.doubleValue(lua_tonumber(L, -1));
                lua_pop(L, 2);
                return;
            }
            lua_pop(L, 1);
            if (rawStringField(L, "big_number", s)) {
                w.bigNumber(noNewlines(s));
                break;
            }
            lua_pushstring(L, "verbatim_string");
            lua_rawget(L, -2);
            if (lua_type(L, -1) == LUA_TTABLE) {
                std::string format, text;
                if (rawStringField(L, "format", format) && rawStringField(L, "string", text)) {
                    format.resize(3, ' ');
                    w.verbatim(text, format);
                    lua_pop(L, 2);
                    return;
                }
            }
            lua_pop(L, 1);
            for (const char* kind : {"map", "set"}) {
                lua_pushstring(L, kind);
                lua_rawget(L, -2);
                if (lua_type(L, -1) != LUA_TTABLE) {
                    lua_pop(L, 1);
                    continue;
                }
                const bool is_map = kind[0] == 'm';
                size_t n = 0;
                lua_pushnil(L);
                while (lua_next(L, -2)) {
                    ++n;
                    lua_pop(L, 1);
                }
                if (is_map)
                    w.mapLen(n);
                else
                    w.setLen(n);
                lua_pushnil(L);
                while (lua_next(L, -2)) {
                    // stack: table, key, value
                    if (is_map) {
                        lua_pushvalue(L, -2);
                        writeReply(L, w, script_resp, uncounted);  // the key
                        writeReply(L, w, script_resp, uncounted);  // the value
                    } else {
                        lua_pop(L, 1);
                        lua_pushvalue(L, -1);
                        writeReply(L, w, script_resp, uncounted);
                    }
                }
                lua_pop(L, 2);
                return;
            }
            size_t n = 0;
            for (;;) {
                lua_rawgeti(L, -1, static_cast<int>(n + 1));
                const bool nil = lua_isnil(L, -1);
                lua_pop(L, 1);
                if (nil) break;
                ++n;
            }
            w.arrayLen(n);
            for (size_t i = 1; i <= n; ++i) {
                lua_rawgeti(L, -1, static_cast<int>(i));
                writeReply(L, w, script_resp, uncounted);
            }
            break;
        }
        default:  // nil, functions, userdata, threads
            w.null();
            break;
    }
    lua_pop(L, 1);
}

std::string errorReplyText(lua_State* L, const std::string& name, bool* counted_already) {
    std::string out;
    if (!lua_istable(L, -1)) {
        // Only a memory error from Lua itself gets here without our handler's table.
        const char* msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "execution failure";
        out = "ERR Error running script " + name + ", " + std::string(msg).substr(0, 100);
        lua_pop(L, 1);
        return out;
    }
    std::string msg, source, line;
    const bool has_msg = rawStringField(L, "err", msg);
    pushRawField(L, kIgnoreStats);
    if (counted_already) *counted_already = lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
    pushRawField(L, "source");
    if (lua_isstring(L, -1)) source = lua_tostring(L, -1);
    const bool has_source = lua_isstring(L, -1);
    lua_pop(L, 1);
    pushRawField(L, "line");
    if (lua_isstring(L, -1)) line = lua_tostring(L, -1);
    const bool has_line = lua_isstring(L, -1);
    lua_pop(L, 1);
    lua_pop(L, 1);
    // DIFFERS FROM REDIS: `error({})` (a table without err) crashes Redis 7.0.15; redsim
    // answers an error instead.
    if (!has_msg) msg = "ERR the script raised an error object without an 'err' field";
    out = msg;
    if (has_source && has_line) out += " script: " + name + ", on " + source + ":" + line + ".";
    return out;
}

}  // namespace redsim::lua
