// copyEngine: a second engine holding the same data as the first.
//
// Lessons evaluate ```check blocks against a copy of the learner's engine, so a check
// can run any read-only command (even one that would expire a key lazily or touch its
// LRU clock) without changing what the learner sees. The copy goes through the same
// path as DEBUG RELOAD: the source is serialized as an RDB image in memory and loaded
// into a fresh engine, so it is exactly what a restart from disk would hold.
//
// What the copy has: the source's config, clock reading (a virtual clock at the same
// instant, or a real clock), seed and RNG state, every database's keys with their TTLs,
// encodings and LRU/LFU data, the function libraries (the RDB carries them), the ACL
// users and the EVAL script cache. What it has not: clients, statistics, the ACL log,
// Pub/Sub and blocking state, a running BGSAVE or rewrite.
//
// The copy never writes files on its own: it does not open the AOF (even with
// appendonly yes) and its save points never fire (EngineOptions::no_file_writes).
// Commands that write files on request (SAVE, BGSAVE, BGREWRITEAOF, CONFIG REWRITE,
// ACL SAVE) still would: run only read-only commands on it.
#pragma once

#include <memory>

namespace redsim {

class Engine;

// Returns a new engine with `src`'s data, as described above. `src` is read, not
// changed (serializing creates its Lua interpreter if it had none). A hashtable's
// fields come back in another bucket order (SCAN and HGETALL order may differ). Keys already past
// their deadline in `src` but not yet removed are not copied (the RDB loader drops
// them, as a restart would); a collection is loaded in the encoding the loader picks
// for its size under the config (a hash that grew to a hashtable and shrank back comes
// back as a listpack), as after DEBUG RELOAD.
std::unique_ptr<Engine> copyEngine(Engine& src);

}  // namespace redsim
