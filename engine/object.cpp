#include "engine/object.h"

#include <type_traits>

namespace redsim {

std::string_view typeName(ObjType t) {
    switch (t) {
        case ObjType::String:
            return "string";
        case ObjType::List:
            return "list";
        case ObjType::Set:
            return "set";
        case ObjType::ZSet:
            return "zset";
        case ObjType::Hash:
            return "hash";
        case ObjType::Stream:
            return "stream";
    }
    return "unknown";
}

std::string_view encodingName(Encoding e) {
    switch (e) {
        case Encoding::Raw:
            return "raw";
        case Encoding::Int:
            return "int";
        case Encoding::HashTable:
            return "hashtable";
        case Encoding::IntSet:
            return "intset";
        case Encoding::SkipList:
            return "skiplist";
        case Encoding::EmbStr:
            return "embstr";
        case Encoding::QuickList:
            return "quicklist";
        case Encoding::Stream:
            return "stream";
        case Encoding::ListPack:
            return "listpack";
    }
    return "unknown";
}

std::string Object::stringValue() const {
    if (encoding_ == Encoding::Int) return std::to_string(intValue());
    return std::get<std::string>(value_);
}

size_t Object::stringLength() const {
    if (encoding_ == Encoding::Int) return std::to_string(intValue()).size();
    return std::get<std::string>(value_).size();
}

Object Object::list(Quicklist ql) {
    return Object(ObjType::List, Encoding::QuickList, std::make_unique<Quicklist>(std::move(ql)));
}
Object Object::hashListpack(Listpack lp) {
    return Object(ObjType::Hash, Encoding::ListPack, std::make_unique<Listpack>(std::move(lp)));
}
Object Object::hashTable(HashDict d) {
    return Object(ObjType::Hash, Encoding::HashTable, std::make_unique<HashDict>(std::move(d)));
}
Object Object::setIntset(Intset is) {
    return Object(ObjType::Set, Encoding::IntSet, std::make_unique<Intset>(std::move(is)));
}
Object Object::setTable(SetDict d) {
    return Object(ObjType::Set, Encoding::HashTable, std::make_unique<SetDict>(std::move(d)));
}
Object Object::zsetListpack(Listpack lp) {
    return Object(ObjType::ZSet, Encoding::ListPack, std::make_unique<Listpack>(std::move(lp)));
}
Object Object::zsetSkiplist(std::unique_ptr<ZSetIndex> z) { return Object(ObjType::ZSet, Encoding::SkipList, std::move(z)); }

Object Object::duplicate(Rng& rng, uint64_t hash_seed) const {
    Object copy = std::visit(
        [&](const auto& v) -> Object {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, long long>) {
                return Object(type_, encoding_, v);
            } else if constexpr (std::is_same_v<T, std::unique_ptr<Quicklist>>) {
                return Object(type_, encoding_, std::make_unique<Quicklist>(v->clone()));
            } else if constexpr (std::is_same_v<T, std::unique_ptr<Listpack>> ||
                                 std::is_same_v<T, std::unique_ptr<Intset>> ||
                                 std::is_same_v<T, std::unique_ptr<Stream>>) {
                return Object(type_, encoding_, std::make_unique<typename T::element_type>(*v));
            } else if constexpr (std::is_same_v<T, std::unique_ptr<ZSetIndex>>) {
                auto z = std::make_unique<ZSetIndex>(hash_seed, rng);
                z->dict.expand(v->dict.size());
                for (const Skiplist::Node& n : v->zsl) {
                    z->zsl.insert(n.member(), n.score());
                    z->dict.insert(n.member(), n.score());
                }
                return Object(type_, encoding_, std::move(z));
            } else {
                auto d = std::make_unique<typename T::element_type>(hash_seed);
                d->expand(v->size());
                v->forEach([&](const auto& e) { d->insert(e.key, e.value); });
                return Object(type_, encoding_, std::move(d));
            }
        },
        value_);
    copy.lru_ = lru_;
    return copy;
}

}  // namespace redsim
