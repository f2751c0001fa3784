// The list type over the quicklist: see list.h for the rules.
#include "engine/types/list.h"

#include "engine/engine.h"

namespace redsim {

Object createListObject(const Engine& engine, ListSettings settings) {
    if (settings == ListSettings::RedisDefaults) return Object::list(Quicklist(Quicklist::kDefaultFill, 0));
    // Both settings are range-checked by CONFIG SET (int range); the quicklist clamps
    // them further (fill to -5..32767, depth to 0..65535) as quicklistSetOptions does.
    const ConfigValues& cfg = engine.cfg();
    return Object::list(
        Quicklist(static_cast<int>(cfg.list_max_listpack_size), static_cast<int>(cfg.list_compress_depth)));
}

Object listFromElements(const Engine& engine, std::span<const std::string> elements, ListSettings settings) {
    Object o = createListObject(engine, settings);
    Quicklist& ql = o.quicklist();
    for (const std::string& e : elements) ql.pushTail(e);
    return o;
}

size_t listLength(const Object& o) { return o.quicklist().size(); }

void listPush(Object& o, std::string_view value, ListEnd where) {
    if (where == ListEnd::Head)
        o.quicklist().pushHead(value);
    else
        o.quicklist().pushTail(value);
}

std::optional<std::string> listPop(Object& o, ListEnd where) {
    return where == ListEnd::Head ? o.quicklist().popHead() : o.quicklist().popTail();
}

std::optional<std::string> listIndex(const Object& o, long long index) { return o.quicklist().index(index); }

std::vector<std::string> listRange(const Object& o, size_t start, size_t count) {
    return o.quicklist().range(start, count);
}

std::vector<std::string> listElements(const Object& o) { return o.quicklist().toVector(); }

}  // namespace redsim
