// Helpers shared by scripting.cpp (EVAL) and functions.cpp (FUNCTION/FCALL): the Lua
// state's sandbox, the redis.* API, and the conversions between RESP replies and Lua.
//
// Lua errors here use longjmp (Debian's plain lua5.1 library, as Redis uses). So a C
// function called from Lua never raises an error while a C++ object with a destructor
// is alive in its frame: each one does its C++ work inside an inner block, then raises
// (lua_error) after the block has ended.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/reply.h"
#include "engine/resp/reply.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

namespace redsim {

class Scripting;

namespace lua {

// Registry keys.
inline constexpr const char* kSelfKey = "redsim.scripting";       // Scripting* (light userdata)
inline constexpr const char* kRealGlobals = "redsim.globals";     // the real globals table
inline constexpr const char* kErrHandler = "redsim.errhandler";   // the error handler
inline constexpr const char* kProxyToReal = "redsim.proxy_real";  // read-only proxy → real table
inline constexpr const char* kRealToProxy = "redsim.real_proxy";  // real table → its proxy
inline constexpr const char* kPublicMeta = "redsim.public_meta";  // proxy → what getmetatable shows
// Field of an error table whose error was already counted in INFO errorstats.
inline constexpr const char* kIgnoreStats = "ignore_error_stats_update";

Scripting* self(lua_State* L);

// Builds the sandboxed interpreter: libraries, the redis table, read-only globals.
// With `fixed_globals` (EVAL's interpreter) the globals never change table, so reads of
// existing globals take Lua's fast table path; FUNCTION's interpreter swaps its globals
// between load time and run time, so its reads go through a lookup of the current table.
lua_State* newSandboxedState(Scripting* s, bool fixed_globals);
// Closes a state made by newSandboxedState (and frees its heap counter).
void closeState(lua_State* L);

// Pushes Redis's error table {err = "CODE message"} from "-CODE message" or "message"
// (luaPushErrorBuff's two forms).
void pushErrorTable(lua_State* L, std::string_view raw);

// Redis → Lua: pushes one parsed reply. `resp` is the protocol the script client used
// (a RESP2 null becomes false, a RESP3 null becomes nil).
void pushReply(lua_State* L, const resp::Reply& r, int resp);

// Lua → Redis: writes the value on top of the stack as a reply and pops it.
// `script_resp` is what the script set with redis.setresp (booleans depend on it).
// Error tables flagged kIgnoreStats add their error code to `uncounted` (if given): the
// caller takes them back out of the statistics the outer command will count.
void writeReply(lua_State* L, ReplyWriter& w, int script_resp, std::vector<std::string>* uncounted = nullptr);

// After a failed lua_pcall with our error handler: the reply text for the error on top
// of the stack ("ERR … script: <name>, on @user_script:1."), popping it. The text is
// what ReplyWriter::error takes (it adds the leading '-').
// `counted_already` is set when the error came from a command's reply.
std::string errorReplyText(lua_State* L, const std::string& name, bool* counted_already = nullptr);

// Makes `idx` (a table) read-only for scripts: returns (pushes) its proxy.
void pushReadonlyProxy(lua_State* L, int idx);

}  // namespace lua
}  // namespace redsim
