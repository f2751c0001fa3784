// copyEngine: see engine/copy.h.
#include "engine/copy.h"

#include <cassert>
#include <string>
#include <utility>
#include <vector>

#include "engine/acl.h"
#include "engine/engine.h"
#include "engine/persist/rdb_load.h"
#include "engine/persist/rdb_save.h"
#include "engine/scripting/scripting.h"

namespace redsim {

namespace {

// The users, value for value. Both engines build their ACL command index from the same
// command table, so a selector's per-command bits mean the same commands in both: the
// users can be copied as they are, with nothing lost in a round trip through rules.
void copyUsers(Engine& src, Engine& dst) {
    acl::Acl& to = dst.acl();
    std::vector<std::string> extra;  // users the copy made at start (config `user` lines)
    for (const auto& [name, user] : to.users())
        if (!src.acl().find(name)) extra.push_back(name);
    for (const auto& name : extra) to.remove(name);
    for (const auto& [name, user] : src.acl().users()) {
        std::shared_ptr<acl::User> mine = to.find(name);
        if (!mine) mine = to.create(name);
        *mine = *user;  // "default" stays the same object: clients and Acl point at it
    }
}

}  // namespace

std::unique_ptr<Engine> copyEngine(Engine& src) {
    const bool virtual_clock = src.clock().isVirtual();
    auto copy = std::make_unique<Engine>(EngineOptions{
        .seed = src.rng().seed(),
        .virtual_clock = virtual_clock,
        .config = src.config(),
        .no_file_writes = true,
    });
    // The clock first: loading computes each key's LRU/LFU data and drops expired keys
    // against the copy's "now".
    if (virtual_clock) copy->setClock(std::make_unique<VirtualClock>(src.clock().nowUs()));

    // The keyspace and the function libraries, through an RDB image in memory. No
    // checksum: the bytes never leave this function.
    RdbSaveOptions opts;
    opts.checksum = false;
    opts.compression = false;
    opts.ctime_s = src.nowMs() / 1000;
    const std::string image = rdbSerialize(src, opts);
    // Our own writer's output always loads into an empty engine with the same config; a
    // failure here is a bug in one of the two.
    [[maybe_unused]] const auto err = rdbLoad(*copy, image, "copy of the engine");
    assert(!err && "copyEngine: the source's RDB image did not load");

    // The access data, as it is: the RDB carries an IDLE or FREQ field only under an LRU
    // or LFU maxmemory-policy (and IDLE in whole seconds), but OBJECT IDLETIME / FREQ
    // show it under any policy. Both engines read the same clock, so the raw 24-bit
    // field means the same in both.
    for (int i = 0; i < src.dbCount(); ++i) {
        Db& to = copy->db(i);
        src.db(i).keys().forEach([&](const auto& e) {
            if (Object* o = to.peek(e.key)) o->setLru(e.value.lru());
        });
    }

    copyUsers(src, *copy);
    // The EVAL cache: EVALSHA of a script the source knows works in the copy too.
    for (const std::string& body : src.scripting().scriptBodies()) (void)copy->scripting().cacheScript(body);

    // Same random sequence from here on: SRANDMEMBER in the copy answers what it would
    // have answered in the source.
    copy->rng() = src.rng();
    copy->dirty = src.dirty;
    copy->lastsave_s = src.lastsave_s;
    copy->stats().start_time_ms = src.stats().start_time_ms;
    return copy;
}

}  // namespace redsim
